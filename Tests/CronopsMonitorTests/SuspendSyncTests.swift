import CronopsCore
@testable import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// `suspend` on the monitor side: plan shows pause/resume, apply pauses with manual_resume and
/// resumes, apply-then-plan shows nothing, a read-only key plans them, a half-done apply
/// converges, and the local provider mirrors all of it.
@Suite struct SuspendSyncTests {
    typealias F = HealthchecksFixtureSpec

    static func spec(suspended: Bool, apiURL: String, provider: ProviderKind = .healthchecks, root: String = "repo") -> Spec {
        var backup = F.job("backup", grace: 600)
        if suspended { backup.suspension = Suspension(reason: "vendor API down") }
        return F.spec(jobs: [backup, F.job("report", schedule: "30 2 * * 1-5")], provider: provider, apiURL: apiURL, root: root)
    }

    func plan(_ spec: Spec, _ context: MonitorContext) async throws -> Plan {
        try await MonitorSync.plan(spec: spec, provider: try Kit.provider(spec, context), prune: false).plan
    }

    func apply(_ spec: Spec, _ context: MonitorContext) async throws -> MonitorSync.ApplyReport {
        try await MonitorSync.apply(spec: spec, savedPlan: nil, provider: try Kit.provider(spec, context), prune: false,
                                    readOnlyEnv: "HC_API_KEY", progress: { _ in })
    }

    @Test func suspendPausesResumeResumesAndPlanThenShowsNothing() async throws {
        try await HealthchecksDouble.with { double in
            let context = Kit.context()
            // A new suspended job: created with manual_resume, then paused by the uuid the create returned.
            let suspended = Self.spec(suspended: true, apiURL: double.baseURL)
            let first = try await plan(suspended, context)
            #expect(first.actions.map { "\($0.kind) \($0.slug)" } == ["create backup", "create report", "pause backup"])
            #expect(first.summary.sentence == "Plan: 2 to create, 0 to update, 1 to pause, 0 to delete, 0 unchanged.")
            let text = PlanRenderer.text(first, color: false)
            #expect(text.contains("~ pause   backup"), "\(text)")
            #expect(text.contains("(suspended: vendor API down; manual_resume keeps it paused)"), "\(text)")
            await double.store.clearLog()
            let report = try await apply(suspended, context)
            #expect(report.failed == 0 && report.succeeded == 3, "\(report.results)")
            let writes = await double.store.writeRequests
            #expect(writes.count == 3)
            #expect(writes.first { $0.body.contains(#""slug":"backup""#) }?.body.contains(#""manual_resume":true"#) == true)
            #expect(writes.last?.target.hasSuffix("/pause") == true)
            var stored = await double.store.checks
            #expect(stored.first { $0.slug == "backup" }?.status == "paused")
            #expect(stored.first { $0.slug == "backup" }?.manualResume == true)
            #expect(stored.first { $0.slug == "report" }?.status == "new")
            #expect(!(try await plan(suspended, context)).hasChanges)

            // Resumed: manual_resume goes back to false, then the check is resumed.
            let running = Self.spec(suspended: false, apiURL: double.baseURL)
            let back = try await plan(running, context)
            #expect(back.actions.map { "\($0.kind) \($0.slug)" } == ["update backup", "resume backup"])
            #expect(back.actions[0].changes.map(\.field) == ["manual_resume"])
            let resumed = try await apply(running, context)
            #expect(resumed.failed == 0 && resumed.succeeded == 2, "\(resumed.results)")
            stored = await double.store.checks
            #expect(stored.first { $0.slug == "backup" }?.status == "new")
            #expect(stored.first { $0.slug == "backup" }?.manualResume == false)
            #expect(!(try await plan(running, context)).hasChanges)
        }
    }

