import Foundation
import Testing

/// Golden files under `Fixtures/crontab/`; `CRONOPS_RECORD=1` rewrites them in the source tree.
enum CrontabGolden {
    static func sourceURL(_ name: String, file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures/crontab/\(name)")
    }

    static func expectMatches(_ actual: String, golden name: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["CRONOPS_RECORD"] == "1" {
            try Data(actual.utf8).write(to: sourceURL(name))
            return
        }
        guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil),
              let data = FileManager.default.contents(atPath: fixtures.appendingPathComponent("crontab/\(name)").path) else {
            Issue.record("golden file Fixtures/crontab/\(name) is missing; run with CRONOPS_RECORD=1 to create it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        #expect(actual == expected, "\(name) differs from its golden file (CRONOPS_RECORD=1 re-records):\n\(diff(expected, actual))",
                sourceLocation: sourceLocation)
    }

    /// The differing lines, numbered, `-` golden and `+` actual.
    static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? String(old[index]) : nil
            let b = index < new.count ? String(new[index]) : nil
            if a != b {
                if let a { out.append("\(index + 1)- \(a)") }
                if let b { out.append("\(index + 1)+ \(b)") }
            }
        }
        return out.joined(separator: "\n")
    }
}
