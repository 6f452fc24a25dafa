import CronopsCore
import Testing

/// `InMemoryRepository` given bytes: what the job-file fuzz harness feeds the pipeline driver,
/// so bytes that are not UTF-8 reach the same decoding as a file read from disk.
@Suite struct InMemoryRepositoryTests {
    let project = SourceFile(path: "cronops.yaml", text: TestRepo.project)
    let job = "jobs:\n  nightly:\n    schedule: \"0 3 * * *\"\n    command: /usr/bin/true\n    hosts: [web-1]\n"

    @Test func bytesThatAreNotUTF8AreRefusedAtTheFirstBadByte() {
        var bytes = Array(job.utf8)
        bytes.insert(0xFF, at: bytes.firstIndex(of: UInt8(ascii: "/"))!)
        let compiled = RepositoryCompiler.compile(InMemoryRepository(project: project, jobFileBytes: [("jobs/a.yaml", bytes)]))
        #expect(compiled.spec == nil)
        #expect(compiled.jobFileCount == 1)
        let d = compiled.diagnostics.all.map { "\($0.code) \($0.location?.file ?? "-"):\($0.location?.line ?? 0):\($0.location?.column ?? 0)" }
        #expect(d == ["E004 jobs/a.yaml:4:14"])
    }

    @Test func aNulByteIsRefusedWhereItIs() {
        let compiled = RepositoryCompiler.compile(InMemoryRepository(project: project, jobFileBytes: [("jobs/a.yaml", Array("jobs:\n\0".utf8))]))
        #expect(compiled.spec == nil)
        #expect(compiled.diagnostics.all.map(\.code) == ["E005"])
        #expect(compiled.diagnostics.all.first?.location?.line == 2)
    }

    @Test func bytesAndTextGiveTheSameSpec() throws {
        let fromBytes = RepositoryCompiler.compile(InMemoryRepository(project: project, jobFileBytes: [("jobs/a.yaml", Array(job.utf8))]))
        let fromText = RepositoryCompiler.compile(InMemoryRepository(project: project, jobFiles: [SourceFile(path: "jobs/a.yaml", text: job)]))
        #expect(fromBytes.diagnostics.all.isEmpty, "\(fromBytes.diagnostics.all.map(\.message))")
        let a = try #require(fromBytes.spec), b = try #require(fromText.spec)
        #expect(a.jobs.map(\.name) == ["nightly"])
        #expect(a.jobs.map(\.name) == b.jobs.map(\.name))
        #expect(a.jobs.map(\.schedule) == b.jobs.map(\.schedule))
        #expect(fromBytes.sources["jobs/a.yaml"]?.text == job)
    }
}
