import Foundation

/// How a job's zone relates to a host's over a window of time, from the system tz database:
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

    static func between(job: TimeZone, host: TimeZone, window: Range<Date>) -> ZoneRelation {
        func offset(_ zone: TimeZone, _ date: Date) -> Int {
            Int((Double(zone.secondsFromGMT(for: date)) / 60).rounded(.down))
        }
        func transitions(_ zone: TimeZone) -> [Date] {
            var out: [Date] = []
            var cursor = window.lowerBound
            while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < window.upperBound {
                out.append(next)
                cursor = next
            }
            return out
        }
        let jobTransitions = transitions(job)
        let hostTransitions = transitions(host)
        var differences: Set<Int> = []
        for instant in [window.lowerBound] + jobTransitions + hostTransitions {
            differences.insert(offset(host, instant) - offset(job, instant))
        }
        var gaps: Set<Gap> = []
        for instant in jobTransitions {
            let before = offset(job, instant.addingTimeInterval(-1)), after = offset(job, instant)
            guard after > before else { continue }
            let wallEnd = minuteOfDay(instant, offset: after)
            let start = ((wallEnd - (after - before)) % 1440 + 1440) % 1440
            gaps.insert(Gap(start: start, length: after - before,
                            hostMinuteOfDayAtEnd: minuteOfDay(instant, offset: offset(host, instant))))
        }
        return ZoneRelation(
            differences: differences.sorted(),
            jobGaps: gaps.sorted { ($0.start, $0.length, $0.hostMinuteOfDayAtEnd) < ($1.start, $1.length, $1.hostMinuteOfDayAtEnd) },
            hostChangesOffset: !hostTransitions.isEmpty
        )
    }

    private static func minuteOfDay(_ instant: Date, offset: Int) -> Int {
        let minutes = Int((instant.timeIntervalSince1970 / 60).rounded(.down)) + offset
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
