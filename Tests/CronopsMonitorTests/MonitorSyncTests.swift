import CronopsCore
@testable import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// plan and apply end to end against the loopback double.
@Suite struct MonitorSyncTests {
    typealias F = HealthchecksFixtureSpec
    static let tag = "cronops:acme-prod"

    static func jobs() -> [Job] {
        [
            F.job("db-backup", grace: 600, maxRuntime: 3600, tags: ["db"], alerts: ["ops"]),
            F.job("invoices", schedule: "@daily", timezone: "Europe/Kiev", hosts: ["web-1", "web-2"], alerts: ["ops", "pager"]),
            F.job("report", schedule: "30 2 * * 1-5", hosts: ["web-1"], alerts: []),
        ]
    }

    func plan(_ spec: Spec, _ context: MonitorContext, prune: Bool = false) async throws -> MonitorSync.PlanOutcome {
        try await MonitorSync.plan(spec: spec, provider: try Kit.provider(spec, context), prune: prune)
    }

    func apply(_ spec: Spec, _ context: MonitorContext, saved: Plan? = nil, prune: Bool = false) async throws -> MonitorSync.ApplyReport {
        try await MonitorSync.apply(spec: spec, savedPlan: saved, provider: try Kit.provider(spec, context), prune: prune,
                                    readOnlyEnv: "HC_API_KEY", progress: { _ in })
    }

