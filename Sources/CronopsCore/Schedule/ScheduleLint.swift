import Foundation

/// The schedule warnings of `cronops validate` (SPEC §2.1): DST gaps and overlaps that move or
/// drop a fixed-time job's run within the next 12 months, `max_runtime` at least the shortest
/// gap between runs, and many jobs starting in the same minute on one host.
///
/// Cheap enough for 10,000 jobs: each job is looked at only around its zone's transitions,
/// and runs are enumerated only where a structural bound cannot decide.
public enum ScheduleLint {
    /// Ten or more jobs starting together on one host: each start forks a shell and the
    /// wrapper, pings the monitor and usually hits the same database or disk; at ten the spike
    /// is worth a few minutes of spreading, below it a shared "0 0 * * *" is normal.
    public static let sameMinuteThreshold = 10
    static let horizon: Int64 = 365 * 86_400
    /// How long the same-minute check looks ahead: a week holds every weekday pattern.
    static let sameMinuteWindow: Int64 = 7 * 86_400

    public static func warnings(for spec: Spec, now: Date, zones: (String) -> ZoneRules?) -> [Diagnostic] {
        let start = Int64(floor(now.timeIntervalSince1970))
        var out: [Diagnostic] = []
        for job in spec.jobs {
            guard let zone = zones(job.timezone) else { continue }
            if job.schedule.dstMode == .fixedTime { out += dstWarnings(job, zone: zone, from: start) }
            if let limit = job.maxRuntime, let w = maxRuntimeWarning(job, limit: limit, zone: zone, from: start) { out.append(w) }
        }
        out += sameMinuteWarnings(spec, zones: zones, from: start)
        return out
    }

    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    // MARK: DST

    static func dstWarnings(_ job: Job, zone: ZoneRules, from start: Int64) -> [Diagnostic] {
        let s = job.schedule
        var out: [Diagnostic] = []
        for t in zone.transitions(after: start, through: start + horizon) where t.change != 0 {
            let low = t.utc + min(t.offsetBefore, t.offsetAfter), high = t.utc + max(t.offsetBefore, t.offsetAfter)
            // Scheduled wall times in [low, high) on the days that range touches.
            var hit: [(wall: Int64, text: String)] = []
            var day = Civil.floorDiv(low, 86_400)
            while day * 86_400 < high {
                let date = CivilDate(daysSinceEpoch: day)
                if s.months.contains(date.month), s.matchesDay(date) {
                    for h in s.hours.values {
                        for m in s.minutes.values {
                            let wall = day * 86_400 + Int64(h * 3600 + m * 60)
                            if wall >= low, wall < high { hit.append((wall, CivilDateTime(localSeconds: wall).hhmm)) }
                        }
                    }
                }
                day += 1
            }
            guard let first = hit.first else { continue }
            let date = CivilDateTime(localSeconds: first.wall).date
            if t.change > 0 {
                let run = s.next(afterUTC: t.utc - 1, in: zone).map { CivilDateTime(localSeconds: $0 + zone.offset(atUTC: $0)).hhmm }
                out.append(.scheduleInDSTGap(job: job, date: date, skipped: hit.map(\.text), runsAt: run))
            } else {
                out.append(.scheduleInDSTOverlap(job: job, date: date, times: hit.map(\.text),
                                                 first: ScheduleFormat.offset(t.offsetBefore), second: ScheduleFormat.offset(t.offsetAfter)))
            }
        }
        return out
    }

    // MARK: max_runtime

    static func maxRuntimeWarning(_ job: Job, limit: TimeSpan, zone: ZoneRules, from start: Int64) -> Diagnostic? {
        let s = job.schedule
        let limitSeconds = Int64(limit.seconds)
        // Minute-of-day times: within a day the smallest step recurs on every matching day.
        var times: [Int64] = []
        for h in s.hours.values { for m in s.minutes.values { times.append(Int64(h * 3600 + m * 60)) } }
        var withinDay = Int64.max
        for i in times.indices.dropFirst() { withinDay = min(withinDay, times[i] - times[i - 1]) }
        let acrossDays = times.isEmpty ? Int64.max : times[0] + 86_400 - times[times.count - 1]
        // DST and day rules can only shorten a gap by the size of a clock change (≤ 24 h in
        // Samoa's 2011 jump, ≤ 2 h everywhere since): below that nothing to enumerate.
        if limitSeconds + 3 * 3600 < min(withinDay, acrossDays) { return nil }
        var shortest = Int64.max, before: Int64 = 0
        func scan(_ runs: [Int64]) {
            for i in runs.indices.dropFirst() where runs[i] - runs[i - 1] < shortest {
                shortest = runs[i] - runs[i - 1]
                before = runs[i]
            }
        }
        scan(s.runs(afterUTC: start, through: start + horizon, in: zone, limit: 2_000))
        for t in zone.transitions(after: start, through: start + horizon) {
            scan(s.runs(afterUTC: t.utc - 2 * 86_400, through: t.utc + 2 * 86_400, in: zone, limit: 2_000))
        }
        guard shortest != Int64.max, limitSeconds >= shortest else { return nil }
        return .maxRuntimeNotShorterThanGap(job: job, maxRuntime: limit, gap: shortest, at: ScheduleFormat.iso(before, in: zone))
    }

    // MARK: same minute

    static func sameMinuteWarnings(_ spec: Spec, zones: (String) -> ZoneRules?, from start: Int64) -> [Diagnostic] {
        // Jobs sharing a schedule and zone share their runs: enumerate each pair once.
        struct Key: Hashable { var expression: String; var zone: String }
        var runsByKey: [Key: [Int64]] = [:]
        var out: [Diagnostic] = []
        for host in spec.hosts {
            let jobs = spec.jobs.filter { $0.hosts.contains(host.name) }
            guard jobs.count >= sameMinuteThreshold else { continue }
            var starts: [Int64: [Int]] = [:]
            for (i, job) in jobs.enumerated() {
                let key = Key(expression: job.schedule.expression, zone: job.timezone)
                if runsByKey[key] == nil {
                    guard let zone = zones(job.timezone) else { continue }
                    runsByKey[key] = job.schedule.runs(afterUTC: start, through: start + sameMinuteWindow, in: zone, limit: 10_080)
                }
                for t in runsByKey[key]! { starts[t, default: []].append(i) }
            }
            guard let busiest = starts.max(by: { ($0.value.count, -$0.key) < ($1.value.count, -$1.key) }),
                  busiest.value.count >= sameMinuteThreshold else { continue }
            let together = busiest.value.map { jobs[$0] }
            out.append(.manyJobsInOneMinute(host: host.name, jobs: together, minute: ScheduleFormat.isoUTC(busiest.key)))
        }
        return out
    }
}

extension CronSchedule {
    /// Whether the day fields select `date` (the month field aside).
    func matchesDay(_ date: CivilDate) -> Bool {
        CronsimIterator(schedule: self, zone: .utc, startUTC: 0, naive: true).matchDay(date)
    }
}
