import Foundation
import Testing
@testable import CronopsCore

/// OnCalendar= lines checked with systemd's own evaluator against the schedule engine
/// (cronsim): over two years, native lines fire at exactly cronsim's instants; guarded lines
/// fire at a superset, and the wrapper's --only-at check keeps exactly cronsim's instants.
@Suite struct SystemdCalendarTests {
    static let zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham",
                        "America/Santiago", "Asia/Kathmandu"]
    /// One schedule per class: fixed times inside and outside DST changes, wildcards, lists,
    /// ranges, steps, names, both day fields (OR) and one of them (AND), L, LW, nL and #n.
    static let schedules = [
        "0 2 * * *", "30 2 * * *", "15 3 * * *", "0 0 * * *", "45 23 * * SUN", "*/15 * * * *", "0 * * * *",
        "15 10 * * 1-5", "0 9 1,15 * *", "0 9 1 * MON", "0 12 L * *", "0 0 L * 1", "0 18 * * 5L", "0 8 * * MON#2",
        "0 0 29 2 *", "5/20 1-4 * JAN,JUL *", "0 6 */2 * *", "0 6 * * */2", "30 1 LW * *", "0 7 1-7 * 1#1",
        "0 12 * * 1,3#2,5L", "10 0-23/6 * * *",
    ]

    /// 2026-01-01 00:00 UTC and two years on.
    static let base: Int64 = 1_767_225_600
    static let end: Int64 = base + 2 * 365 * 86_400

    @Test(arguments: zones)
    func systemdFiresAtCronsimInstants(zone: String) throws {
        let rules = try TestZones.load(zone)
        for text in Self.schedules {
            let schedule = CrontabSample.schedule(text)
            let calendar = try #require(SystemdCalendar.make(schedule: schedule, zone: zone, rules: rules,
                                                             window: CrontabOptions.defaultZoneWindow))
            // systemd re-reads the zone for every elapse (about 1.5 ms each): the whole two years
            // with a cap on the count (large for UTC and Berlin, small elsewhere, since the day
            // rules do not depend on the zone), then the days around every offset change, where
            // the two evaluators are most likely to part.
            let cap = zone == "UTC" ? 800 : zone == "Europe/Berlin" ? 400 : 100
            let expected = try compare(schedule, zone: zone, rules: rules, calendar: calendar, from: Self.base, cap: cap)
            #expect(!expected.isEmpty || text == "0 0 29 2 *", "no run at all: '\(text)' in \(zone)")
            for transition in rules.transitions(after: Self.base, through: Self.end) {
                try compare(schedule, zone: zone, rules: rules, calendar: calendar, from: transition.utc - 2 * 86_400, cap: 40)
            }
        }
    }

    @discardableResult
    private func compare(_ schedule: CronSchedule, zone: String, rules: ZoneRules, calendar: SystemdCalendar,
                         from: Int64, cap: Int) throws -> [Int64] {
        let lines: [String]
        let guarded: Bool
        switch calendar {
        case .native(let native): lines = native; guarded = false
        case .guarded(let candidates, _): lines = candidates; guarded = true
        }
        let answers = try SystemdAnalyze.elapses(lines, after: from, iterations: cap)
        // Where a line was cut off by the cap, compare only up to its last elapse.
        var through = Self.end
        for elapses in answers where elapses.count == cap { through = min(through, elapses.last!) }
        let fired = Set(answers.joined().filter { $0 <= through }).sorted()
        let expected = schedule.runs(afterUTC: from, through: through, in: rules)
        let label = "'\(schedule.expression)' in \(zone) from @\(from) through @\(through): \(lines)"
        if guarded {
            #expect(Set(expected).isSubset(of: Set(fired)), "guarded lines miss runs: \(label); missing \(Set(expected).subtracting(fired).sorted().prefix(5))")
            let kept = fired.filter { schedule.isDue(atMinuteOf: Date(timeIntervalSince1970: TimeInterval($0)), in: rules) }
            #expect(kept == expected, "--only-at does not restore cronsim's runs: \(label)")
        } else {
            #expect(fired == expected, "native lines differ: \(label); systemd only \(Set(fired).subtracting(expected).sorted().prefix(5)), cronsim only \(Set(expected).subtracting(fired).sorted().prefix(5))")
        }
        return expected
    }

    @Test func nativeWhereExactGuardedWhereDSTOrDayRulesDiffer() throws {
        func kind(_ text: String, _ zone: String) throws -> String {
            let calendar = try #require(SystemdCalendar.make(schedule: CrontabSample.schedule(text), zone: zone,
                                                             rules: try TestZones.load(zone), window: CrontabOptions.defaultZoneWindow))
            if case .native(let lines) = calendar { return "native " + lines.joined(separator: " | ") }
            return "guarded"
        }
        #expect(try kind("0 2 * * *", "UTC") == "native *-*-* 02:00:00 UTC")
        #expect(try kind("30 2 * * *", "Europe/Berlin") == "guarded")          // in the spring gap and the autumn repeat
        #expect(try kind("15 10 * * 1-5", "Europe/Berlin") == "native Mon..Fri *-*-* 10:15:00 Europe/Berlin")
        #expect(try kind("*/15 * * * *", "America/New_York") == "guarded")     // runs twice in the repeated hour
        #expect(try kind("*/15 * * * *", "Asia/Kathmandu") == "native *-*-* *:00,15,30,45:00 Asia/Kathmandu")
        #expect(try kind("0 9 1 * MON", "UTC") == "native *-*-01 09:00:00 UTC | Mon *-*-* 09:00:00 UTC")
        #expect(try kind("0 12 L * *", "UTC") == "native *-*~01 12:00:00 UTC")
        #expect(try kind("0 18 * * 5L", "UTC") == "native Fri *-*~07/1 18:00:00 UTC")
        #expect(try kind("0 8 * * MON#2", "UTC") == "native Mon *-*-08..14 08:00:00 UTC")
        #expect(try kind("30 1 LW * *", "UTC") == "guarded")                  // no exact form in systemd
        #expect(try kind("0 6 */2 * *", "UTC") == "native *-*-01,03,05,07,09,11,13,15,17,19,21,23,25,27,29,31 06:00:00 UTC")
    }
}
