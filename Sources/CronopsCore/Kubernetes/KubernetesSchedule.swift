/// How one job's schedule is written as a CronJob's `schedule` and `timeZone`.
///
/// The CronJob controller reads `TZ=<timeZone> <schedule>` with robfig/cron v3
/// (`ParseStandard`, then `Next`). That dialect has no `L`, `W` or `#`, no day of week `7`,
/// combines the day fields with AND when either holds a plain `*` term (cronsim: when either
/// *starts* with `*`, so `*/2` counts), and walks wall-clock time across DST changes its own
/// way.
///
/// Native: the schedule's own fields, in numbers, in the job's zone. Chosen only when none of
/// those differences can show: no extension, the same AND/OR rule for the day fields, no
/// wall time of the schedule inside a span the zone skips or repeats in the window, and no
/// change of the zone's offset that robfig walks wrongly (by less than an hour, or at
/// midnight). The robfig corpus in the tests (Fixtures/robfig) shows robfig's instants equal
/// cronsim's there.
///
/// Guarded: a schedule in `Etc/UTC` (no DST) that fires at every UTC minute the job can be
/// due, with every day allowed, and `--only-at SCHEDULE --tz ZONE` on the wrapper, which runs
/// the job only when cronsim says it is due.
enum KubernetesSchedule: Equatable, Sendable {
    case native(schedule: String, timeZone: String)
    case guarded(schedule: String, reason: String)

    static let guardZone = "Etc/UTC"

    var schedule: String {
        switch self {
        case .native(let schedule, _), .guarded(let schedule, _): schedule
        }
    }

    var timeZone: String {
        switch self {
        case .native(_, let zone): zone
        case .guarded: Self.guardZone
        }
    }

    /// nil when the expression cannot be read term by term (not for a checked schedule).
    static func make(schedule: CronSchedule, zone: String, rules: ZoneRules, window: Range<Int64>) -> KubernetesSchedule? {
        guard let terms = CrontabFieldTerms(expression: schedule.expression) else { return nil }
        var reason: String
        if schedule.usesExtensions {
            reason = "the CronJob controller has no L, LW, nL or #"
        } else if let fields = robfigFields(schedule, terms: terms) {
            if ZoneRelation.meetsOffsetChange(schedule: schedule, rules: rules, window: window) {
                reason = "a time of this schedule meets a DST change in \(zone), where the CronJob controller and cronsim differ"
            } else if let trouble = robfigZoneTrouble(rules, window: window) {
                reason = "\(zone) \(trouble), which the CronJob controller's scheduler does not follow"
            } else {
                return .native(schedule: fields.joined(separator: " "), timeZone: zone)
            }
        } else {
            reason = "the CronJob controller combines the day-of-month and day-of-week fields differently (a `*/n` term)"
        }
        let relation = ZoneRelation.between(job: rules, host: .utc, window: window)
        let lines = CrontabSchedulePlan.candidateLines(schedule: schedule, terms: terms, relation: relation)
        // One schedule per CronJob: the union of the candidate lines' minutes and hours, a
        // superset of every line (the guard decides).
        if lines.count == 1 { return .guarded(schedule: lines[0].joined(separator: " "), reason: reason) }
        var minutes = Set<Int>(), hours = Set<Int>()
        for line in lines {
            minutes.formUnion(values(line[0], in: CronFieldKind.minute))
            hours.formUnion(values(line[1], in: CronFieldKind.hour))
        }
        let schedule = [CrontabSchedulePlan.compactList(minutes, in: CronFieldKind.minute.writtenRange),
                        CrontabSchedulePlan.compactList(hours, in: CronFieldKind.hour.writtenRange), "*", "*", "*"]
        return .guarded(schedule: schedule.joined(separator: " "), reason: reason)
    }

    /// The fields as robfig reads them with cronsim's meaning, or nil when the day fields
    /// would combine differently. Numbers only (portable terms); a day of week 7 (robfig
    /// knows 0–6) is written as the plain list of weekdays.
    static func robfigFields(_ schedule: CronSchedule, terms: CrontabFieldTerms) -> [String]? {
        guard var fields = terms.portableFields else { return nil }
        let weekdayTerms = terms.terms[CronFieldKind.dayOfWeek.rawValue]
        let mentionsSeven = weekdayTerms.contains { term in
            if case let .range(lo, hi, _) = term { return hi == 7 || lo == 7 }
            return false
        }
        if mentionsSeven {
            // A list of values does not start with `*`, so it keeps cronsim's rule only when
            // the written field did not either.
            guard !schedule.dayOfWeekStartsWithStar else { return nil }
            fields[CronFieldKind.dayOfWeek.rawValue] = schedule.daysOfWeek.values.map(String.init).joined(separator: ",")
        }
        // robfig: AND when either day field holds a `*` (or `*/1`) term.
        func hasPlainStar(_ field: CronFieldKind) -> Bool {
            terms.terms[field.rawValue].contains { $0 == .star(step: 1) }
        }
        let robfigAnd = hasPlainStar(.dayOfMonth) || hasPlainStar(.dayOfWeek)
        let everyDay = schedule.daysOfMonth.count == 31 && schedule.daysOfWeek.count == 7
        guard robfigAnd == schedule.combinesDaysWithAnd || everyDay else { return nil }
        return fields
    }

    /// Offset changes robfig/cron walks wrongly whatever the schedule's times (the robfig
    /// corpus shows both): a change that is not a whole number of hours (its `Next` steps
    /// hours in absolute time, so after Lord Howe's 30-minute change no hour starts on the
    /// minute it wants), and a change at midnight (its day loop starts from a midnight that
    /// the change skips or moves).
    static func robfigZoneTrouble(_ rules: ZoneRules, window: Range<Int64>) -> String? {
        for transition in rules.transitions(after: window.lowerBound, through: window.upperBound - 1) {
            if transition.change % 3600 != 0 { return "changes its offset by less than an hour" }
            let wallAfter = ((transition.utc + transition.offsetAfter) % 86_400 + 86_400) % 86_400
            let wallBefore = ((transition.utc + transition.offsetAfter - transition.change) % 86_400 + 86_400) % 86_400
            // The span the change skips or repeats, in seconds of the day: it touches midnight
            // when one of its ends is midnight or it wraps past it.
            let (start, end) = transition.change > 0 ? (wallBefore, wallBefore + transition.change)
                                                     : (wallAfter, wallAfter - transition.change)
            if start == 0 || end >= 86_400 { return "changes its offset at midnight" }
        }
        return nil
    }

    private static func values(_ list: String, in field: CronFieldKind) -> Set<Int> {
        if list == "*" { return Set(field.writtenRange) }
        var out = Set<Int>()
        for piece in list.split(separator: ",") {
            let ends = piece.split(separator: "-").compactMap { Int($0) }
            if ends.count == 2 { out.formUnion(ends[0]...ends[1]) } else if let value = ends.first { out.insert(value) }
        }
        return out
    }
}
