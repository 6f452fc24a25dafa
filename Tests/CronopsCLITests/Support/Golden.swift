import Foundation
import Testing

/// Compares `actual` with a committed golden file. `CRONOPS_RECORD=1` rewrites the file
/// instead (on purpose, never silently); a mismatch shows a line diff.
func assertGolden(_ actual: String, file url: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    if ProcessInfo.processInfo.environment["CRONOPS_RECORD"] == "1" {
        try actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no golden file at \(url.path); run with CRONOPS_RECORD=1 to create it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        Issue.record("output differs from \(url.lastPathComponent):\n\(lineDiff(expected: expected, actual: actual))",
                     sourceLocation: sourceLocation)
    }
}

func lineDiff(expected: String, actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, a.count) {
        let l = i < e.count ? String(e[i]) : nil, r = i < a.count ? String(a[i]) : nil
        if l != r {
            if let l { out.append("- \(l)") }
            if let r { out.append("+ \(r)") }
        }
    }
    return out.prefix(40).joined(separator: "\n")
}
