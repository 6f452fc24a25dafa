import CronopsCore
import CronopsTestSupport
import Testing

@Suite struct PlanDiffTests {
    typealias F = HealthchecksFixtureSpec
    static let tag = "cronops:acme-prod"
    let channels = ChannelDirectory.listed([
        RemoteChannel(id: "id-email", name: "ops-email", kind: "email"),
        RemoteChannel(id: "id-hook", name: "ops-webhook", kind: "webhook"),
        RemoteChannel(id: "id-shell", name: "ops-shell", kind: "shell"),
    ])

    /// The check exactly as the server holds it after cronops created job `name`.
    func owned(_ name: String, id: String? = nil, grace: Int = 900, tags: String = "cronops:acme-prod",
               schedule: String = "0 1 * * *", tz: String = "UTC", channels: String = "id-email") -> RemoteCheck {
        RemoteCheck(id: id ?? "uuid-\(name)", name: name, slug: name, tags: tags, desc: "Managed by cronops from jobs/main.yaml",
                    grace: grace, schedule: schedule, tz: tz, channels: channels)
    }

    func makePlan(_ jobs: [Job], _ checks: [RemoteCheck], prune: Bool = false, directory: ChannelDirectory? = nil) -> (Plan, Diagnostics) {
        var diagnostics = Diagnostics()
        let plan = Planner.plan(spec: F.spec(jobs: jobs), state: ServerState(checks: checks, channels: directory ?? channels),
                                provider: "healthchecks", target: "http://x/api/v3/", prune: prune, diagnostics: &diagnostics)
        return (plan, diagnostics)
    }

    @Test func matchingCheckIsUnchanged() {
        let (plan, diagnostics) = makePlan([F.job("a")], [owned("a")])
        #expect(diagnostics.all.isEmpty)
        #expect(plan.actions.isEmpty)
        #expect(plan.summary.unchanged == 1)
        #expect(!plan.hasChanges)
    }

    @Test func normalisationLeavesNoPerpetualDiff() {
        // Tags reordered with extra spaces, schedule with odd whitespace, a legacy zone, channel ids unsorted.
        let check = owned("a", tags: "  team cronops:acme-prod   team ", schedule: " 0  1 * *\t* ", tz: "Europe/Kiev",
                          channels: "id-shell,id-email")
        let job = F.job("a", timezone: "Europe/Kyiv", tags: ["team"], alerts: ["ops", "pager"])
        var desiredChannels = check
        desiredChannels.channels = "id-email,id-hook,id-shell"
        let (plan, _) = makePlan([job], [desiredChannels])
        #expect(plan.actions.isEmpty, "\(plan.actions)")
        // ...while a real difference in channels is seen.
        let (plan2, _) = makePlan([job], [check])
        #expect(plan2.actions.map(\.kind) == [.update])
        #expect(plan2.actions[0].changes == [FieldChange(field: "channels", old: "[ops-email, ops-shell]", new: "[ops-email, ops-shell, ops-webhook]")])
        #expect(plan2.actions[0].fields == CheckFields(channels: "id-email,id-hook,id-shell"))
    }

    @Test func updateShowsFieldLevelDiffAndSendsOnlyThose() {
        let (plan, _) = makePlan([F.job("a", grace: 1200, maxRuntime: nil)], [owned("a", grace: 600)])
        #expect(plan.actions.count == 1)
        #expect(plan.actions[0].changes == [FieldChange(field: "grace", old: "10m", new: "20m")])
        #expect(plan.actions[0].fields == CheckFields(grace: 1200))
        #expect(plan.actions[0].checkID == "uuid-a")
    }

    @Test func simpleCheckBecomesCron() {
        var check = owned("a")
        check.schedule = nil
        check.tz = nil
        check.timeout = 86400
        let (plan, _) = makePlan([F.job("a")], [check])
        #expect(plan.actions[0].changes.map(\.field) == ["schedule", "tz"])
        #expect(plan.actions[0].changes[0].old == "(simple check, timeout 1d)")
        #expect(plan.actions[0].fields == CheckFields(schedule: "0 1 * * *", tz: "UTC"))
    }

