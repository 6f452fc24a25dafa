import Foundation
import Testing

/// Keeps the concurrency bar after merges: `Locked` is the one lock type of the project, and
/// every promise of thread safety the compiler cannot check carries a comment that proves it.
/// (Branches merged with their own NSLock boxes once; this is what catches the next one.)
@Suite struct ConcurrencyLintTests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every Swift file below Sources/ and Tests/ except this one (it names what it looks for),
    /// as (path relative to the repository, lines).
    static func swiftFiles() throws -> [(path: String, lines: [Substring])] {
        var files: [(path: String, lines: [Substring])] = []
        for top in ["Sources", "Tests"] {
            let root = repoRoot.appendingPathComponent(top)
            let paths = try #require(FileManager.default.subpaths(atPath: root.path))
            for relative in paths.sorted() where relative.hasSuffix(".swift") {
                let url = root.appendingPathComponent(relative)
                if url.standardizedFileURL.path == URL(fileURLWithPath: #filePath).standardizedFileURL.path { continue }
                let text = try String(contentsOf: url, encoding: .utf8)
                files.append(("\(top)/\(relative)", text.split(separator: "\n", omittingEmptySubsequences: false)))
            }
        }
        return files
    }

    /// The code part of a line, without a `//` comment (good enough: no string here holds one).
    static func code(_ line: Substring) -> Substring {
        guard let range = line.range(of: "//") else { return line }
        return line[..<range.lowerBound]
    }

    @Test func locksAreTakenOnlyThroughLocked() throws {
        let otherLocks = ["NSLock", "NSRecursiveLock", "NSCondition", "os_unfair_lock", "pthread_mutex_", "pthread_rwlock_",
                          "pthread_spin_"]
        let files = try Self.swiftFiles()
        #expect(files.count > 100, "found only \(files.count) Swift files below \(Self.repoRoot.path)")
        var found: [String] = []
        for file in files where file.path != "Sources/CronopsCore/Concurrency/Locked.swift" {
            for (index, line) in file.lines.enumerated() {
                let code = Self.code(line)
                for name in otherLocks where code.contains(name) {
                    found.append("\(file.path):\(index + 1): \(name)")
                }
            }
        }
        #expect(found.isEmpty, "use Locked<Value> (Sources/CronopsCore/Concurrency/Locked.swift) instead:\n\(found.joined(separator: "\n"))")
    }

    /// `@unchecked Sendable` and `nonisolated(unsafe)` switch the compiler's check off; the
    /// comment beside them (up to 8 lines above, or the 4 lines below, inside the type) must
    /// say why it is safe ("safe" as a word: "unsafe" proves nothing).
    @Test func everyUncheckedSendableSaysWhyItIsSafe() throws {
        var unexplained: [String] = []
        for file in try Self.swiftFiles() {
            for (index, line) in file.lines.enumerated() {
                let code = Self.code(line)
                guard code.contains("@unchecked Sendable") || code.contains("nonisolated(unsafe)") else { continue }
                let window = file.lines[max(0, index - 8)..<min(file.lines.count, index + 5)]
                let explained = window.contains { line in
                    guard let comment = line.range(of: "//") else { return false }
                    return line[comment.upperBound...].lowercased().contains(#/\bsafe\b/#)
                }
                if !explained { unexplained.append("\(file.path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))") }
            }
        }
        #expect(unexplained.isEmpty, "say in a comment why this is safe:\n\(unexplained.joined(separator: "\n"))")
    }
}
