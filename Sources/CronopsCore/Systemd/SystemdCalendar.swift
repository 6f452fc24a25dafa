/// How one job's schedule is written as `OnCalendar=` lines.
///
/// Native: expressions in the job's own zone that fire at exactly cronsim's instants. This is
/// chosen when no wall time of the schedule can meet a change of the zone's offset within the
/// window (2025–2100): there systemd and cronsim differ (systemd skips a wall time a gap skips,
/// where cronsim runs a fixed-time job at the end of the gap; systemd runs a repeated wall
/// time once, where cronsim runs a wildcard job in both passes), and for calendar terms
/// systemd has no exact form for (`LW`, `nL` or `#` combined with a restricted day of month).
///
/// Guarded: UTC expressions that fire at every minute the job can be due (the same candidate
/// minutes the Debian dialect uses for cron), and `--only-at SCHEDULE --tz ZONE` on the
/// wrapper decides, exactly as for cron.
enum SystemdCalendar: Equatable, Sendable {
    case native([String])
    case guarded(lines: [String], reason: String)

    static func make(schedule: CronSchedule, zone: String, rules: ZoneRules, window: Range<Int64>) -> SystemdCalendar? {
        let wallClash = ZoneRelation.meetsOffsetChange(schedule: schedule, rules: rules, window: window)
        if !wallClash, let lines = nativeLines(schedule, zone: zone) { return .native(lines) }
        guard let terms = CrontabFieldTerms(expression: schedule.expression) else { return nil }
        let relation = ZoneRelation.between(job: rules, host: .utc, window: window)
        let reason = wallClash ? "a time of this schedule meets a DST change in \(zone), where systemd and cronsim differ"
                               : "systemd has no exact form for this day rule"
        let candidates = CrontabSchedulePlan.candidateLines(schedule: schedule, terms: terms, relation: relation)
        return .guarded(lines: candidates.map { fields in
            "*-*-* \(rangeSyntax(fields[1])):\(rangeSyntax(fields[0])):00 UTC"
        }, reason: reason)
    }

    /// `1-5,7` (cron) as `1..5,7` (systemd).
    static func rangeSyntax(_ cronList: String) -> String {
        cronList.split(separator: ",").map { $0.replacingEvery("-", with: "..") }.joined(separator: ",")
    }

    private static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// Expressions with exactly the schedule's calendar, or nil when systemd has no exact form.
    static func nativeLines(_ schedule: CronSchedule, zone: String) -> [String]? {
        let months = list(schedule.months.values, full: 1...12)
        let time = "\(list(schedule.hours.values, full: 0...23, width: 2)):\(list(schedule.minutes.values, full: 0...59, width: 2)):00"
        func line(_ weekdays: String?, _ days: String) -> String {
            // nil or "" (all seven days): no weekday part.
            (weekdays.flatMap { $0.isEmpty ? nil : $0 + " " } ?? "") + "*-\(months)\(days.hasPrefix("~") ? "" : "-")\(days) \(time) \(zone)"
        }
        let plainDays = schedule.daysOfMonth.values
        let plainWeekdays = schedule.daysOfWeek.values
        if schedule.lastWeekdayOfMonth { return nil }
        // The day-of-week extensions, each as its own expression over all days of the month.
        var extensionLines: [String] = []
        for weekday in schedule.lastWeekdaysOfMonth.values {
            extensionLines.append(line(dayNames[weekday], "~07/1"))
        }
        for nth in schedule.nthWeekdays {
            extensionLines.append(line(dayNames[nth.weekday], "\(pad(7 * nth.n - 6))..\(pad(7 * nth.n))"))
        }
        let hasDayExtensions = !extensionLines.isEmpty
        let dayList = plainDays.isEmpty ? nil : list(plainDays, full: 1...31, width: 2)
        let weekdayList = plainWeekdays.isEmpty ? nil : weekdayNames(plainWeekdays)

        if schedule.combinesDaysWithAnd {
            if schedule.dayOfWeekStartsWithStar {
                // Weekdays from a `*`-field (`*` or `*/2`) and the day-of-month rule, both must hold.
                if hasDayExtensions { return nil }
                let weekdays = weekdayList
                if schedule.lastDayOfMonth {
                    // `L` plus other days in one field would need two day rules ANDed with the weekdays.
                    return plainDays.isEmpty ? [line(weekdays, "~01")] : [line(weekdays, "~01"), line(weekdays, dayList!)]
                }
                return [line(weekdays, dayList ?? "*")]
            }
            // Day of month starts with `*`: its set and the weekday rule must both hold.
            let days = dayList ?? "*"
            if hasDayExtensions {
                guard days == "*" else { return nil }
                return extensionLines + (weekdayList.map { [line($0, "*")] } ?? [])
            }
            if schedule.lastDayOfMonth { return nil }
            return [line(weekdayList, days)]
        }
        // Both restricted: a day matches either field (two kinds of expression).
        var lines: [String] = []
        if let dayList { lines.append(line(nil, dayList)) }
        if schedule.lastDayOfMonth { lines.append(line(nil, "~01")) }
        if let weekdayList { lines.append(line(weekdayList, "*")) }
        lines += extensionLines
        return lines
    }

    /// Weekday names; "" for all seven.
    private static func weekdayNames(_ values: [Int]) -> String {
        if Set(values).count == 7 { return "" }
        return runs(values).map { $0.lowerBound == $0.upperBound ? dayNames[$0.lowerBound]
                                                                : "\(dayNames[$0.lowerBound])..\(dayNames[$0.upperBound])" }
            .joined(separator: ",")
    }

    /// `*` for the whole range, else values with runs of three or more as `a..b`.
    private static func list(_ values: [Int], full: ClosedRange<Int>, width: Int = 1) -> String {
        if Set(values).count == full.count { return "*" }
        return runs(values).flatMap { run -> [String] in
            run.count >= 3 ? ["\(pad(run.lowerBound, width))..\(pad(run.upperBound, width))"] : run.map { pad($0, width) }
        }.joined(separator: ",")
    }

    private static func runs(_ values: [Int]) -> [ClosedRange<Int>] {
        let sorted = Set(values).sorted()
        var out: [ClosedRange<Int>] = []
        for value in sorted {
            if let last = out.last, last.upperBound + 1 == value {
                out[out.count - 1] = last.lowerBound...value
            } else {
                out.append(value...value)
            }
        }
        return out
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count < width ? String(repeating: "0", count: width - text.count) + text : text
    }
}
