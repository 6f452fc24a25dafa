@testable import CronopsFiles
import Foundation
import Testing

/// The one reader of whole files and of file ends, and the one path joiner.
@Suite struct FileReaderTests {
    @Test func readsTheWholeFileOrOneByteOverTheLimit() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f").path
        try AtomicFile.write("0123456789", to: path)
        #expect(try FileReader.read(path, limit: 100).get() == Array("0123456789".utf8))
        #expect(try FileReader.read(path, limit: 10).get().count == 10)
        #expect(try FileReader.read(path, limit: 4).get().count == 5, "limit + 1 shows the file is larger")
    }

    @Test func failuresCarryTheSystemsReasonAndSayWhenTheFileIsMissing() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = FileReader.read(dir.appendingPathComponent("none").path, limit: 10)
        #expect(missing.failure == FileReader.Failure(reason: "No such file or directory", missing: true))
        let directory = FileReader.read(dir.path, limit: 10)
        #expect(directory.failure == FileReader.Failure(reason: "Is a directory", missing: false))
        #expect(FileReader.tail(dir.appendingPathComponent("none").path, maximum: 10).failure?.missing == true)
    }

    @Test func theTailStartsAtTheFirstWholeLineWithinTheLastBytes() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("log").path
        try AtomicFile.write("first line\nsecond\nthird\n", to: path)
        let whole = try FileReader.tail(path, maximum: 100).get()
        #expect(String(decoding: whole.bytes, as: UTF8.self) == "first line\nsecond\nthird\n")
        #expect(whole.skipped == 0)
        // The last 10 bytes are "ond\nthird\n": the cut line is dropped and counted as skipped.
        let end = try FileReader.tail(path, maximum: 10).get()
        #expect(String(decoding: end.bytes, as: UTF8.self) == "third\n")
        #expect(end.skipped == 18)
    }

    @Test(arguments: [("dir", "f", "dir/f"), ("dir/", "f", "dir/f"), ("dir//", "f", "dir/f"), ("/", "f", "/f"),
                      ("", "f", "f"), ("/a/b", "c.yaml", "/a/b/c.yaml"), ("//", "f", "/f")])
    func pathsJoinWithOneSlash(_ directory: String, _ name: String, _ joined: String) {
        #expect(PathJoining.join(directory, name) == joined)
        // What NSString's appendingPathComponent did, but for a run of slashes, which it kept.
        if !directory.hasSuffix("//") {
            #expect(PathJoining.join(directory, name) == (directory as NSString).appendingPathComponent(name))
        }
    }
}

private extension Result {
    var failure: Failure? {
        if case let .failure(failure) = self { return failure }
        return nil
    }
}
