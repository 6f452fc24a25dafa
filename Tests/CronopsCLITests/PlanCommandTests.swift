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
