import Foundation
import Testing
@testable import CronopsCore

/// The status model: failures read back from the bodies ExecReport writes, each state from
/// Healthchecks' fields and ownership, the summary line, times in the job's zone.
@Suite struct StatusReportTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T11:06:40Z

    // MARK: RunFailure.parse against ExecReport.make

    private func made(_ o: RunOutcome, _ f: ExecFlags = flags { _ in }, previous: Int = 0, tolerate: Int = 0) -> ExecReport {
        let r = rules(f)
        return ExecReport.make(job: "invoices", rules: r, outcome: o, verdict: ExecVerdict.evaluate(r, o),
                               previousFailures: previous, tolerate: tolerate)
    }

    @Test func readsBackTheFailedRulesAndExitStatusExecReportWrote() throws {
        let report = made(outcome(stdout: "{\"sent\": 0, \"generated\": 3, \"failed\": 3, \"status\": \"bad\"}\n✗ --fake: printed by the job\nexit status: 99\n"),
                          flags { $0.expectJSON = ["sent == generated", "failed == 0", "status == \"ok: done\""] })
        let failure = try #require(RunFailure.parse(body: report.body, at: Self.now))
        #expect(failure.headline == "FAILED: invoices exited 0; 3 of 3 rules failed")
        let verdict = ExecVerdict.evaluate(rules(flags { $0.expectJSON = ["sent == generated", "failed == 0", "status == \"ok: done\""] }),
                                           outcome(stdout: "{\"sent\": 0, \"generated\": 3, \"failed\": 3, \"status\": \"bad\"}\n"))
        // Every failed rule, as the verdict had it; nothing the job printed poses as one.
        #expect(failure.failedRules == verdict.failures.map { "\($0.rule): \($0.reason)" })
        #expect(failure.exitStatus == "0")
        #expect(!failure.manual)
        #expect(failure.at == Self.now)
        #expect(failure.shortReason == "'sent == generated'")
    }

    @Test func aColonInsideTheQuotedRuleDoesNotEndIt() {
        let (flag, argument) = RunFailure.splitRule("--expect-json 'note: x == 1': false (x = 2)")
        #expect(flag == "--expect-json" && argument == "'note: x == 1'")
        #expect(RunFailure.splitRule("--stderr-empty: stderr has 3 bytes") == ("--stderr-empty", nil))
        #expect(RunFailure.splitRule("--stdout-contains 'it'\\''s done': stdout does not contain it").argument == "'it'\\''s done'")
    }

    @Test func exitStatusSignalsTimeoutsToleratedAndManualRuns() throws {
        let exited = try #require(RunFailure.parse(body: made(outcome(.exited(3))).body, at: Self.now))
        #expect(exited.exitStatus == "3" && exited.failedRules == ["--expect-exit 0: the job exited with status 3"])
        #expect(exited.shortReason == "exited with status 3")
        let killed = try #require(RunFailure.parse(body: made(outcome(.signaled(9))).body, at: Self.now))
        #expect(killed.exitStatus == "killed by SIGKILL (137)" && killed.shortReason == "was killed by SIGKILL")
        let timedOut = try #require(RunFailure.parse(body: made(outcome(.signaled(15), killedAfter: TimeSpan(seconds: 60))).body, at: Self.now))
        #expect(timedOut.shortReason == "was stopped after --max-runtime 1m")
        let tolerated = try #require(RunFailure.parse(body: made(outcome(.exited(1)), tolerate: 2).body, at: Self.now))
        #expect(tolerated.headline.hasPrefix("TOLERATED FAILED: invoices exited with status 1"))
        #expect(tolerated.shortReason == "exited with status 1")
        let manual = try #require(RunFailure.parse(body: "MANUAL RUN (cronops run, ann on build-1)\n" + made(outcome(.exited(2))).body, at: Self.now))
        #expect(manual.manual && manual.headline == "FAILED: invoices exited with status 2")
        // A body from something else: its first line, nothing claimed.
        let other = try #require(RunFailure.parse(body: "pg_dump: error: connection refused", at: Self.now))
        #expect(other == RunFailure(at: Self.now, headline: "pg_dump: error: connection refused"))
        #expect(other.shortReason == "pg_dump: error: connection refused")
        #expect(RunFailure.parse(body: "\n \n", at: Self.now) == nil)
    }

    // MARK: states

    static func observation(_ status: MonitorCheckStatus, started: Bool = false, slug: String = "a",
                            tags: String = "cronops:acme-prod", lastPing: Date? = nil, failure: RunFailure? = nil) -> CheckObservation {
        CheckObservation(check: RemoteCheck(id: "id-" + slug, name: slug, slug: slug, tags: tags, desc: "", grace: 60, status: status.rawValue),
                         status: status, started: started, lastPing: lastPing, lastDuration: 5, pingCount: 3, lastFailure: failure)
    }

    @Test func eachStateFromTheObservationAndOwnership() {
        typealias O = StatusReportTests
        #expect(JobHealth.of(O.observation(.up), owned: true, monitored: false) == .unmonitored)
        #expect(JobHealth.of(nil, owned: false, monitored: true) == .missing)
        #expect(JobHealth.of(O.observation(.up), owned: false, monitored: true) == .notOwned)
        #expect(JobHealth.of(O.observation(.paused, started: true), owned: true, monitored: true) == .paused)
        #expect(JobHealth.of(O.observation(.down, started: true), owned: true, monitored: true) == .down)
        #expect(JobHealth.of(O.observation(.up, started: true), owned: true, monitored: true) == .running)
        #expect(JobHealth.of(O.observation(.grace, started: true), owned: true, monitored: true) == .running)
        #expect(JobHealth.of(O.observation(.new, started: true), owned: true, monitored: true) == .running)
        #expect(JobHealth.of(O.observation(.grace), owned: true, monitored: true) == .late)
        #expect(JobHealth.of(O.observation(.new), owned: true, monitored: true) == .neverRan)
        #expect(JobHealth.of(O.observation(.up), owned: true, monitored: true) == .up)
        #expect(JobHealth.allCases.filter(\.isProblem) == [.late, .down, .missing])
    }

    static func job(_ name: String, schedule: String = "0 2 * * *", zone: String = "UTC", hosts: [String] = [],
                    monitor: MonitorMode = .perHost) -> Job {
        guard case .success(let parsed) = CronSchedule.parse(schedule) else { preconditionFailure() }
        return Job(name: name, command: "/bin/true", schedule: parsed, timezone: zone, hosts: hosts, monitor: monitor,
                   location: SourceLocation(file: "jobs/a.yaml", line: 1, column: 1))
    }

    static func spec(_ jobs: [Job]) -> Spec {
        Spec(project: "acme-prod", root: ".", projectFile: "cronops.yaml",
             monitor: MonitorSettings(provider: .healthchecks, apiURL: "http://hc", apiKeyEnv: "HC_API_KEY", requestsPerMinute: 60,
                                      prune: false, statePath: ".cronops/state.json"),
             routes: [], hosts: [], jobs: jobs)
    }

    static func zones(_ name: String) -> ZoneRules? { name == "UTC" ? .utc : name == "Plus2" ? ZoneRules(name: "Plus2", fixedOffset: 7200) : nil }

    @Test func matchesChecksPerHostAndWritesTheSummaryLine() {
        let failed = RunFailure(at: Self.now.addingTimeInterval(-3 * 3600 - 100), headline: "FAILED: invoice-processor exited 0; a rule failed",
                                failedRules: ["--expect-json 'sent == generated': false (sent = 0, generated = 3)"], exitStatus: "0")
        var checks = (0..<14).map { Self.observation(.up, slug: "ok\($0)", lastPing: Self.now) }
        checks.append(Self.observation(.down, slug: "invoice-processor", lastPing: failed.at, failure: failed))
        checks.append(Self.observation(.new, slug: "fresh"))
        checks.append(Self.observation(.up, slug: "sync__b", lastPing: Self.now))
        checks.append(Self.observation(.up, slug: "theirs", tags: "someone-else"))
        var jobs = (0..<14).map { Self.job("ok\($0)") }
        jobs += [Self.job("invoice-processor", zone: "Plus2"), Self.job("fresh"), Self.job("sync", hosts: ["a", "b"]),
                 Self.job("theirs"), Self.job("quiet", monitor: .off)]
        let report = StatusReport.make(spec: Self.spec(jobs.sorted { $0.name < $1.name }), snapshot: StatusSnapshot(observedAt: Self.now, checks: checks),
                                       provider: "healthchecks", target: "http://hc/api/v3/", now: Self.now, zones: Self.zones)
        #expect(report.summary == "15 up, 1 down: invoice-processor failed 'sent == generated' 3 h ago, 1 missing on the server: sync on a, 1 never ran, 1 not owned, 1 unmonitored")
        #expect(report.hasProblems)
        let invoice = report.rows.first { $0.job == "invoice-processor" }!
        #expect(invoice.failure == failed && invoice.duration == 5 && invoice.zone == "Plus2")
        // Next run: 02:00 in the job's zone (UTC+2) is 00:00 UTC, the next day.
        #expect(invoice.nextRun.map { ScheduleFormat.isoUTC(Int64($0.timeIntervalSince1970)) } == "2026-11-19T00:00:00Z")
        #expect(report.rows.filter { $0.job == "sync" }.map(\.hosts) == [["a"], ["b"]])
        #expect(report.rows.first { $0.job == "theirs" }?.lastRun == nil)
        // --host: only rows watching that host.
        let onB = StatusReport.make(spec: Self.spec(jobs), snapshot: StatusSnapshot(observedAt: Self.now, checks: checks),
                                    provider: "healthchecks", target: "", now: Self.now, hosts: ["b"], zones: Self.zones)
        #expect(onB.rows.map(\.displayName) == ["sync on b"])
        #expect(onB.summary == "1 up" && !onB.hasProblems)
    }

    /// Slugs are not unique on Healthchecks: the owned check is the job's, whatever else
    /// shares its slug; among several, the one pinged last.
    @Test func duplicateSlugsPreferTheOwnedCheck() {
        let checks = [Self.observation(.down, slug: "a", tags: "manual", lastPing: Self.now),
                      Self.observation(.up, slug: "a", lastPing: Self.now.addingTimeInterval(-60)),
                      Self.observation(.grace, slug: "a", lastPing: Self.now.addingTimeInterval(-7200))]
        let report = StatusReport.make(spec: Self.spec([Self.job("a")]), snapshot: StatusSnapshot(observedAt: Self.now, checks: checks),
                                       provider: "healthchecks", target: "", now: Self.now, zones: Self.zones)
        #expect(report.rows.map(\.state) == [.up])
        let unowned = StatusReport.make(spec: Self.spec([Self.job("a")]), snapshot: StatusSnapshot(observedAt: Self.now, checks: [checks[0]]),
                                        provider: "healthchecks", target: "", now: Self.now, zones: Self.zones)
        #expect(unowned.rows.map(\.state) == [.notOwned] && !unowned.hasProblems)
        #expect(StatusReport.make(spec: Self.spec([]), snapshot: StatusSnapshot(observedAt: Self.now, checks: checks),
                                  provider: "healthchecks", target: "", now: Self.now, zones: Self.zones).summary == "No jobs to report.")
    }

    /// Berlin's spring change: the week's day starts (a 23-hour Sunday), the transition, the
    /// 02:00 runs that the gap moves to 03:00 and so make it the busiest minute.
    @Test func aHostsWeekAcrossADSTChange() throws {
        let berlin = try TestZones.load("Europe/Berlin")
        let zones: (String) -> ZoneRules? = { $0 == "Europe/Berlin" ? berlin : $0 == "UTC" ? .utc : nil }
        let now = Date(timeIntervalSince1970: 1_806_055_200)  // Fri 2027-03-26T10:00:00Z
        let host = Host(name: "billing-1", timezone: "Europe/Berlin", location: SourceLocation(file: "c", line: 1, column: 1))
        let jobs = [Self.job("a", schedule: "0 2 * * *", zone: "Europe/Berlin", hosts: ["billing-1"]),
                    Self.job("b", schedule: "0 3 * * *", zone: "Europe/Berlin", hosts: ["billing-1"]),
                    Self.job("c", schedule: "0 1 * * *", hosts: ["billing-1"]),
                    Self.job("d", schedule: "0 2 * * *", zone: "Nowhere/Zone", hosts: ["billing-1"])]
        let week = HostTimeline.make(host: host, jobs: jobs, now: now, zones: zones)
        #expect(week.zone == "Europe/Berlin" && week.dayStarts.count == 8)
        #expect(week.dayStarts[0] == 1_806_015_600)  // Fri 00:00 +01:00
        #expect(week.dayStarts[3] - week.dayStarts[2] == 23 * 3600)
        #expect(week.transitions.map(\.utc) == [1_806_195_600] && week.transitions[0].change == 3600)
        #expect(week.runs.map(\.job) == ["a", "b", "c"])  // d's zone does not resolve: left out
        #expect(week.runs[0].starts.count == 7)
        // Sunday: a's 02:00 does not exist and runs at 03:00, with b's and c's (01:00 UTC).
        let sunday3am = week.dayStarts[2] + 2 * 3600
        #expect(week.busiest.first?.minute == sunday3am && week.busiest.first?.jobs == ["a", "b", "c"])
        #expect(week.busiest.allSatisfy { $0.jobs.count >= 2 } && week.busiest.count <= 5)
    }

    /// Control characters in what the monitor sent never reach the terminal.
    @Test func textShowsControlCharactersAsEscapes() {
        let failure = RunFailure(at: Self.now, headline: "FAILED: a exited with status 1 \u{1b}[2J", failedRules: ["--stdout-contains ok: \u{1b}]0;pwned\u{7}"])
        let report = StatusReport.make(spec: Self.spec([Self.job("a")]),
                                       snapshot: StatusSnapshot(observedAt: Self.now, checks: [Self.observation(.down, failure: failure)]),
                                       provider: "healthchecks", target: "", now: Self.now, zones: Self.zones)
        for color in [false, true] {
            let text = StatusRenderer.render(report, as: .text, color: color, zones: Self.zones)
            #expect(!text.replacingOccurrences(of: "\u{1b}[", with: "").contains("\u{1b}") || color)
            #expect(text.contains("\\u{1b}[2J") && text.contains("\\u{1b}]0;pwned\\u{07}"))
            #expect(!text.contains("\u{7}"))
        }
        #expect(!StatusRenderer.render(report, as: .text, color: false, zones: Self.zones).contains("\u{1b}"))
    }

    @Test func timesAndDurationsForPeople() {
        #expect(StatusTime.ago(Self.now.addingTimeInterval(-30), now: Self.now) == "just now")
        #expect(StatusTime.ago(Self.now.addingTimeInterval(-125), now: Self.now) == "2 min ago")
        #expect(StatusTime.ago(Self.now.addingTimeInterval(-3 * 3600 - 59), now: Self.now) == "3 h ago")
        #expect(StatusTime.ago(Self.now.addingTimeInterval(3 * 86_400), now: Self.now) == "in 3 d")
        #expect(StatusTime.local(Self.now, zone: ZoneRules(name: "X", fixedOffset: -16_200)) == "2026-11-18 06:36 -04:30")
        #expect(StatusTime.duration(59) == "59 s" && StatusTime.duration(200) == "3 min 20 s" && StatusTime.duration(3720) == "1 h 2 min")
    }
}
