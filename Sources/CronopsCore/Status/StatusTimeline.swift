import FoundationEssentials

/// The coming week on one host, for the HTML page: when each of its jobs starts, in the
/// host's zone (each job's schedule is evaluated in the job's own zone, as its wrapper line
/// does), the zone's offset changes, and the minutes where most jobs start at once.
public struct HostTimeline: Sendable, Equatable {
    public var host: String
    public var zone: String
    /// Midnight (UTC seconds) of each of the seven local days shown, from today on; the last
    /// element is the end of the seventh day. Days are 23 or 25 hours long across a change.
    public var dayStarts: [Int64]
    /// Run starts per job (UTC seconds, ascending), jobs in name order.
    public var runs: [(job: String, starts: [Int64])]
    /// Offset changes of the host's zone within the week.
    public var transitions: [ZoneTransition]
    /// The busiest start minutes (UTC seconds of the minute, and the jobs starting then),
    /// most jobs first, then earliest; only minutes with two or more starts, at most five.
    public var busiest: [(minute: Int64, jobs: [String])]

    /// At most this many starts per job and week are kept (a job every minute has 10,080).
    public static let runLimit = 10_080

    public static func == (a: HostTimeline, b: HostTimeline) -> Bool {
        a.host == b.host && a.zone == b.zone && a.dayStarts == b.dayStarts && a.transitions == b.transitions
            && a.runs.map(\.job) == b.runs.map(\.job) && a.runs.map(\.starts) == b.runs.map(\.starts)
            && a.busiest.map(\.minute) == b.busiest.map(\.minute) && a.busiest.map(\.jobs) == b.busiest.map(\.jobs)
    }

    /// `jobs`: the jobs that run on `host` (every job listing it, monitored or not).
    public static func make(host: Host, jobs: [Job], now: Date, zones: (String) -> ZoneRules?) -> HostTimeline {
        let zone = zones(host.timezone) ?? .utc
        let t0 = Int64(now.timeIntervalSince1970.rounded(.down))
        var day = CivilDateTime(localSeconds: t0 + zone.offset(atUTC: t0)).date
        var dayStarts: [Int64] = []
        for _ in 0...7 {
            dayStarts.append(Self.midnight(of: day, in: zone))
            day = CivilDate(daysSinceEpoch: day.daysSinceEpoch + 1)
        }
        let end = dayStarts[7]
        var runs: [(job: String, starts: [Int64])] = []
        var perMinute: [Int64: [String]] = [:]
        for job in jobs.sorted(by: { $0.name < $1.name }) {
            guard let jobZone = zones(job.timezone) else { continue }
            // From the start of today, so the page shows the whole of today, runs past included.
            let starts = job.schedule.runs(afterUTC: dayStarts[0] - 1, through: end - 1, in: jobZone, limit: runLimit)
            runs.append((job.name, starts))
            for t in starts where t >= t0 { perMinute[t - t % 60, default: []].append(job.name) }
        }
        let busiest = perMinute.filter { $0.value.count > 1 }
            .sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
            .prefix(5).map { (minute: $0.key, jobs: $0.value) }
        return HostTimeline(host: host.name, zone: zone.name, dayStarts: dayStarts, runs: runs,
                            transitions: zone.transitions(after: dayStarts[0], through: end), busiest: busiest)
    }

    /// The first instant of `day` in `zone` (midnight, or the end of a gap that skips it).
    static func midnight(of day: CivilDate, in zone: ZoneRules) -> Int64 {
        let wall = CivilDateTime(day, hour: 0, minute: 0).localSeconds
        var t = wall - zone.offset(forLocal: wall, fold: false)
        // A gap at midnight: the day begins when the clocks resume.
        while CivilDateTime(localSeconds: t + zone.offset(atUTC: t)).date < day { t += 60 }
        return t
    }
}
