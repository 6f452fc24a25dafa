import FoundationEssentials
import Glibc

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
        // Jobs often share a schedule and a zone: each distinct pair is evaluated once.
        var dstEvents: [ScheduleKey: [DSTEvent]] = [:]
        var gaps: [GapKey: Gap?] = [:]
        // One zone lookup per zone name, not per job: the loader locks a shared cache.
        var known: [String: (zone: ZoneRules, changes: [ZoneTransition])?] = [:]
        for job in spec.jobs {
            let entry: (zone: ZoneRules, changes: [ZoneTransition])?
            if let cached = known[job.timezone] {
                entry = cached
            } else {
                entry = zones(job.timezone).map { ($0, $0.transitions(after: start, through: start + horizon)) }
                known[job.timezone] = .some(entry)
            }
            guard let (zone, changes) = entry else { continue }
            let key = ScheduleKey(expression: job.schedule.expression, zone: job.timezone)
            if job.schedule.dstMode == .fixedTime {
                if dstEvents[key] == nil { dstEvents[key] = ScheduleLint.dstEvents(job.schedule, zone: zone, transitions: changes) }
                out += dstEvents[key]!.map { $0.diagnostic(job) }
            }
            // The first gap between runs no longer than `limit`, once per schedule, zone and limit.
            func gap(notLongerThan limit: TimeSpan) -> Gap? {
                let gapKey = GapKey(schedule: key, limit: Int64(limit.seconds))
                if let known = gaps[gapKey] { return known }
                let gap = gapNotLonger(than: gapKey.limit, job.schedule, zone: zone, from: start, transitions: changes)
                gaps[gapKey] = .some(gap)
                return gap
            }
            if let jitter = job.jitter, let gap = gap(notLongerThan: jitter) {
                out.append(.jitterNotShorterThanGap(job: job, jitter: jitter, gap: gap.length, at: ScheduleFormat.iso(gap.before, in: zone)))
            }
            if let limit = job.maxRuntime, let gap = gap(notLongerThan: limit) {
                out.append(.maxRuntimeNotShorterThanGap(job: job, maxRuntime: limit, gap: gap.length, at: ScheduleFormat.iso(gap.before, in: zone)))
            }
        }
        out += sameMinuteWarnings(spec, zones: zones, from: start)
        return out
    }

    struct ScheduleKey: Hashable {
        var expression: String
        var zone: String
    }

    struct GapKey: Hashable {
        var schedule: ScheduleKey
        var limit: Int64
    }

    struct Gap {
        var length: Int64
        /// The run that comes that soon after the previous one.
        var before: Int64
    }

    /// What a DST change does to a fixed-time schedule on one day.
    struct DSTEvent {
        var date: CivilDate
        var times: [String]
        /// Spring: where the collapsed run lands. Autumn: nil.
        var gap: Bool
        var runsAt: String?
        var offsets: (first: Int64, second: Int64)

        func diagnostic(_ job: Job) -> Diagnostic {
            gap ? .scheduleInDSTGap(job: job, date: date, skipped: times, runsAt: runsAt)
                : .scheduleInDSTOverlap(job: job, date: date, times: times, first: ScheduleFormat.offset(offsets.first),
                                        second: ScheduleFormat.offset(offsets.second))
        }
    }

    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    // MARK: DST

    static func dstEvents(_ s: CronSchedule, zone: ZoneRules, transitions: [ZoneTransition]) -> [DSTEvent] {
        var out: [DSTEvent] = []
        for t in transitions where t.change != 0 {
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
            let run = t.change > 0
                ? s.next(afterUTC: t.utc - 1, in: zone).map { CivilDateTime(localSeconds: $0 + zone.offset(atUTC: $0)).hhmm }
                : nil
            out.append(DSTEvent(date: date, times: hit.map(\.text), gap: t.change > 0, runsAt: run,
                                offsets: (t.offsetBefore, t.offsetAfter)))
        }
        return out
    }

    // MARK: max_runtime

    /// The first two consecutive runs within the next year that are at most `limit` apart.
    ///
    /// Without DST, the smallest gap is the smallest step between the day's times when that
    /// is no larger than the step across midnight; DST can shorten a gap only next to a
    /// clock change, by at most the change (≤ 2 h since 2011, 24 h in Samoa that year). So
    /// most schedules are decided without listing runs, and the rest by listing a few runs
    /// around each change.
    static func gapNotLonger(than limit: Int64, _ s: CronSchedule, zone: ZoneRules, from start: Int64,
                             transitions: [ZoneTransition]) -> Gap? {
        var times: [Int64] = []
        for h in s.hours.values { for m in s.minutes.values { times.append(Int64(h * 3600 + m * 60)) } }
        var withinDay = Int64.max
        for i in times.indices.dropFirst() { withinDay = min(withinDay, times[i] - times[i - 1]) }
        let acrossDays = times.isEmpty ? Int64.max : times[0] + 86_400 - times[times.count - 1]
        let nominal = min(withinDay, acrossDays)
        let slack: Int64 = 3 * 3600
        if limit + slack < nominal { return nil }

        func firstGap(after from: Int64, through: Int64) -> Gap? {
            var iterator = CronsimIterator(schedule: s, zone: zone, startUTC: from)
            var previous: Int64?
            for _ in 0..<2_000 {
                guard let t = iterator.next(), t <= through else { return nil }
                if let p = previous {
                    guard t > p else { continue }
                    if t - p <= limit { return Gap(length: t - p, before: t) }
                }
                if t > from { previous = t }
            }
            return nil
        }
        if limit >= nominal {
            // The day's own step, or the step across midnight where two matching days meet.
            if let gap = firstGap(after: start, through: start + horizon) { return gap }
        }
        let reach = (nominal == Int64.max ? 86_400 : nominal) + slack
        for t in transitions {
            if let gap = firstGap(after: t.utc - reach, through: t.utc + reach) { return gap }
        }
        return nil
    }

    // MARK: same minute

    static func sameMinuteWarnings(_ spec: Spec, zones: (String) -> ZoneRules?, from start: Int64) -> [Diagnostic] {
        var runsByKey: [ScheduleKey: [Int64]] = [:]
        var out: [Diagnostic] = []
        var jobsByHost: [String: [Job]] = [:]
        for job in spec.jobs { for host in job.hosts { jobsByHost[host, default: []].append(job) } }
        for host in spec.hosts {
            guard let jobs = jobsByHost[host.name], jobs.count >= sameMinuteThreshold else { continue }
            var groups: [ScheduleKey: [Job]] = [:]
            for job in jobs { groups[ScheduleKey(expression: job.schedule.expression, zone: job.timezone), default: []].append(job) }
            // Count starts per instant, each distinct schedule once with the weight of its jobs.
            var weights: [(instant: Int64, weight: Int)] = []
            for (key, members) in groups {
                if runsByKey[key] == nil {
                    guard let zone = zones(key.zone) else { continue }
                    runsByKey[key] = members[0].schedule.runs(afterUTC: start, through: start + sameMinuteWindow, in: zone, limit: 10_080)
                }
                for t in runsByKey[key]! { weights.append((t, members.count)) }
            }
            let best = busiestInstant(weights, from: start)
            guard best.count >= sameMinuteThreshold else { continue }
            let together = jobs.filter { job in
                guard let runs = runsByKey[ScheduleKey(expression: job.schedule.expression, zone: job.timezone)] else { return false }
                return ZoneRules.lastIndex(in: runs, notAfter: best.instant) >= 0 && runs[ZoneRules.lastIndex(in: runs, notAfter: best.instant)] == best.instant
            }
            out.append(.manyJobsInOneMinute(host: host.name, jobs: together, minute: ScheduleFormat.isoUTC(best.instant)))
        }
        return out
    }
}

