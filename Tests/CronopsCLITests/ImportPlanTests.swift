@testable import CronopsCLI
import CronopsCore
import CronopsTestSupport
import Foundation
import Testing

/// After an import, `plan` adopts the checks the crontab already pinged by slug, and creates
/// the rest: never a second check for a job that had one.
@Suite struct ImportPlanTests {
    /// The `user-wrappers` corpus file imported in-process, with the monitor's slugs or without.
    static func importWrappers(checkSlugs: [String: String]?) throws -> ([ImportedFile], Diagnostics) {
        var d = Diagnostics()
        let text = try String(contentsOf: ImportCommandTests.fixtures.appendingPathComponent("user-wrappers/input"), encoding: .utf8)
        let document = CrontabReader.read(text, file: "input", format: .crontab, dialect: .debian, diagnostics: &d)
        let files = CrontabImporter.files([document], options: ImportOptions(host: "web-1", project: "acme-prod", dialect: .debian,
                                                                              format: .crontab, timezone: "UTC", checkSlugs: checkSlugs),
                                          reported: d, diagnostics: &d)
        return (files, d)
    }

    /// The imported repository compiled, pointed at the server instead of the local state file.
    static func spec(_ files: [ImportedFile], server: String) throws -> Spec {
        let project = files[0].text.replacingOccurrences(of: "  provider: local\n", with: "  provider: healthchecks\n  api_url: \(server)\n")
        var compiled = Diagnostics()
        return try #require(RepositoryCompiler.compile(project: SourceFile(path: "cronops.yaml", text: project),
                                                       jobFiles: files.dropFirst().map { SourceFile(path: $0.path, text: $0.text) },
                                                       diagnostics: &compiled), "\(compiled.all)")
    }

    @Test func planAdoptsTheChecksTheCrontabAlreadyPinged() async throws {
        try await HealthchecksDouble.with { double in
            await double.store.seed(name: "nightly-sync", slug: "nightly-sync", tags: "manual")
            let (files, _) = try Self.importWrappers(checkSlugs: nil)
            let (code, out) = await PlanTestKit.plan(try Self.spec(files, server: double.baseURL), .init())
            #expect(code == 0, "\(out.stderr)")
            #expect(out.stdout.contains("  + create  backup "), "the uuid check cannot be named: a new one\n\(out.stdout)")
            #expect(out.stdout.contains("  ~ adopt   nightly-sync   (not owned by cronops yet; the job says adopt: true)"), "\(out.stdout)")
            #expect(out.stdout.contains("Plan: 1 to create, 1 to update, 0 to delete, 0 unchanged."))
        }
    }

    /// With `--api-url`, a line that pings a check by its uuid adopts that check under its slug.
    @Test func aCheckPingedByUUIDIsAdoptedWhenTheMonitorNamesIt() async throws {
        try await HealthchecksDouble.with { double in
            let uuid = "0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b"  // what the user-wrappers crontab pings
            _ = await double.store.seed(name: "db-backup", slug: "db-backup", tags: "manual", uuid: uuid)
            await double.store.seed(name: "nightly-sync", slug: "nightly-sync", tags: "manual")
            let slugs = try await CheckSlugLookup.slugs(apiURL: double.baseURL, keyEnv: "HC_API_KEY",
                                                  environment: ["HC_API_KEY": HealthchecksDouble.readWriteKey],
                                                  transport: URLSessionTransport()).get()
            #expect(slugs[uuid] == "db-backup")
            let (files, d) = try Self.importWrappers(checkSlugs: slugs)
            #expect(!d.all.contains { $0.code == "W413" }, "the uuid was named: \(d.all.map(\.message))")
            let jobs = files.dropFirst().map(\.text).joined()
            #expect(jobs.contains("  # pinged Healthchecks check \(uuid) (slug db-backup) before import\n  db-backup:\n"), "\(jobs)")
            let (code, out) = await PlanTestKit.plan(try Self.spec(files, server: double.baseURL), .init())
            #expect(code == 0, "\(out.stderr)")
            #expect(out.stdout.contains("  ~ adopt   db-backup "), "\(out.stdout)")
            #expect(out.stdout.contains("Plan: 0 to create, 2 to update, 0 to delete, 0 unchanged."), "\(out.stdout)")
        }
    }

    @Test func theLookupNeedsAReadWriteKeyAndSaysWhatIsWrong() async throws {
        try await HealthchecksDouble.with { double in
            let missing = await CheckSlugLookup.slugs(apiURL: double.baseURL, keyEnv: "HC_API_KEY", environment: [:], transport: URLSessionTransport())
            #expect(missing == .failure(.init(message: "the API key goes in $HC_API_KEY (or name another variable with --api-key-env)")))
            await double.store.seed(name: "x", slug: "x")
            let readOnly = await CheckSlugLookup.slugs(apiURL: double.baseURL, keyEnv: "RO", environment: ["RO": HealthchecksDouble.readOnlyKey],
                                                 transport: URLSessionTransport())
            #expect(readOnly == .failure(.init(message: "the key in $RO is read-only: Healthchecks hides the checks' uuids from it; use a read-write key")))
        }
        // A uuid the monitor does not have: the warning says so.
        var d = Diagnostics()
        let document = CrontabReader.read("0 1 * * * job.sh && curl -fsS https://hc-ping.com/11111111-2222-4333-8444-555555555555\n",
                                          file: "input", format: .crontab, dialect: .debian, diagnostics: &d)
        _ = CrontabImporter.files([document], options: ImportOptions(host: "web-1", project: "p", dialect: .debian, format: .crontab,
                                                                      timezone: "UTC", checkSlugs: [:]), reported: d, diagnostics: &d)
        #expect(d.all.first { $0.code == "W413" }?.message.contains("the monitor has no check with this uuid") == true, "\(d.all.map(\.message))")
    }

    @Test func importWithApiURLAdoptsThroughTheRealBinary() async throws {
        try await HealthchecksDouble.with { double in
            _ = await double.store.seed(name: "db-backup", slug: "db-backup", uuid: "0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b")
            let dir = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let input = ImportCommandTests.fixtures.appendingPathComponent("user-wrappers/input").path
            let out = dir.appendingPathComponent("repo").path
            let result = try await runCronops(["import", input, "--host", "web-1", "--out", out, "--api-url", double.baseURL],
                                              environment: ["HC_API_KEY": HealthchecksDouble.readWriteKey])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("W413"), "\(result.stderr)")
            let jobs = try String(contentsOfFile: out + "/jobs/input.yaml", encoding: .utf8)
            #expect(jobs.contains("  db-backup:\n") && jobs.contains("    adopt: true\n"), "\(jobs)")
            #expect(!result.stderr.contains(HealthchecksDouble.readWriteKey))
            let bad = try await runCronops(["import", input, "--host", "web-1", "--out", dir.appendingPathComponent("other").path,
                                            "--api-url", double.baseURL], environment: ["HC_API_KEY": ""])
            #expect(bad.status == 1)
            #expect(bad.stderr.contains("--api-url: the API key goes in $HC_API_KEY"))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("other").path), "nothing written")
        }
    }
}
