import CronopsCLI
import CronopsCore
import Foundation
import Testing

@Suite struct RepositoryLoaderTests {
    @Test func acmeExampleIsValidWithoutAnyDiagnostic() throws {
        let loaded = RepositoryLoader().load(config: TestPaths.repo("examples/acme").path)
        #expect(loaded.diagnostics.all.isEmpty, "\(loaded.diagnostics.all.map(\.message))")
        let spec = try #require(loaded.spec)
        #expect(spec.project == "acme-prod")
        #expect(spec.jobs.map(\.name) == ["cache-warm", "crm-sync", "db-backup", "demo-invoices", "demo-invoices-tls-broken",
                                           "invoice-processor", "search-reindex", "tmp-cleanup",
                                           "usage-digest", "weekly-report"])
        #expect(spec.hosts.map(\.name) == ["app-1", "billing-1", "prod-cluster", "reports-1"])
        #expect(spec.host(named: "reports-1")?.kind == .systemd)
        let cluster = try #require(spec.host(named: "prod-cluster"))
        #expect(cluster.kind == .kubernetes && cluster.kubernetes.namespace == "batch")
        #expect(cluster.kubernetes.pingKeySecret == .init(name: "cronops-acme-prod", key: "ping-key"))
        #expect(spec.job(named: "cache-warm")?.image == "registry.example.com/acme/storefront-tools:4.2")
        #expect(spec.routes.map(\.name) == ["billing", "ops"])
        #expect(spec.monitor.provider == .local)
        let invoices = try #require(spec.job(named: "invoice-processor"))
        #expect(invoices.validate.stdoutJSON.map(\.source) == ["failed == 0", "sent == generated", "generated >= 1"])
        #expect(invoices.location.file.hasSuffix("examples/acme/jobs/billing/invoices.yaml"))
        #expect(Lints.run(spec).all.isEmpty, "acme must pass the lints too")
    }

    @Test func jobFilesAreFoundRecursivelyInAFixedOrder() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "version: 1\nproject: p\njobs: [jobs, more]\n".write(to: dir.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
        for (path, name) in [("jobs/b.yml", "b"), ("jobs/a/z.yaml", "z"), ("jobs/A.yaml", "upper"), ("more/m.yaml", "m"),
                             ("jobs/.hidden/h.yaml", "hidden"), ("jobs/notes.txt", "txt")] {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "jobs:\n  \(name):\n    command: x\n    schedule: '* * * * *'\n    hosts: []\n".write(to: url, atomically: true, encoding: .utf8)
        }
        let loaded = RepositoryLoader().load(config: dir.path)
        #expect(loaded.diagnostics.all.isEmpty)
        #expect(loaded.jobFileCount == 4)
        let files = loaded.sources.files.keys.filter { !$0.hasSuffix("cronops.yaml") }.map { $0.replacingOccurrences(of: dir.path + "/", with: "") }.sorted()
        #expect(files == ["jobs/A.yaml", "jobs/a/z.yaml", "jobs/b.yml", "more/m.yaml"])
        #expect(loaded.spec?.jobs.map(\.name) == ["b", "m", "upper", "z"])
    }

    @Test func aHundredMegabyteFileIsRefusedWithoutReadingIt() throws {
        let dir = try makeRepo()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("jobs/huge.yaml")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 100 * 1024 * 1024)
        try handle.close()
        let loaded = RepositoryLoader().load(config: dir.path)
        let d = try #require(loaded.diagnostics.all.first { $0.code == "E011" })
        #expect(d.message.contains("104857600 bytes"))
        #expect(d.message.contains("8 MiB"))
        #expect(d.location?.file.hasSuffix("jobs/huge.yaml") == true)
        #expect(loaded.spec == nil)
    }

    @Test func aFifoNamedLikeAJobFileIsReportedNotRead() throws {
        let dir = try makeRepo()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.appendingPathComponent("jobs/pipe.yaml").path, 0o644) == 0)
        let loaded = RepositoryLoader().load(config: dir.path)
        #expect(loaded.diagnostics.all.map(\.code) == ["E013"])
        #expect(loaded.diagnostics.all.first?.message.contains("not a regular file") == true)
    }

    @Test func brokenSymlinkIsUnreadable() throws {
        let dir = try makeRepo()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("jobs/gone.yaml").path, withDestinationPath: "nowhere.yaml")
        let loaded = RepositoryLoader().load(config: dir.path)
        #expect(loaded.diagnostics.all.map(\.code) == ["E013"])
        #expect(loaded.diagnostics.all.first?.message.contains("broken symbolic link") == true)
    }

    @Test func symlinkLoopIsReportedOnce() throws {
        let dir = try makeRepo()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("jobs/again").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("jobs/self").path, withDestinationPath: "self")
        let loaded = RepositoryLoader().load(config: dir.path)
        #expect(loaded.diagnostics.all.map(\.code).sorted() == ["E014", "E014"])
    }

    /// A root user reads chmod-000 files, so the permission error comes from an injected disk.
    @Test func unreadableFileIsReportedWithTheSystemsReason() throws {
        let dir = try makeRepo()
        defer { try? FileManager.default.removeItem(at: dir) }
        let locked = dir.appendingPathComponent("jobs/locked.yaml").path
        try "jobs: {}\n".write(toFile: locked, atomically: true, encoding: .utf8)
        let loader = RepositoryLoader(fileSystem: DenyingFileSystem(denied: locked))
        let loaded = loader.load(config: dir.path)
        #expect(loaded.diagnostics.all.map(\.code) == ["E013"])
        #expect(loaded.diagnostics.all.first?.message == "cannot read \(locked): Permission denied")
        #expect(loaded.spec == nil)
    }

    @Test func missingProjectFileSaysWhatToDo() {
        let loaded = RepositoryLoader().load(config: "/nonexistent/cronops")
        #expect(loaded.diagnostics.all.map(\.code) == ["E015"])
        #expect(loaded.diagnostics.all.first?.message.contains("--config") == true)
    }

    /// Files are read into a buffer of their stat size; one that holds more than stat says
    /// (a /proc file says 0) is read on in chunks, and reading stops once past the limit.
    @Test func filesAreReadWhole() throws {
        let dir = try makeRepo()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = LiveFileSystem()
        let path = dir.appendingPathComponent("cronops.yaml").path
        #expect(try live.read(path, limit: 1 << 20).get() == Array("version: 1\nproject: p\n".utf8))
        let status = try live.read("/proc/self/status", limit: 1 << 20).get()
        #expect(String(decoding: status, as: UTF8.self).hasPrefix("Name:"))
        #expect(status.count > 100)
        let big = dir.appendingPathComponent("big.yaml")
        try String(repeating: "x", count: 200_000).write(to: big, atomically: true, encoding: .utf8)
        #expect(try live.read(big.path, limit: 150_000).get().count == 150_001)
        #expect(try live.read("/proc/self/status", limit: 10).get().count > 10)
    }

    func makeRepo() throws -> URL {
        let dir = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try "version: 1\nproject: p\n".write(to: dir.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
        try "jobs:\n  ok:\n    command: x\n    schedule: '* * * * *'\n    hosts: []\n".write(to: dir.appendingPathComponent("jobs/ok.yaml"), atomically: true, encoding: .utf8)
        return dir
    }
}

struct DenyingFileSystem: FileSystem {
    let live = LiveFileSystem()
    let denied: String
    func kind(of path: String) -> Result<FileKind, FileSystemError> { live.kind(of: path) }
    func isSymbolicLink(_ path: String) -> Bool { live.isSymbolicLink(path) }
    func entries(of directory: String) -> Result<[String], FileSystemError> { live.entries(of: directory) }
    func read(_ path: String, limit: Int) -> Result<[UInt8], FileSystemError> {
        path == denied ? .failure(FileSystemError("Permission denied")) : live.read(path, limit: limit)
    }
}