extension ScheduleLint {
    /// The instant with the largest total weight (the earliest of equals), or (0, 0).
    ///
    /// Runs fall on whole minutes of a week: a hundred hosts with thousands of starts each
    /// are counted in one array of minutes instead of sorting every start. An instant off
    /// the minute (a zone offset in seconds) sends the host to the sort.
    static func busiestInstant(_ weights: [(instant: Int64, weight: Int)], from start: Int64) -> (instant: Int64, count: Int) {
        let base = Civil.floorDiv(start, 60) * 60
        let minutes = Int(sameMinuteWindow / 60) + 2
        if weights.allSatisfy({ $0.instant % 60 == 0 && $0.instant >= base && ($0.instant - base) / 60 < Int64(minutes) }) {
            var counts = [Int](repeating: 0, count: minutes)
            for w in weights { counts[Int((w.instant - base) / 60)] += w.weight }
            var best: (instant: Int64, count: Int) = (0, 0)
            for (i, count) in counts.enumerated() where count > best.count { best = (base + Int64(i) * 60, count) }
            return best
        }
        let sorted = weights.sorted { $0.instant < $1.instant }
        var best: (instant: Int64, count: Int) = (0, 0)
        var i = 0
        while i < sorted.count {
            var j = i, total = 0
            while j < sorted.count, sorted[j].instant == sorted[i].instant { total += sorted[j].weight; j += 1 }
            if total > best.count { best = (sorted[i].instant, total) }
            i = j
        }
        return best
    }
}

extension CronSchedule {
    /// Whether the day fields select `date` (the month field aside).
    func matchesDay(_ date: CivilDate) -> Bool {
        CronsimIterator(schedule: self, zone: .utc, startUTC: 0, naive: true).matchDay(date)
    }
}