    @Test func createsMissingChecks() {
        let (plan, _) = makePlan([F.job("new-job", grace: 1800, alerts: ["pager"])], [])
        #expect(plan.actions.count == 1)
        let create = plan.actions[0]
        #expect(create.kind == .create)
        #expect(create.fields == CheckFields(name: "new-job", slug: "new-job", tags: Self.tag, desc: "Managed by cronops from jobs/main.yaml",
                                             schedule: "0 1 * * *", tz: "UTC", grace: 1800, channels: "id-hook,id-shell"))
        #expect(plan.summary.sentence == "Plan: 1 to create, 0 to update, 0 to delete, 0 unchanged.")
    }

    @Test func orphansAreKeptWithoutPruneAndDeletedWithIt() {
        let checks = [owned("gone"), RemoteCheck(id: "u-foreign", name: "x", slug: "foreign", tags: "other", desc: "", grace: 60, timeout: 60, channels: "")]
        let (kept, _) = makePlan([], checks, prune: false)
        #expect(kept.actions.map(\.kind) == [.orphan])
        #expect(!kept.hasChanges)
        let (pruned, _) = makePlan([], checks, prune: true)
        #expect(pruned.actions.map(\.kind) == [.delete])
        #expect(pruned.actions[0].checkID == "uuid-gone")  // never the unowned one
    }

    @Test func renameThroughPreviousNamesKeepsTheCheck() {
        let (plan, diagnostics) = makePlan([F.job("new-name", previousNames: ["old-name"])], [owned("old-name", id: "keep-me")])
        #expect(diagnostics.all.isEmpty)
        #expect(plan.actions.count == 1)
        let rename = plan.actions[0]
        #expect(rename.kind == .rename)
        #expect(rename.checkID == "keep-me")
        #expect(rename.previousSlug == "old-name")
        #expect(rename.fields?.slug == "new-name" && rename.fields?.name == "new-name")
    }

    @Test func previousNameOfAnUnownedCheckWarnsAndCreates() {
        let foreign = RemoteCheck(id: "f", name: "old", slug: "old", tags: "", desc: "", grace: 60, schedule: "* * * * *", tz: "UTC", channels: "")
        let (plan, diagnostics) = makePlan([F.job("new", previousNames: ["old"])], [foreign])
        #expect(diagnostics.all.map(\.code) == ["W200"])
        #expect(plan.actions.map(\.kind) == [.create])
    }

    @Test func slugTakenByUnownedCheckIsAnErrorExplainingAdopt() {
        let foreign = RemoteCheck(id: "f", name: "a", slug: "a", tags: "prod", desc: "", grace: 60, timeout: 3600, channels: "")
        let (plan, diagnostics) = makePlan([F.job("a", line: 7)], [foreign])
        #expect(plan.actions.isEmpty)
        let error = diagnostics.all.first
        #expect(error?.code == "E200")
        #expect(error?.location == SourceLocation(file: "repo/jobs/main.yaml", line: 7, column: 3))
        #expect(error?.notes.contains { $0.message.contains("adopt: true") } == true)
    }

    @Test func adoptTakesOverAnUnownedCheck() {
        let foreign = RemoteCheck(id: "f", name: "a", slug: "a", tags: "prod", desc: "", grace: 900, schedule: "0 1 * * *", tz: "UTC", channels: "id-email")
        let (plan, diagnostics) = makePlan([F.job("a", adopt: true)], [foreign])
        #expect(diagnostics.all.isEmpty)
        #expect(plan.actions.map(\.kind) == [.adopt])
        #expect(plan.actions[0].checkID == "f")
        #expect(plan.actions[0].fields?.tags == Self.tag)
    }

    @Test func twoServerChecksWithOneSlugIsAnError() {
        let (plan, diagnostics) = makePlan([F.job("a")], [owned("a", id: "1"), owned("a", id: "2")])
        #expect(diagnostics.all.map(\.code) == ["E201"])
        #expect(plan.actions.isEmpty)  // neither is treated as an orphan
    }

    @Test func previousNameMatchingSeveralOwnedChecksIsAnError() {
        let (plan, diagnostics) = makePlan([F.job("new", previousNames: ["old"], line: 4)], [owned("old", id: "1"), owned("old", id: "2")])
        #expect(diagnostics.all.map(\.code) == ["E204"])
        #expect(diagnostics.all.first?.location == SourceLocation(file: "repo/jobs/main.yaml", line: 8, column: 21))
        #expect(plan.actions.isEmpty)  // neither created nor deleted while it is ambiguous
    }

    @Test func readOnlyStateMarksChannelsUnknownWithoutChanges() {
        var check = owned("a")
        check.channels = nil
        let (plan, _) = makePlan([F.job("a")], [check], directory: .hidden)
        #expect(plan.readOnly)
        #expect(plan.actions.isEmpty)
        #expect(PlanRenderer.text(plan, color: false).contains("read-only"))
    }

    @Test func fingerprintIgnoresOrderButNotContent() {
        let a = ServerState(checks: [owned("a"), owned("b")], channels: channels)
        let b = ServerState(checks: [owned("b"), owned("a")], channels: channels)
        var c = a
        c.checks[0].grace += 60
        #expect(Fingerprint.of(a) == Fingerprint.of(b))
        #expect(Fingerprint.of(a) != Fingerprint.of(c))
        #expect(Fingerprint.of(a).hasPrefix("sha256:"))
    }

    @Test func planDocumentRoundTrips() throws {
        let (plan, _) = makePlan([F.job("a", grace: 1200), F.job("b")], [owned("a"), owned("gone")], prune: true)
        let decoded = try PlanCodec.decode(PlanCodec.encode(plan))
        #expect(decoded == plan)
        #expect(throws: PlanCodec.DecodeError.self) { try PlanCodec.decode(Data("{\"x\": 1}".utf8)) }
    }
}

import Foundation
