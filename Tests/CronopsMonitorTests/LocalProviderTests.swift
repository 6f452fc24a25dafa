import CronopsCore
@testable import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

@Suite struct LocalProviderTests {
    typealias F = HealthchecksFixtureSpec

    func tempRoot() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-local-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    func context() -> MonitorContext {
        let counter = Locked(0)
        return MonitorContext(environment: [:], transport: URLSessionTransport(),
                              makeID: { counter.withLock { $0 += 1; return "local-\($0)" } })
    }

    @Test func roundTripPlanApplyPlan() async throws {
        let root = try tempRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let jobs = [F.job("backup", timezone: "US/Eastern", maxRuntime: 7200), F.job("sync", hosts: ["a", "b"], alerts: ["pager"])]
        let spec = F.spec(jobs: jobs, provider: .local, root: root)
        let statePath = Providers.statePath(for: spec)
        #expect(statePath == root + "/.cronops/state.json")

        let planned = try await MonitorSync.plan(spec: spec, provider: try Providers.make(for: spec, context: context()), prune: false)
        #expect(planned.plan.summary.create == 3)
        #expect(planned.plan.provider == "local")
        #expect(!FileManager.default.fileExists(atPath: statePath))  // plan never writes

        let report = try await MonitorSync.apply(spec: spec, savedPlan: planned.plan, provider: try Providers.make(for: spec, context: context()),
                                                 prune: false, readOnlyEnv: "HC_API_KEY", progress: { _ in })
        #expect(report.succeeded == 3)
        let saved = String(decoding: try Data(contentsOf: URL(fileURLWithPath: statePath)), as: UTF8.self)
        #expect(saved.contains("\"slug\" : \"sync__a\""))
        #expect(saved.contains("\"tz\" : \"America/New_York\""))
        #expect(saved.contains("\"channels\" : \"ops-shell,ops-webhook\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.cronops") == ["state.json"])  // no temp file left

        let again = try await MonitorSync.plan(spec: spec, provider: try Providers.make(for: spec, context: context()), prune: false)
        #expect(!again.plan.hasChanges)

        // Prune removes the check of a job that is gone.
        let fewer = F.spec(jobs: [jobs[0]], provider: .local, root: root)
        let pruned = try await MonitorSync.apply(spec: fewer, savedPlan: nil, provider: try Providers.make(for: fewer, context: context()),
                                                 prune: true, readOnlyEnv: "HC_API_KEY", progress: { _ in })
        #expect(pruned.results.map(\.action.kind) == [.delete, .delete])
        let final = try await MonitorSync.plan(spec: fewer, provider: try Providers.make(for: fewer, context: context()), prune: true)
        #expect(!final.plan.hasChanges && final.plan.summary.unchanged == 1)
    }

    @Test func corruptStateFileIsAClearError() async throws {
        let root = try tempRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let spec = F.spec(jobs: [F.job("a")], provider: .local, root: root, statePath: "state.json")
        try Data("{nope".utf8).write(to: URL(fileURLWithPath: root + "/state.json"))
        await #expect {
            try await MonitorSync.plan(spec: spec, provider: try Providers.make(for: spec, context: context()), prune: false)
        } throws: { "\($0)".contains("is not a cronops state file") }
    }
}
