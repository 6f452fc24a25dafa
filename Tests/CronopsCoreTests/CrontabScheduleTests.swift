import Foundation
import Testing
@testable import CronopsCore

/// How schedules are written for each dialect (cron-semantics.md §4–§5).
@Suite struct CrontabScheduleTests {
    typealias S = CrontabSample

    static func timeFields(_ schedule: String, zone: String = "UTC", host: CronopsCore.Host = S.host()) -> [String] {
        let fragment = S.fragment(S.spec(jobs: [S.job("j", schedule, zone: zone)], hosts: [host]))
        return S.jobLines(fragment.text).map { $0.split(separator: " ").prefix(5).joined(separator: " ") }
    }

    static func line(_ schedule: String, zone: String = "UTC", host: CronopsCore.Host = S.host()) -> String {
        S.jobLines(S.fragment(S.spec(jobs: [S.job("j", schedule, zone: zone)], hosts: [host])).text)[0]
    }

    @Test(arguments: [
        ("5/15 * * * *", "5-59/15 * * * *"),
        ("0 0 * * MON/2", "0 0 * * 1-7/2"),
        ("0 0 * * 7/2", "0 0 * * 7"),
        ("0 0 * JAN/4 *", "0 0 * 1-12/4 *"),
        ("0 0 1/10 * *", "0 0 1-31/10 * *"),
        ("0 22/1 * * *", "0 22-23 * * *"),
        ("07 007 * * mon-FRI", "7 7 * * 1-5"),
        ("*/25 0-23/6 * * *", "*/25 0-23/6 * * *"),
        ("0 0 */2 * MON", "0 0 */2 * 1"),
        ("0 0 1-31/2 * MON", "0 0 1-31/2 * 1"),
        ("0 0 *,1 * SUN", "0 0 *,1 * 0"),
        ("0 0 1,* * SUN", "0 0 1,* * 0"),
        ("@daily", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
        ("0 9 * DEC-DEC SAT,SUN", "0 9 * 12 6,0"),
    ])
    func portableRewriting(schedule: String, expected: String) throws {
        #expect(Self.timeFields(schedule) == [expected])
        for dialect in [CronDialect.debian, .cronie] {
            let fragment = S.fragment(S.spec(jobs: [S.job("j", schedule)], hosts: [S.host(cron: dialect)]))
            try DebianCrontabCheck.expectAccepted(fragment)
            #expect(!fragment.text.contains("--only-at"))
        }
    }

    /// Debian's cron has no L, LW, nL or #, and silently misreads `#`: wake the wrapper on
    /// every day at the job's own minutes, and let `--only-at` decide.
    @Test(arguments: [
        ("30 23 L * *", "30 23 * * *"),
        ("0 18 LW * *", "0 18 * * *"),
        ("0 9 * * 5L", "0 9 * * *"),
        ("0 9 * * MON#2", "0 9 * * *"),
        ("*/20 8-17 L * *", "*/20 8-17 * * *"),
        ("0 0 L 2,8 *", "0 0 * 2,8 *"),
        ("15 10 1,15 * 1#1", "15 10 * * *"),
    ])
    func calendarExtensionsAreGuarded(schedule: String, expected: String) throws {
        for dialect in [CronDialect.debian, .cronie] {
            let host = S.host(cron: dialect)
            #expect(Self.timeFields(schedule, host: host) == [expected])
            let line = Self.line(schedule, host: host)
            #expect(line.contains("exec j --only-at '\(schedule)' --tz UTC "))
            try DebianCrontabCheck.expectAccepted(S.fragment(S.spec(jobs: [S.job("j", schedule)], hosts: [host])))
        }
    }

    /// cronsim reads `a-a/n` as `a/n` (to the field's end); cron reads it as `a` alone, so the
    /// portable form spells the range out. (Found by the robfig corpus: `7-7/20` was written `7`.)
    @Test func aRangeOfOneValueWithAStepRunsToTheFieldsEnd() throws {
        let terms = try #require(CrontabFieldTerms(expression: "7-7/20 * 5-5/10 1-1/9 3-3/2"))
        #expect(terms.portableFields == ["7-59/20", "*", "5-31/10", "1-12/9", "3-7/2"])
        let schedule = CrontabSample.schedule("7-7/20 * 5-5/10 1-1/9 3-3/2")
        #expect(schedule.minutes.values == [7, 27, 47] && schedule.months.values == [1, 10])
        #expect(CrontabFieldTerms(expression: "7-7 * * * *")?.portableFields == ["7", "*", "*", "*", "*"])
    }

    @Test func anotherZoneOnAUTCDebianHostIsGuardedAtEveryPossibleMinute() {
        // Berlin is UTC+1 or +2; 02:30 falls into the spring gap, run at 03:00+02 = 01:00 UTC.
        #expect(Self.timeFields("30 2 * * *", zone: "Europe/Berlin") == ["30 0 * * *", "0,30 1 * * *"])
        // Kathmandu is UTC+5:45 all year.
        #expect(Self.timeFields("0 9 * * *", zone: "Asia/Kathmandu") == ["15 3 * * *"])
        // Lord Howe is +10:30, or +11 in summer; 02:15 falls into its half-hour gap (02:00 → 02:30).
        #expect(Self.timeFields("15 2 * * *", zone: "Australia/Lord_Howe") == ["15,30,45 15 * * *"])
        #expect(Self.timeFields("*/15 * * * *", zone: "Australia/Lord_Howe") == ["0,15,30,45 * * * *"])
        #expect(Self.line("0 9 * * *", zone: "Asia/Kathmandu").contains("--only-at '0 9 * * *' --tz Asia/Kathmandu "))
    }

    /// A host whose own clock repeats an hour only runs lines with `*` as hour in both passes.
    @Test func hostWithDSTWakesEveryHour() throws {
        let host = S.host(zone: "Europe/Berlin")
        #expect(Self.timeFields("0 1 * * *", zone: "UTC", host: host) == ["0 * * * *"])
        #expect(Self.timeFields("0 9 * * *", zone: "Asia/Kathmandu", host: host) == ["15 * * * *"])
        try DebianCrontabCheck.expectAccepted(S.fragment(S.spec(jobs: [S.job("j", "0 9 * * *", zone: "Asia/Kathmandu")], hosts: [host])))
    }

    /// Zones that agree at every instant need no guard (and no CRON_TZ).
    @Test func equivalentZonesAreWrittenDirectly() {
        #expect(Self.line("30 2 * * *", zone: "Europe/Paris", host: S.host(zone: "Europe/Berlin")).hasPrefix("30 2 * * * root "))
        #expect(Self.line("30 2 * * *", zone: "Etc/UTC").hasPrefix("30 2 * * * root "))
        #expect(!S.fragment(S.spec(jobs: [S.job("j", zone: "Etc/UTC")], hosts: [S.host(cron: .cronie)])).text.contains("CRON_TZ"))
    }

    @Test func cronieGetsCronTZAroundJobsInAnotherZone() throws {
        let host = S.host(cron: .cronie)
        let spec = S.spec(jobs: [S.job("a-berlin", "30 2 * * *", zone: "Europe/Berlin"), S.job("b-utc", "0 3 * * *")], hosts: [host])
        let fragment = S.fragment(spec)
        let lines = fragment.text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let tail = Array(lines.suffix(4))
        #expect(tail[0] == "CRON_TZ=Europe/Berlin")
        #expect(tail[1].hasPrefix("30 2 * * * root /usr/local/bin/cronops exec a-berlin --slug"))
        #expect(tail[2] == "CRON_TZ=UTC")
        #expect(tail[3].hasPrefix("0 3 * * * root /usr/local/bin/cronops exec b-utc --slug"))
        #expect(!fragment.text.contains("--only-at"))
        try DebianCrontabCheck.expectAccepted(fragment)
    }

    @Test func debianNeverGetsCronTZ() {
        let text = S.fragment(S.spec(jobs: [S.job("a", "30 2 * * *", zone: "Europe/Berlin")])).text
        #expect(!text.contains("CRON_TZ"))
    }

    /// Nothing Debian reads with another meaning: no `#`, `L`, `/` after a single value,
    /// names, or upper-case macros in any time field.
    @Test func noTimeFieldDebianMisreads() {
        let schedules = ["0 0 * * MON#2", "0 0 L * *", "0 0 LW * *", "0 0 * * 5L", "5/15 * * * *", "0 0 * * SUN/2",
                         "@weekly", "0 0 * JAN-MAR *", "30 2 * * *"]
        for zone in ["UTC", "Europe/Berlin", "Asia/Kathmandu"] {
            for schedule in schedules {
                for fields in Self.timeFields(schedule, zone: zone) {
                    #expect(fields.range(of: #"^[0-9*,/-]+( [0-9*,/-]+){4}$"#, options: .regularExpression) != nil, "\(fields)")
                    for field in fields.split(separator: " ") {
                        for term in field.split(separator: ",") where term.contains("/") {
                            #expect(term.hasPrefix("*") || term.split(separator: "/")[0].contains("-"), "\(term)")
                        }
                    }
                }
            }
        }
    }

    @Test func compactLists() {
        #expect(CrontabSchedulePlan.compactList([0, 1, 2, 3, 7, 9, 10], in: 0...59) == "0-3,7,9,10")
        #expect(CrontabSchedulePlan.compactList(Set(0...23), in: 0...23) == "*")
    }
}
