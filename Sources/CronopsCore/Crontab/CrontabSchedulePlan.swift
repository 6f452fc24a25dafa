/// How one job's schedule is written for one host.
enum CrontabSchedulePlan: Equatable, Sendable {
    /// The schedule's own fields, in a form the daemon reads with cronsim's meaning; with
    /// `cronTZ` (cronie only) the daemon reads them in that zone.
    case direct(fields: [String], cronTZ: String?)
    /// Lines that fire at every host minute the schedule could be due; the wrapper's
    /// `--only-at` decides. `reason` says why, for the comment.
    case guarded(lines: [[String]], reason: String)

    /// nil when the expression cannot be read term by term (the schedule engine accepted it,
    /// so this does not happen with a checked repository).
    static func make(schedule: CronSchedule, jobZone: String, host: Host, relation: ZoneRelation) -> CrontabSchedulePlan? {
        guard let terms = CrontabFieldTerms(expression: schedule.expression) else { return nil }

        if let portable = terms.portableFields {
            if relation.isEquivalent { return .direct(fields: portable, cronTZ: nil) }
            if host.cron == .cronie { return .direct(fields: portable, cronTZ: jobZone) }
        }
        var reasons: [String] = []
        if schedule.usesExtensions {
            reasons.append("\(host.cron.rawValue) cron has no L, LW, nL or #")
        }
        if !relation.isEquivalent {
            reasons.append("the host's cron reads schedules in \(host.timezone), not \(jobZone)")
        }
        return .guarded(lines: candidateLines(schedule: schedule, terms: terms, relation: relation), reason: reasons.joined(separator: "; "))
    }

    /// Time fields of the lines that wake the wrapper. The day fields are left open (the
    /// wrapper checks the day); minutes and hours are narrowed to what can be due.
    static func candidateLines(schedule: CronSchedule, terms: CrontabFieldTerms, relation: ZoneRelation) -> [[String]] {
        if relation.isEquivalent {
            // Same clock: keep the minute and hour fields as written, so the daemon treats
            // DST exactly as cronsim does (fixed-time vs wildcard follows the first character).
            return [[terms.portableField(.minute) ?? "*", terms.portableField(.hour) ?? "*", "*",
                     terms.portableField(.month) ?? "*", "*"]]
        }
        let minutes = schedule.minutes.values, hours = schedule.hours.values
        let jobMinutesOfDay = hours.flatMap { hour in minutes.map { hour * 60 + $0 } }
        let hostMinutesOfDay = relation.hostMinutesOfDay(forJobMinutesOfDay: jobMinutesOfDay)
        if relation.hostChangesOffset {
            // A host wall time can repeat; only lines whose hour is `*` run in both passes, so
            // wake every hour at the candidate minutes.
            let union = Set(hostMinutesOfDay.map { $0 % 60 })
            return [[compactList(union, in: CronFieldKind.minute.writtenRange), "*", "*", "*", "*"]]
        }
        var minutesByHour: [Int: Set<Int>] = [:]
        for minuteOfDay in hostMinutesOfDay { minutesByHour[minuteOfDay / 60, default: []].insert(minuteOfDay % 60) }
        var hoursByMinutes: [[Int]: [Int]] = [:]
        for (hour, set) in minutesByHour { hoursByMinutes[set.sorted(), default: []].append(hour) }
        return hoursByMinutes
            .map { (minutes: $0.key, hours: $0.value.sorted()) }
            .sorted { $0.hours[0] < $1.hours[0] }
            .map { [compactList(Set($0.minutes), in: CronFieldKind.minute.writtenRange),
                    compactList(Set($0.hours), in: CronFieldKind.hour.writtenRange), "*", "*", "*"] }
    }

    /// `*` for the whole range, else values with runs of three or more as `a-b`.
    static func compactList(_ values: Set<Int>, in bounds: ClosedRange<Int>) -> String {
        if values.count == bounds.count { return "*" }
        let sorted = values.sorted()
        var pieces: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            if end - index >= 2 {
                pieces.append("\(sorted[index])-\(sorted[end])")
            } else {
                pieces.append(contentsOf: sorted[index...end].map(String.init))
            }
            index = end + 1
        }
        return pieces.joined(separator: ",")
    }
}