    @Test func aReadOnlyKeyPlansPauseAndResume() async throws {
        try await HealthchecksDouble.with { double in
            _ = try await apply(Self.spec(suspended: false, apiURL: double.baseURL), Kit.context())
            let readOnly = Kit.context(key: HealthchecksDouble.readOnlyKey)
            let planned = try await plan(Self.spec(suspended: true, apiURL: double.baseURL), readOnly)
            #expect(planned.readOnly)
            #expect(planned.actions.map { "\($0.kind) \($0.slug)" } == ["update backup", "pause backup"])
            #expect(planned.actions[1].checkID?.count == 40, "the unique_key a read-only key sees")
        }
    }

    @Test func anApplyStoppedBeforeThePauseConvergesOnTheNextRun() async throws {
        let double = try await HealthchecksDouble.start()
        let store = double.store
        let context = Kit.context(attempts: 1)
        let suspended = Self.spec(suspended: true, apiURL: double.baseURL)
        // The server goes away after the two creates: the pause is never made.
        await double.goDown(.refuse, afterWrites: 2)
        let report = try await apply(suspended, context)
        #expect(report.succeeded == 2)
        #expect(report.results.contains { $0.action.kind == .pause && $0.error != nil } || report.notAttempted.contains { $0.kind == .pause })
        #expect(await store.checks.first { $0.slug == "backup" }?.status == "new")

        // The server comes back with the same checks (on a new port).
        let back = try await HealthchecksDouble.start(store: store)
        await store.endOutage()
        let again = Self.spec(suspended: true, apiURL: back.baseURL)
        let next = try await plan(again, context)
        #expect(next.actions.map { "\($0.kind) \($0.slug)" } == ["pause backup"], "the creates are done; only the pause is left")
        let finished = try await apply(again, context)
        #expect(finished.failed == 0)
        #expect(await store.checks.filter { $0.slug == "backup" }.count == 1, "no duplicate")
        #expect(await store.checks.first { $0.slug == "backup" }?.status == "paused")
        #expect(!(try await plan(again, context)).hasChanges)
        await back.stop()
        await double.stop()
    }

    @Test func pauseAndResumeAreIdempotentOnTheServer() async throws {
        try await HealthchecksDouble.with { double in
            let context = Kit.context()
            _ = try await apply(Self.spec(suspended: false, apiURL: double.baseURL), context)
            let client = try HealthchecksClient(settings: .init(apiURL: double.baseURL, apiKey: Secret(HealthchecksDouble.readWriteKey),
                                                                apiKeyEnv: "HC_API_KEY"), transport: URLSessionTransport())
            let id = try #require(await double.store.checks.first { $0.slug == "backup" }?.uuid)
            try await client.pauseCheck(id: id)
            try await client.pauseCheck(id: id)
            #expect(try await client.resumeCheck(id: id))
            #expect(try await client.resumeCheck(id: id) == false, "409 check is not paused: already running")
        }
    }

    @Test func theLocalProviderMirrorsPauseAndResume() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-suspend-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let counter = Locked(0)
        let context = MonitorContext(environment: [:], transport: URLSessionTransport(),
                                     makeID: { counter.withLock { $0 += 1; return "local-\($0)" } })
        let suspended = Self.spec(suspended: true, apiURL: "", provider: .local, root: root)
        #expect(try await plan(suspended, context).actions.map { "\($0.kind) \($0.slug)" } == ["create backup", "create report", "pause backup"])
        #expect(try await apply(suspended, context).failed == 0)
        let state = String(decoding: try Data(contentsOf: URL(fileURLWithPath: Providers.statePath(for: suspended))), as: UTF8.self)
        #expect(state.contains(#""status" : "paused""#))
        #expect(state.contains(#""manualResume" : true"#))
        #expect(!(try await plan(suspended, context)).hasChanges)
        let running = Self.spec(suspended: false, apiURL: "", provider: .local, root: root)
        #expect(try await plan(running, context).actions.map { "\($0.kind) \($0.slug)" } == ["update backup", "resume backup"])
        #expect(try await apply(running, context).failed == 0)
        #expect(!(try await plan(running, context)).hasChanges)
    }
}
