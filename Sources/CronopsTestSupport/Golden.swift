import Foundation
import Testing

/// The one golden-file check of the test suites. Golden files are read from (and recorded to)
/// the source tree, so that `CRONOPS_RECORD=1` re-records what is committed, on purpose and
/// never silently; a mismatch is an issue at the caller with a numbered line diff.
public enum Golden {
    /// Compares `actual` with the committed file at `url`, or rewrites it when `CRONOPS_RECORD=1`.
    public static func check(_ actual: String, file url: URL,
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["CRONOPS_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("no golden file at \(url.path); run the tests with CRONOPS_RECORD=1 to create it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            Issue.record("output differs from \(url.path) (re-record with CRONOPS_RECORD=1 if intended):\n\(diff(expected, actual))",
                         sourceLocation: sourceLocation)
        }
    }

    /// `Fixtures/<relative>` in the directory of the calling test file.
    public static func fixture(_ relative: String, besides testFile: String = #filePath) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(relative)
    }

    /// The differing lines, numbered: `-N:` golden, `+N:` actual (the first 60).
    public static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? String(old[index]) : nil
            let b = index < new.count ? String(new[index]) : nil
            if a != b {
                if let a { out.append("-\(index + 1): \(a)") }
                if let b { out.append("+\(index + 1): \(b)") }
            }
        }
        return out.prefix(60).joined(separator: "\n")
    }
}