    @Test func planApplyPlanShowsNothingAndCountsRequests() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: Self.jobs(), apiURL: double.baseURL)
            let context = Kit.context()
            let first = try await plan(spec, context)
            #expect(first.plan.summary.create == 4)
            #expect(await double.store.requests.map { "\($0.method) \($0.target)" } == ["GET /api/v3/checks/", "GET /api/v3/channels/"])

            await double.store.clearLog()
            let report = try await apply(spec, context)
            #expect(report.failed == 0)
            #expect(report.succeeded == 4)
            let writes = await double.store.writeRequests
            #expect(writes.count == 4)  // one request per change (plus the two reads)
            #expect(await double.store.requests.count == 2 + 4)
            #expect(writes.allSatisfy { $0.target == "/api/v3/checks/" && $0.body.contains(#""unique":["slug"]"#) })

            let stored = await double.store.checks
            #expect(stored.map(\.slug).sorted() == ["db-backup", "invoices__web-1", "invoices__web-2", "report"])
            #expect(stored.first { $0.slug == "invoices__web-1" }?.tz == "Europe/Kyiv")
            #expect(stored.first { $0.slug == "db-backup" }?.grace == 3600 + DesiredChecks.runtimeSlack)

            let again = try await plan(spec, context)
            #expect(!again.plan.hasChanges, "\(again.plan.actions)")
            #expect(again.plan.summary.unchanged == 4)

            await double.store.clearLog()
            let second = try await apply(spec, context)
            #expect(second.results.isEmpty)
            #expect(await double.store.writeRequests.isEmpty)
        }
    }

    @Test func updatesUseSingleCheckURLsWithoutTrailingSlash() async throws {
        try await HealthchecksDouble.with { double in
            var jobs = Self.jobs()
            let context = Kit.context()
            _ = try await apply(F.spec(jobs: jobs, apiURL: double.baseURL), context)
            jobs[0].grace = TimeSpan(seconds: 7200)
            jobs[0].maxRuntime = nil
            let spec = F.spec(jobs: jobs, apiURL: double.baseURL, prune: true)
            let uuid = await double.store.checks(slug: "db-backup")[0].uuid
            await double.store.clearLog()
            let planned = try await plan(spec, context)
            #expect(planned.plan.actions.map(\.kind) == [.update])
            #expect(planned.plan.actions[0].changes == [FieldChange(field: "grace", old: "1h1m", new: "2h")])
            let report = try await apply(spec, context)
            #expect(report.failed == 0)
            let writes = await double.store.writeRequests
            #expect(writes.map { "\($0.method) \($0.target) \($0.body)" } == ["POST /api/v3/checks/\(uuid) {\"grace\":7200}"])
        }
    }

    @Test func failureInTheMiddleThenSecondApplyConverges() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: Self.jobs(), apiURL: double.baseURL)
            let context = Kit.context(attempts: 1)
            // Without retries, one 500 fails one create; the others go on.
            await double.store.inject(.serverError, method: "POST")
            let broken = try await apply(spec, context)
            #expect(broken.failed == 1)
            #expect(broken.succeeded == 3)
            #expect(broken.sentence.contains("1 failed"))
            #expect(await double.store.checks.count == 3)

            let fixed = try await apply(spec, context)
            #expect(fixed.failed == 0)
            #expect(fixed.results.count == 1)
            let slugs = await double.store.checks.map(\.slug)
            #expect(slugs.sorted() == ["db-backup", "invoices__web-1", "invoices__web-2", "report"])  // no duplicates
        }
    }

    @Test func createSlowerThanTheTimeoutIsRetriedWithoutDuplicate() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: [F.job("slow")], apiURL: double.baseURL)
            let context = Kit.context(timeout: 0.3)
            // The server creates the check after the client gave up; the retry's `unique: ["slug"]` finds it.
            await double.store.inject(.delay(0.8), method: "POST")
            let report = try await apply(spec, context)
            #expect(report.failed == 0)
            // The timed-out attempt is still being answered: wait for it, not for a fixed time.
            await double.idle()
            #expect(await double.store.checks(slug: "slow").count == 1)
            #expect(await double.store.writeRequests.count >= 2)  // the timed-out attempt and its retry
        }
    }

    @Test func stalePlanIsRefused() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: Self.jobs(), apiURL: double.baseURL)
            let context = Kit.context()
            let saved = try await plan(spec, context).plan
            await double.store.seed(name: "x", slug: "someone-else", tags: "manual")
            await double.store.clearLog()
            await #expect(throws: MonitorError.stalePlan) { try await apply(spec, context, saved: saved) }
            #expect(await double.store.writeRequests.isEmpty)
            // A fresh plan applies.
            let fresh = try await plan(spec, context).plan
            let report = try await apply(spec, context, saved: fresh)
            #expect(report.succeeded == 4)
        }
    }

    @Test func renameKeepsTheChecksID() async throws {
        try await HealthchecksDouble.with { double in
            let context = Kit.context()
            _ = try await apply(F.spec(jobs: [F.job("nightly")], apiURL: double.baseURL), context)
            let uuid = await double.store.checks(slug: "nightly")[0].uuid
            let renamed = F.spec(jobs: [F.job("nightly-export", previousNames: ["nightly"])], apiURL: double.baseURL, prune: true)
            let planned = try await plan(renamed, context)
            #expect(planned.plan.actions.map(\.kind) == [.rename])
            let report = try await apply(renamed, context)
            #expect(report.failed == 0)
            let checks = await double.store.checks
            #expect(checks.count == 1)
            #expect(checks[0].uuid == uuid)
            #expect(checks[0].slug == "nightly-export" && checks[0].name == "nightly-export")
            #expect(!(try await plan(renamed, context)).plan.hasChanges)
        }
    }

    @Test func pruneOffKeepsOrphansAndPruneOnDeletesOnlyOwned() async throws {
        try await HealthchecksDouble.with { double in
            let context = Kit.context()
            await double.store.seed(name: "foreign", slug: "foreign", tags: "manual", schedule: "0 1 * * *")
            await double.store.seed(name: "gone", slug: "gone", tags: "\(Self.tag) db", schedule: "0 1 * * *")
            let spec = F.spec(jobs: [F.job("kept")], apiURL: double.baseURL)
            let planned = try await plan(spec, context)
            #expect(planned.plan.actions.map(\.kind) == [.create, .orphan])
            _ = try await apply(spec, context)
            #expect(await double.store.checks.map(\.slug).sorted() == ["foreign", "gone", "kept"])

            let pruning = try await plan(spec, context, prune: true)
            #expect(pruning.plan.actions.map(\.kind) == [.delete])
            await double.store.clearLog()
            let report = try await apply(spec, context, prune: true)
            #expect(report.succeeded == 1)
            #expect(await double.store.writeRequests.map(\.method) == ["DELETE"])
            #expect(await double.store.checks.map(\.slug).sorted() == ["foreign", "kept"])
        }
    }

    @Test func adoptTakesOverAndWithoutItThePlanExplains() async throws {
        try await HealthchecksDouble.with { double in
            let context = Kit.context()
            let uuid = await double.store.seed(name: "Legacy sync", slug: "legacy-sync", tags: "team", timeout: 3600)
            let plain = F.spec(jobs: [F.job("legacy-sync")], apiURL: double.baseURL)
            let refused = try await apply(plain, context)
            #expect(refused.blocked)
            #expect(refused.diagnostics.all.map(\.code) == ["E200"])
            #expect(await double.store.writeRequests.isEmpty)

            let adopting = F.spec(jobs: [F.job("legacy-sync", adopt: true)], apiURL: double.baseURL)
            let planned = try await plan(adopting, context)
            #expect(planned.plan.actions.map(\.kind) == [.adopt])
            let report = try await apply(adopting, context)
            #expect(report.failed == 0)
            let check = await double.store.check(uuid: uuid)
            #expect(check?.tags.split(separator: " ").contains(Substring(Self.tag)) == true)
            #expect(check?.kind == .cron)
            #expect(!(try await plan(adopting, context)).plan.hasChanges)
        }
    }

    @Test func readOnlyKeyPlansWithChannelsUnknownAndApplyRefuses() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: Self.jobs(), apiURL: double.baseURL)
            _ = try await apply(spec, Kit.context())
            var jobs = Self.jobs()
            jobs[1].grace = TimeSpan(seconds: 1800)
            let changed = F.spec(jobs: jobs, apiURL: double.baseURL)
            let readOnly = Kit.context(key: HealthchecksDouble.readOnlyKey)
            await double.store.clearLog()
            let planned = try await plan(changed, readOnly)
            #expect(planned.plan.readOnly)
            #expect(planned.plan.actions.map(\.kind) == [.update, .update])
            #expect(planned.plan.actions.allSatisfy { $0.note == "channels unknown: the API key is read-only" })
            #expect(await double.store.requests.count == 1)  // the list already shows the key is read-only
            await #expect(throws: MonitorError.readOnlyKey(env: "HC_API_KEY")) { try await apply(changed, readOnly) }
            #expect(await double.store.writeRequests.isEmpty)
        }
    }

    @Test func readOnlyKeyOnAnEmptyProjectStillPlans() async throws {
        try await HealthchecksDouble.with { double in
            let planned = try await plan(F.spec(jobs: [F.job("a")], apiURL: double.baseURL), Kit.context(key: HealthchecksDouble.readOnlyKey))
            #expect(planned.plan.readOnly)
            #expect(planned.plan.actions.map(\.kind) == [.create])
            #expect(await double.store.requests.count == 2)
        }
    }

    @Test func routeChannelMissingOnTheServerIsAPlanError() async throws {
        try await HealthchecksDouble.with { double in
            let routes = [Route(name: "ops", channels: ["Email finance"], location: SourceLocation(file: "repo/cronops.yaml", line: 9, column: 3))]
            let spec = F.spec(jobs: [F.job("a")], apiURL: double.baseURL, routes: routes)
            let planned = try await plan(spec, Kit.context())
            #expect(planned.diagnostics.all.map(\.code) == ["E202"])
        }
    }
}
