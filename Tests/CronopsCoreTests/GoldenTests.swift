import CronopsTestSupport
import Foundation
import Testing

/// The golden-file check every suite uses.
@Suite struct GoldenTests {
    @Test func diffNumbersTheLinesThatDiffer() {
        #expect(Golden.diff("a\nb\nc\n", "a\nB\nc\nd") == "-2: b\n+2: B\n-4: \n+4: d")
        #expect(Golden.diff("same\n", "same\n").isEmpty)
    }

    @Test func aMismatchAndAMissingFileAreIssues() throws {
        guard ProcessInfo.processInfo.environment["CRONOPS_RECORD"] != "1" else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("out.txt")
        try Data("one\ntwo\n".utf8).write(to: file)
        try Golden.check("one\ntwo\n", file: file)
        try withKnownIssue {
            try Golden.check("one\n2\n", file: file)
        } matching: { $0.description.contains("-2: two\n+2: 2") }
        try withKnownIssue {
            try Golden.check("x", file: dir.appendingPathComponent("absent.txt"))
        } matching: { $0.description.contains("CRONOPS_RECORD=1") }
    }

    @Test func fixturesAreBesideTheCallingTestFile() {
        #expect(Golden.fixture("crontab/x").path == URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/crontab/x")
    }
}
