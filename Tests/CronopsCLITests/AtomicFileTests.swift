import CronopsFiles
import Foundation
import Testing

/// The one writer every file cronops writes goes through.
@Suite struct AtomicFileTests {
    func leftovers(in dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".cronops-") }
    }

    @Test func writesTheWholeFileWithItsModeAndLeavesNoTemporaryFile() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("frag").path
        try AtomicFile.write("old\n", to: path)
        let big = String(repeating: "0123456789abcdef", count: 100_000)
        let previous = umask(0o077)
        defer { umask(previous) }
        try AtomicFile.write(big, to: path, mode: 0o644)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == big)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o644, "the mode is set explicitly, whatever the umask")
        #expect(try leftovers(in: dir).isEmpty)
    }

    @Test func aFailedWriteKeepsTheOldFileAndLeavesNothingBehind() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The target is a non-empty directory: rename(2) over it fails after the temp file is written.
        let target = dir.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("inner"), withIntermediateDirectories: true)
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write("new\n", to: target.path) }
        #expect(try leftovers(in: dir).isEmpty)
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("inner").path))
    }

    @Test func aMissingDirectoryIsAnErrorUnlessAskedToCreateIt() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a/b/state.json").path
        do {
            try AtomicFile.write("{}\n", to: path)
            Issue.record("wrote into a directory that does not exist")
        } catch {
            #expect(error.path == path)
            #expect(error.description.contains("No such file or directory"))
        }
        try AtomicFile.write("{}\n", to: path, createDirectories: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
        let file = dir.appendingPathComponent("plain")
        try "x".write(to: file, atomically: false, encoding: .utf8)
        #expect(throws: AtomicFile.Failure.self) {
            try AtomicFile.write("y", to: file.appendingPathComponent("sub/f").path, createDirectories: true)
        }
    }

    @Test func concurrentWritersNeverShareATemporaryFile() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.json").path
        let texts = (0..<16).map { String(repeating: Character(UnicodeScalar(UInt8(65 + $0))), count: 50_000) }
        await withTaskGroup(of: Void.self) { group in
            for text in texts { group.addTask { try? AtomicFile.write(text, to: path) } }
        }
        let final = try String(contentsOfFile: path, encoding: .utf8)
        #expect(texts.contains(final), "one writer's whole text, never a mix")
        #expect(try leftovers(in: dir).isEmpty)
    }
}
