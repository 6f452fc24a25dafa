import CronopsCore
import CronopsTestSupport
import Foundation
import Testing

/// The three plan formats, pinned by golden files in Fixtures/golden/ (re-record with
/// CRONOPS_RECORD=1 and review the diff).
@Suite struct PlanGoldenTests {
    typealias F = HealthchecksFixtureSpec
    static let tag = "cronops:acme-prod"
    static let directory = ChannelDirectory.listed([
        RemoteChannel(id: "0109c4ac-9ef0-5bc4-bcad-3476c5aa761b", name: "ops-email", kind: "email"),
        RemoteChannel(id: "c3e42719-dd34-5c97-9602-78e4f06cddf7", name: "Slack billing", kind: "slack"),
        RemoteChannel(id: "608cac88-4f8b-5d5e-86c7-c6ef2892fc2a", name: "Email finance", kind: "email"),
    ])

    static func mixedPlan(prune: Bool, readOnly: Bool = false) -> Plan {
        let routes = [
            Route(name: "billing", channels: ["Email finance", "Slack billing"], location: SourceLocation(file: "repo/cronops.yaml", line: 14, column: 3)),
            Route(name: "finance", channels: ["Email finance"], location: SourceLocation(file: "repo/cronops.yaml", line: 15, column: 3)),
            Route(name: "ops", channels: ["ops-email"], location: SourceLocation(file: "repo/cronops.yaml", line: 13, column: 3)),
        ]
        let jobs = [
            F.job("invoice-processor", timezone: "Europe/Berlin", grace: 1800, maxRuntime: 7140, alerts: ["finance"],
                  description: "Generate and email yesterday's invoices", file: "repo/jobs/billing.yaml"),
            F.job("db-backup", grace: 1200, alerts: ["ops", "billing"], file: "repo/jobs/db.yaml"),
            F.job("export", previousNames: ["nightly-export"], file: "repo/jobs/db.yaml"),
            F.job("legacy-sync", adopt: true, file: "repo/jobs/db.yaml"),
            F.job("steady", file: "repo/jobs/db.yaml"),
        ]
        let desc = "Managed by cronops from jobs/db.yaml"
        let email = "0109c4ac-9ef0-5bc4-bcad-3476c5aa761b"
        func check(_ id: String, _ slug: String, tags: String = tag, grace: Int = 900, channels: String = email) -> RemoteCheck {
            RemoteCheck(id: id, name: slug, slug: slug, tags: tags, desc: desc, grace: grace, schedule: "0 1 * * *", tz: "UTC",
                        channels: readOnly ? nil : channels)
        }
        let checks = [
            check("11111111-1111-4111-8111-111111111111", "db-backup", grace: 600),
            check("22222222-2222-4222-8222-222222222222", "nightly-export"),
            RemoteCheck(id: "33333333-3333-4333-8333-333333333333", name: "Legacy sync", slug: "legacy-sync", tags: "team", desc: "",
                        grace: 3600, timeout: 86400, channels: readOnly ? nil : ""),
            check("44444444-4444-4444-8444-444444444444", "old-report"),
            check("55555555-5555-4555-8555-555555555555", "steady"),
        ]
        var diagnostics = Diagnostics()
        let plan = Planner.plan(spec: F.spec(jobs: jobs, routes: routes),
                                state: ServerState(checks: checks, channels: readOnly ? .hidden : directory),
                                provider: "healthchecks", target: "https://healthchecks.example/api/v3/", prune: prune,
                                diagnostics: &diagnostics)
        #expect(diagnostics.all.isEmpty, "\(diagnostics.all)")
        return plan
    }

    @Test func textFormat() throws {
        try Golden.check(PlanRenderer.text(Self.mixedPlan(prune: true), color: false), "plan-mixed.txt")
        try Golden.check(PlanRenderer.text(Self.mixedPlan(prune: false), color: false), "plan-orphan.txt")
        try Golden.check(PlanRenderer.text(Self.mixedPlan(prune: false, readOnly: true), color: false), "plan-readonly.txt")
    }

    @Test func textIsColouredOnlyWhenAsked() {
        let plan = Self.mixedPlan(prune: true)
        #expect(PlanRenderer.text(plan, color: true).contains("\u{1b}[32m+ create\u{1b}[0m"))
        #expect(!PlanRenderer.text(plan, color: false).contains("\u{1b}"))
    }

    @Test func markdownFormat() throws {
        try Golden.check(PlanRenderer.markdown(Self.mixedPlan(prune: true)), "plan-mixed.md")
    }

    @Test func jsonFormat() throws {
        let json = PlanRenderer.json(Self.mixedPlan(prune: true))
        try Golden.check(json, "plan-mixed.json")
        #expect(try PlanCodec.decode(Data(json.utf8)) == Self.mixedPlan(prune: true))
    }

    @Test func noChangesText() {
        var diagnostics = Diagnostics()
        let plan = Planner.plan(spec: F.spec(jobs: []), state: ServerState(checks: [], channels: Self.directory), provider: "healthchecks",
                                target: "x", prune: false, diagnostics: &diagnostics)
        #expect(PlanRenderer.text(plan, color: false) == "No changes: 0 checks match the repository.\n")
        #expect(PlanRenderer.markdown(plan).contains("**No changes: 0 checks match the repository.**"))
    }
}

/// Compares text with a committed golden file; CRONOPS_RECORD=1 rewrites it instead.
extension Golden {
    /// Plan goldens live in `Fixtures/golden/` beside this file.
    static func check(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try check(actual, file: fixture("golden/" + name), sourceLocation: sourceLocation)
    }
}
