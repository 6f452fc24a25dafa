/// How a job's zone relates to a host's over a window of time (zone rules from the tz database):
/// what Debian's cron (which schedules in the host's zone only) needs to wake the wrapper at
/// every minute the job could be due.
struct ZoneRelation: Sendable {
    /// Every `host offset − job offset` in force at some instant of the window, in minutes.
    var differences: [Int]
    /// Spring-forward gaps of the job's zone: the wall-clock minutes of the day that do not
    /// exist (`start ..< start + length`, may pass midnight) and the host's minute of the day
    /// at the instant the gap ends (where cronsim runs a fixed-time job that fell into it).
    var jobGaps: [Gap]
    /// Whether the host's own offset changes in the window (then a wall time can repeat).
    var hostChangesOffset: Bool

    struct Gap: Hashable, Sendable {
        var start: Int
        var length: Int
        var hostMinuteOfDayAtEnd: Int

        func contains(minuteOfDay: Int) -> Bool {
            let distance = ((minuteOfDay - start) % 1440 + 1440) % 1440
            return distance < length
        }
    }

    /// Both zones agree at every instant: the host's daemon reads the schedule as the job means it.
    var isEquivalent: Bool { differences == [0] }

    static func between(job: ZoneRules, host: ZoneRules, window: Range<Int64>) -> ZoneRelation {
        let from = window.lowerBound, through = window.upperBound - 1
        let jobTransitions = job.transitions(after: from, through: through)
        let hostTransitions = host.transitions(after: from, through: through)
        var differences: Set<Int> = []
        for instant in [from] + jobTransitions.map(\.utc) + hostTransitions.map(\.utc) {
            differences.insert(minutes(host.offset(atUTC: instant) - job.offset(atUTC: instant)))
        }
        var gaps: Set<Gap> = []
        for transition in jobTransitions where transition.change > 0 {
            let wallEnd = minuteOfDay(transition.utc, offsetMinutes: minutes(transition.offsetAfter))
            let length = minutes(transition.change)
            gaps.insert(Gap(start: ((wallEnd - length) % 1440 + 1440) % 1440, length: length,
                            hostMinuteOfDayAtEnd: minuteOfDay(transition.utc, offsetMinutes: minutes(host.offset(atUTC: transition.utc)))))
        }
        return ZoneRelation(
            differences: differences.sorted(),
            jobGaps: gaps.sorted { ($0.start, $0.length, $0.hostMinuteOfDayAtEnd) < ($1.start, $1.length, $1.hostMinuteOfDayAtEnd) },
            hostChangesOffset: !hostTransitions.isEmpty
        )
    }

    /// Whole minutes, rounded down.
    private static func minutes(_ seconds: Int64) -> Int {
        Int(seconds >= 0 ? seconds / 60 : -((-seconds + 59) / 60))
    }

    private static func minuteOfDay(_ instant: Int64, offsetMinutes: Int) -> Int {
        let minutes = minutes(instant) + offsetMinutes
        return ((minutes % 1440) + 1440) % 1440
    }

    /// The host's minutes of the day (0..<1440) at which a job due at the given wall-clock
    /// minutes of the day in its own zone can fire: every offset difference applied, plus the
    /// ends of the gaps that swallow one of them.
    func hostMinutesOfDay(forJobMinutesOfDay jobMinutes: [Int]) -> Set<Int> {
        var out: Set<Int> = []
        for minute in jobMinutes {
            for difference in differences { out.insert(((minute + difference) % 1440 + 1440) % 1440) }
        }
        for gap in jobGaps where jobMinutes.contains(where: gap.contains(minuteOfDay:)) {
            out.insert(gap.hostMinuteOfDayAtEnd)
        }
        return out
    }
}

extension ZoneRelation {
    /// Whether some minute of the day the schedule names falls in a wall-clock span the zone
    /// skips or repeats at one of its offset changes in the window: there schedulers that read
    /// wall times in the zone (systemd, robfig/cron) and cronsim part ways.
    static func meetsOffsetChange(schedule: CronSchedule, rules: ZoneRules, window: Range<Int64>) -> Bool {
        var spans: Set<Gap> = []
        for transition in rules.transitions(after: window.lowerBound, through: window.upperBound - 1) {
            let change = Int(transition.change / 60)
            let afterSeconds = transition.utc + transition.offsetAfter
            let wallAfter = Int(((afterSeconds / 60) % 1440 + 1440) % 1440)
            // Forward: [after − change, after) does not exist. Backward: [after, after + |change|) repeats.
            let start = change > 0 ? wallAfter - change : wallAfter
            spans.insert(Gap(start: (start % 1440 + 1440) % 1440, length: abs(change), hostMinuteOfDayAtEnd: 0))
        }
        if spans.isEmpty { return false }
        for hour in schedule.hours.values {
            for minute in schedule.minutes.values where spans.contains(where: { $0.contains(minuteOfDay: hour * 60 + minute) }) {
                return true
            }
        }
        return false
    }
}
