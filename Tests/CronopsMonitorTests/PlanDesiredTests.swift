import CronopsCore
import CronopsTestSupport
import Testing

@Suite struct PlanDesiredTests {
    typealias F = HealthchecksFixtureSpec
    let channels = ChannelDirectory.listed([
        RemoteChannel(id: "id-email", name: "ops-email", kind: "email"),
        RemoteChannel(id: "id-hook", name: "ops-webhook", kind: "webhook"),
        RemoteChannel(id: "id-shell", name: "ops-shell", kind: "shell"),
        RemoteChannel(id: "id-dup1", name: "dup", kind: "email"),
        RemoteChannel(id: "id-dup2", name: "dup", kind: "email"),
    ])

    func derive(_ jobs: [Job], routes: [Route] = F.defaultRoutes) -> ([DesiredCheck], Diagnostics) {
        var diagnostics = Diagnostics()
        let desired = DesiredChecks.derive(from: F.spec(jobs: jobs, routes: routes), channels: channels, diagnostics: &diagnostics)
        return (desired, diagnostics)
    }

    @Test func identityIsTheSlugPerHostUnlessShared() {
        let (desired, _) = derive([
            F.job("solo", hosts: ["a"]),
            F.job("multi", hosts: ["web-1", "web-2"], previousNames: ["old-multi"]),
            F.job("together", hosts: ["a", "b"], monitor: .shared),
            F.job("silent", hosts: ["a"], monitor: .off),
            F.job("nowhere"),
        ])
        #expect(desired.map(\.slug) == ["multi__web-1", "multi__web-2", "nowhere", "solo", "together"])
        #expect(desired.first { $0.slug == "multi__web-2" }?.host == "web-2")
        #expect(desired.first { $0.slug == "multi__web-1" }?.previousSlugs == ["old-multi__web-1"])
        #expect(desired.allSatisfy { $0.name == $0.slug })
    }

    @Test func fieldMapping() {
        let (desired, diagnostics) = derive([
            F.job("inv", schedule: "@daily", timezone: "Europe/Kiev", tags: ["billing", "billing", "a"],
                  alerts: ["ops", "pager"], description: "Invoices"),
        ])
        #expect(!diagnostics.hasErrors)
        let check = desired[0]
        #expect(check.schedule == "0 0 * * *")
        #expect(check.tz == "Europe/Kyiv")
        #expect(check.tags == ["a", "billing", "cronops:acme-prod"])
        #expect(check.desc == "Invoices\n\nManaged by cronops from jobs/main.yaml")
        #expect(check.channelIDs == ["id-email", "id-hook", "id-shell"])
    }

    @Test func graceCoversMaxRuntimePlusSlack() {
        #expect(DesiredChecks.effectiveGrace(for: F.job("a", grace: 900)) == 900)
        #expect(DesiredChecks.effectiveGrace(for: F.job("a", grace: 900, maxRuntime: 7200)) == 7200 + DesiredChecks.runtimeSlack)
        #expect(DesiredChecks.effectiveGrace(for: F.job("a", grace: 7200, maxRuntime: 600)) == 7200)
        #expect(DesiredChecks.effectiveGrace(for: F.job("a", grace: 10)) == 60)
        #expect(DesiredChecks.effectiveGrace(for: F.job("a", grace: 10, maxRuntime: 40_000_000)) == 31_536_000)
    }

    @Test func channelNamesMissingOrDuplicatedAreErrorsNamingRouteAndJob() {
        let routes = [
            Route(name: "bad", channels: ["nope", "dup", "id-dup2"], location: SourceLocation(file: "repo/cronops.yaml", line: 20, column: 3)),
        ]
        let (desired, diagnostics) = derive([F.job("job-x", alerts: ["bad"], line: 10)], routes: routes)
        let errors = diagnostics.all
        #expect(errors.map(\.code) == ["E202", "E203"])
        #expect(errors[0].message.contains("route 'bad'") && errors[0].message.contains("job 'job-x'") && errors[0].message.contains("'nope'"))
        #expect(errors[0].location == SourceLocation(file: "repo/jobs/main.yaml", line: 13, column: 13))
        #expect(errors[0].notes.first?.location == routes[0].location)
        #expect(errors[1].notes.first?.message.contains("id-dup1") == true)
        // A duplicated name is fine when given by id.
        #expect(desired[0].channelIDs == ["id-dup2"])
    }

    @Test func readOnlyKeyLeavesChannelsUnknown() {
        var diagnostics = Diagnostics()
        let desired = DesiredChecks.derive(from: F.spec(jobs: [F.job("a", alerts: ["pager"])]), channels: .hidden, diagnostics: &diagnostics)
        #expect(desired[0].channelIDs == nil)
        #expect(desired[0].channelNames == ["ops-webhook", "ops-shell"])
        #expect(diagnostics.all.isEmpty)
    }
}
