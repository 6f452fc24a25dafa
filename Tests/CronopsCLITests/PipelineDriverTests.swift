import CronopsCLI
import CronopsCore
import Foundation
import Testing

/// One pipeline driver (`RepositoryCompiler`) whatever the bytes come from, and commands that
/// return their status instead of ending the process.
@Suite struct PipelineDriverTests {
    /// A provider that answers from a table and records what it was asked to read.
    final class TableFiles: RepositoryFiles, Sendable {
        let root = "repo"
        let project: String
        let jobs: [RepositoryFileRef: Result<[UInt8], FileReadFailure>]
        /// Appended to by the compiler's workers, read by the test.
        private let readPaths = Locked<[String]>([])

        init(project: String, jobs: [RepositoryFileRef: Result<[UInt8], FileReadFailure>]) {
            self.project = project
            self.jobs = jobs
        }

        var reads: [String] { readPaths.withLock { $0.sorted() } }

        func projectFile(diagnostics: inout Diagnostics) -> RepositoryFileRef? { RepositoryFileRef(path: "repo/cronops.yaml") }

        func jobFiles(below directory: Located<String>, diagnostics: inout Diagnostics) -> [RepositoryFileRef] {
            jobs.keys.sorted { $0.path < $1.path }
        }

        func read(_ file: RepositoryFileRef, limit: Int) -> Result<[UInt8], FileReadFailure> {
            readPaths.withLock { $0.append(file.path) }
            if file.path == "repo/cronops.yaml" { return .success(Array(project.utf8)) }
            return jobs[file]!.map { Array($0.prefix(limit + 1)) }
        }
    }

    static let job = Array("jobs:\n  a:\n    command: x\n    schedule: '0 1 * * *'\n    hosts: []\n".utf8)

    @Test func theCompilerDecidesSizesAndTurnsReadFailuresIntoLocatedErrors() throws {
        let files = TableFiles(project: "version: 1\nproject: p\n", jobs: [
            RepositoryFileRef(path: "repo/jobs/a.yaml", size: Self.job.count): .success(Self.job),
            // Said to be large by the walk: refused without being read.
            RepositoryFileRef(path: "repo/jobs/big.yaml", size: 5000): .success([]),
            // Small by the walk, larger when read (it grew): caught by the read's limit.
            RepositoryFileRef(path: "repo/jobs/grew.yaml", size: 10): .success(Array(repeating: 0x20, count: 3000)),
            RepositoryFileRef(path: "repo/jobs/locked.yaml", size: 10): .failure(FileReadFailure("Permission denied")),
        ])
        let compiled = RepositoryCompiler.compile(files, maxFileBytes: 2048)
        #expect(compiled.spec == nil)
        #expect(compiled.jobFileCount == 4)
        let byFile = Dictionary(grouping: compiled.diagnostics.all, by: { $0.location?.file ?? "" })
        #expect(byFile["repo/jobs/big.yaml"]?.map(\.code) == ["E011"])
        #expect(byFile["repo/jobs/big.yaml"]?.first?.message.contains("5000 bytes") == true)
        #expect(byFile["repo/jobs/grew.yaml"]?.map(\.code) == ["E011"])
        #expect(byFile["repo/jobs/locked.yaml"]?.map(\.code) == ["E013"])
        #expect(byFile["repo/jobs/locked.yaml"]?.first?.message.contains("Permission denied") == true)
        #expect(byFile["repo/jobs/a.yaml"] == nil)
        #expect(files.reads == ["repo/cronops.yaml", "repo/jobs/a.yaml", "repo/jobs/grew.yaml", "repo/jobs/locked.yaml"])
    }

    @Test func diskAndMemoryGiveTheSameSpecForTheExample() throws {
        let root = TestPaths.repo("examples/acme").path
        let disk = RepositoryLoader().load(config: root)
        let diskSpec = try #require(disk.spec)
        let project = try #require(disk.sources.files.values.first { $0.path.hasSuffix("/cronops.yaml") })
        let jobs = disk.sources.files.values.filter { !$0.path.hasSuffix("/cronops.yaml") }.sorted { $0.path < $1.path }
        let memory = RepositoryCompiler.compile(InMemoryRepository(project: project, jobFiles: jobs, root: root))
        #expect(memory.diagnostics.all.isEmpty, "\(memory.diagnostics.all.map(\.message))")
        let memorySpec = try #require(memory.spec)
        #expect(memorySpec.jobs.map(\.name) == diskSpec.jobs.map(\.name))
        #expect(memorySpec.jobs.map(\.schedule) == diskSpec.jobs.map(\.schedule))
        #expect(memorySpec.hosts.map(\.name) == diskSpec.hosts.map(\.name))
        #expect(memorySpec.root == diskSpec.root)
    }

    @Test func validateRunsInProcessAndReturnsItsStatus() {
        let valid = CronopsMain.run(["validate", "--quiet", TestPaths.repo("examples/acme").path])
        #expect(valid.status == 0)
        let invalid = CronopsMain.run(["validate", "--quiet", "--format", "json", TestPaths.repo("examples/invalid/bad-durations").path])
        #expect(invalid.status == 1)
        let usage = CronopsMain.run(["validate", "--format", "yaml"])
        #expect(usage.status == 64, "a usage error is EX_USAGE, as ArgumentParser's own main says")
    }
}
