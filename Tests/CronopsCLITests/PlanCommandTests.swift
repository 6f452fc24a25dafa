@testable import CronopsCLI
import CronopsCore
import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

@Suite struct PlanCommandTests {
    typealias K = PlanTestKit
    typealias F = HealthchecksFixtureSpec

    @Test func detailedExitCodeIsTwoWithChangesAndZeroWithout() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: K.jobs(), apiURL: double.baseURL)
            let (pending, out) = await K.plan(spec, .init(detailedExitCode: true))
            #expect(pending == 2)
            #expect(out.stdout.contains("Plan: 3 to create, 0 to update, 0 to delete, 0 unchanged."))
            let (plain, _) = await K.plan(spec, .init())
            #expect(plain == 0)
            #expect(await K.apply(spec).0 == 0)
            let (clean, after) = await K.plan(spec, .init(detailedExitCode: true))
            #expect(clean == 0)
            #expect(after.stdout == "No changes: 3 checks match the repository.\n")
        }
    }

    @Test func errorsExitOne() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: K.jobs(), apiURL: double.baseURL)
            let (missing, out) = await K.plan(spec, .init(detailedExitCode: true), key: nil)
            #expect(missing == 1)
            #expect(out.stderr.contains("HC_API_KEY") && out.stderr.contains("not set"))
            await double.store.seed(name: "taken", slug: "db-backup", tags: "manual")
            let (taken, out2) = await K.plan(spec, .init(detailedExitCode: true))
            #expect(taken == 1)
            #expect(out2.stderr.contains("error[E200]"))
            #expect(out2.stderr.contains("adopt: true"))
        }
        let refused = F.spec(jobs: K.jobs(), apiURL: try await HealthchecksDouble.refusedURL())
        let (code, out) = await K.plan(refused, .init())
        #expect(code == 1)
        #expect(out.stderr.contains("connection refused"))
    }

    /// Plan errors go through the renderer every command uses: the source line and caret,
    /// the fix-it, notes with their own locations.
    @Test func planDiagnosticsShowTheirSourceLineLikeValidate() async throws {
        try await HealthchecksDouble.with { double in
            await double.store.seed(name: "taken", slug: "db-backup", tags: "manual")
            var sources = SourceMap()
            sources.add(SourceFile(path: "repo/jobs/main.yaml", text: "jobs:\n  db-backup:\n    command: /bin/true\n"))
            let captured = CapturedIO()
            var io = captured.io(secret: nil)
            io.sources = sources
            let code = await PlanRunner.run(spec: F.spec(jobs: K.jobs(), apiURL: double.baseURL), options: .init(), context: K.context(), io: io)
            #expect(code == 1)
            #expect(captured.stderr == """
                repo/jobs/main.yaml:2:3: error[E200]: a check with slug 'db-backup' already exists on the monitor but cronops does not own it (no 'cronops:acme-prod' tag)
                   2 |   db-backup:
                     |   ^
                     = fix-it: adopt: true
                  repo/jobs/main.yaml:2:3: note: to take it over (keeping its id, history and ping URL), add 'adopt: true' to job 'db-backup'
                  note: otherwise rename the job, or delete or rename the existing check on the server
                error: the plan has 1 error(s); nothing can be applied until they are fixed

                """)
        }
    }

    /// A server's error message is shown, its control characters as escapes: it cannot clear
    /// the terminal or forge a line of output.
    @Test func aServerMessageCannotDriveTheTerminal() async {
        struct Hostile: HTTPTransport {
            func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
                HTTPResponseMessage(status: 400, body: Data(#"{"error": "no\u001b[2J\nApply: 3 of 3 changes done."}"#.utf8))
            }
        }
        var context = K.context()
        context.transport = Hostile()
        let captured = CapturedIO()
        let code = await PlanRunner.run(spec: F.spec(jobs: K.jobs()), options: .init(), context: context, io: captured.io(secret: nil))
        #expect(code == 1)
        #expect(captured.stderr == #"error: GET http://127.0.0.1:9/api/v3/checks/ was rejected: no\u{1b}[2J\nApply: 3 of 3 changes done."# + "\n")
    }

    @Test func outWritesThePlanWithFingerprintAndFormatsRender() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: K.jobs(), apiURL: double.baseURL)
            let path = K.temporaryFile("plan.json")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let (code, out) = await K.plan(spec, .init(format: .markdown, out: path))
            #expect(code == 0)
            #expect(out.stdout.hasPrefix("### cronops plan for `acme-prod`"))
            #expect(out.stdout.contains("<details>"))
            let saved = try PlanCodec.decode(Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(saved.summary.create == 3)
            #expect(saved.fingerprint.hasPrefix("sha256:"))
            let (_, json) = await K.plan(spec, .init(format: .json))
            #expect(try PlanCodec.decode(Data(json.stdout.utf8)) == saved)
        }
    }

    @Test func colourOnlyWhenTheTerminalWantsIt() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: K.jobs(), apiURL: double.baseURL)
            let captured = CapturedIO()
            let context = K.context()
            _ = await PlanRunner.run(spec: spec, options: .init(), context: context, io: captured.io(color: true, secret: nil))
            #expect(captured.stdout.contains("\u{1b}[32m"))
            let (_, plain) = await K.plan(spec, .init())
            #expect(!plain.stdout.contains("\u{1b}["))
        }
    }

    @Test func readOnlyKeyPlansAndSays() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: K.jobs(), apiURL: double.baseURL)
            let (code, out) = await K.plan(spec, .init(detailedExitCode: true), key: HealthchecksDouble.readOnlyKey)
            #expect(code == 2)
            #expect(out.stdout.contains("the API key is read-only"))
        }
    }

    @Test func theAcmeExamplePlansAndAppliesWithTheLocalProvider() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let repo = dir.appendingPathComponent("acme")
        try FileManager.default.copyItem(at: TestPaths.repo("examples/acme"), to: repo)
        try? FileManager.default.removeItem(at: repo.appendingPathComponent(".cronops"))
        let first = try await runCronops(["plan", "--detailed-exitcode", "--config", repo.path])
        #expect(first.status == 2, "\(first.stderr)")
        #expect(first.stdout.contains("+ create  invoice-processor"))
        let apply = try await runCronops(["apply", "--config", repo.path])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.hasPrefix("Apply: "))
        #expect(FileManager.default.fileExists(atPath: repo.appendingPathComponent(".cronops/state.json").path))
        let again = try await runCronops(["plan", "--detailed-exitcode", "--config", repo.path])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.hasPrefix("No changes"))
    }
}
