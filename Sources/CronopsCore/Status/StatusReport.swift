import FoundationEssentials

/// What `cronops status` says of one check of one job, decided from the monitor's
/// observation (`CheckObservation`, Healthchecks' own terms) and from ownership (the
/// `cronops:<project>` tag, as plan decides it). Exactly one applies, tried in this order:
///
/// - `unmonitored`: the job has `monitor: off`; nothing watches it. Listed rather than left
///   out so the report names every job of the repository, and nobody mistakes a job that is
///   not watched for one that is missing.
/// - `missing`: no check on the monitor has the job's slug (`apply` has not run since the job
///   was added or renamed, or someone deleted the check).
/// - `notOwned`: a check has the slug but not the ownership tag: it is someone else's, and
///   what it says may not be about this job (plan reports it as E200 until `adopt: true`).
/// - `paused`: Healthchecks status `paused` (a suspended job, or paused by hand): no alerts.
/// - `running`: a `/start` arrived without its finish (`started`) and the check is not down:
///   the job is running now, within its grace.
/// - `down`: status `down`: the last run failed, or the run is overdue by more than the grace.
/// - `late`: status `grace`: the run is overdue but still within its grace.
/// - `neverRan`: status `new`: the check has had no ping since it was created or resumed.
/// - `up`: status `up`: the last run reported success and the next is not yet due.
///
/// Late, down and missing are problems (`--detailed-exitcode` exits 2 for them); the others
/// are not.
public enum JobHealth: String, Sendable, CaseIterable, Equatable {
    case up, running, late, down, missing
    case neverRan = "never-ran"
    case paused
    case notOwned = "not-owned"
    case unmonitored

    /// The words a person reads (`never ran`, `missing on the server`).
    public var label: String {
        switch self {
        case .neverRan: "never ran"
        case .missing: "missing on the server"
        case .notOwned: "not owned"
        default: rawValue
        }
    }

    public var isProblem: Bool { self == .late || self == .down || self == .missing }

    /// Decides the state; see the type's documentation for each case.
    public static func of(_ observation: CheckObservation?, owned: Bool, monitored: Bool) -> JobHealth {
        guard monitored else { return .unmonitored }
        guard let observation else { return .missing }
        guard owned else { return .notOwned }
        switch observation.status {
        case .paused: return .paused
        case .down: return .down
        case _ where observation.started: return .running
        case .grace: return .late
        case .new: return .neverRan
        case .up: return .up
        }
    }
}

/// One row of the report: one check of one job (a per-host job has one row per host).
public struct JobStatus: Sendable, Equatable {
    public var job: String
    /// The job's `description` (user input, shown on the HTML page).
    public var description: String = ""
    /// The hosts this check watches: one for a per-host check, all the job's hosts for a
    /// shared check (none for a job on no host).
    public var hosts: [String]
    /// The check's slug; nil for an unmonitored job.
    public var slug: String?
    public var state: JobHealth
    /// The job's zone: last and next run are shown in it.
    public var zone: String
    /// The last ping of any kind (`last_ping`).
    public var lastRun: Date?
    /// Seconds the last finished run took (`last_duration`).
    public var duration: Int?
    /// The next instant the schedule is due after `now` (nil: never again).
    public var nextRun: Date?
    /// Why the last run failed, when the check is failing and the monitor could tell.
    public var failure: RunFailure?

    /// `job` or, for a per-host check of a job on several hosts, `job on host`.
    public var displayName: String { slug != nil && slug != job && hosts.count == 1 ? "\(job) on \(hosts[0])" : job }
}

/// Everything `cronops status` shows, computed without I/O from the spec, one read of the
/// monitor and `now`.
public struct StatusReport: Sendable, Equatable {
    public var project: String
    public var provider: String
    public var target: String
    public var now: Date
    public var rows: [JobStatus]
    public var limitations: [String]
    public var requests: Int
    /// The coming week of each host the report covers, in spec order.
    public var timelines: [HostTimeline]

    /// Matches checks to jobs by slug (`DesiredChecks.identities`, plan's identity) and
    /// decides each row's state. `hosts`: only rows watching one of these (empty = all).
    /// `zones` resolves a job's zone for its next run (nil: next run unknown). `timelines`:
    /// also compute each host's coming week (the HTML page shows it; the other formats do not
    /// pay for it).
    public static func make(spec: Spec, snapshot: StatusSnapshot, provider: String, target: String, now: Date,
                            hosts filter: [String] = [], timelines withTimelines: Bool = false,
                            zones: (String) -> ZoneRules?) -> StatusReport {
        var bySlug: [String: [CheckObservation]] = [:]
        for observation in snapshot.checks where !observation.check.slug.isEmpty {
            bySlug[observation.check.slug, default: []].append(observation)
        }
        let tag = spec.ownershipTag
        var rows: [JobStatus] = []
        for job in spec.jobs {
            let next = zones(job.timezone).flatMap { job.schedule.next(after: now, in: $0) }
            let identities = DesiredChecks.identities(of: job)
            if identities.isEmpty {
                rows.append(JobStatus(job: job.name, description: job.description, hosts: job.hosts, slug: nil, state: .unmonitored, zone: job.timezone, nextRun: next))
                continue
            }
            for identity in identities {
                let candidates = bySlug[identity.slug] ?? []
                // Slugs are not unique on Healthchecks: an owned check wins, then the latest ping.
                let owned = candidates.filter { $0.check.hasTag(tag) }
                let pick = (owned.isEmpty ? candidates : owned).max { ($0.lastPing ?? .distantPast) < ($1.lastPing ?? .distantPast) }
                let state = JobHealth.of(pick, owned: !owned.isEmpty, monitored: true)
                let shows = state != .missing && state != .notOwned
                rows.append(JobStatus(job: job.name, description: job.description, hosts: identity.host.map { [$0] } ?? job.hosts, slug: identity.slug, state: state,
                                      zone: job.timezone, lastRun: shows ? pick?.lastPing : nil,
                                      duration: shows ? pick?.lastDuration : nil, nextRun: next,
                                      failure: state == .down || state == .running || state == .up ? pick?.lastFailure : nil))
            }
        }
        if !filter.isEmpty {
            rows = rows.filter { $0.hosts.contains(where: filter.contains) }
        }
        rows.sort { ($0.job, $0.hosts.first ?? "") < ($1.job, $1.hosts.first ?? "") }
        let timelines = !withTimelines ? [] : spec.hosts.filter { filter.isEmpty || filter.contains($0.name) }.map { host in
            HostTimeline.make(host: host, jobs: spec.jobs.filter { $0.hosts.contains(host.name) }, now: now, zones: zones)
        }
        return StatusReport(project: spec.project, provider: provider, target: target, now: now, rows: rows,
                            limitations: snapshot.limitations, requests: snapshot.requests, timelines: timelines)
    }

    /// Something is late, down or missing (`--detailed-exitcode` exits 2).
    public var hasProblems: Bool { rows.contains { $0.state.isProblem } }

    public func count(_ state: JobHealth) -> Int { rows.count { $0.state == state } }

    /// The first line of every format: counts in a fixed order, and after the problem states
    /// the jobs they are about (`14 up, 1 down: invoice-processor failed 'sent == generated'
    /// 3 h ago, 1 never ran`).
    public var summary: String {
        if rows.isEmpty { return "No jobs to report." }
        var parts: [String] = []
        for state in JobHealth.summaryOrder {
            let matching = rows.filter { $0.state == state }
            guard !matching.isEmpty else { continue }
            var part = "\(matching.count) \(state.label)"
            if state.isProblem {
                let shown = matching.prefix(3).map { detail(of: $0) }
                part += ": " + shown.joined(separator: ", ")
                if matching.count > shown.count { part += " and \(matching.count - shown.count) more" }
            }
            parts.append(part)
        }
        return parts.joined(separator: ", ")
    }

    /// A problem row in a few words.
    func detail(of row: JobStatus) -> String {
        let name = row.displayName
        switch row.state {
        case .down:
            if let failure = row.failure {
                let reason = failure.shortReason
                let words = reason.hasPrefix("'") ? "failed \(reason)" : "failed (\(reason))"
                return "\(name) \(words) \(StatusTime.ago(failure.at, now: now))"
            }
            return row.lastRun.map { "\(name) last reported \(StatusTime.ago($0, now: now))" } ?? "\(name) never reported"
        case .late:
            return row.lastRun.map { "\(name) (last run \(StatusTime.ago($0, now: now)))" } ?? name
        default:
            return name
        }
    }
}

extension JobHealth {
    /// The order of the summary line and of the counts in JSON.
    public static let summaryOrder: [JobHealth] = [.up, .running, .late, .down, .missing, .neverRan, .paused, .notOwned, .unmonitored]
}

/// Instants as `status` shows them: in the job's zone, and relative to now.
public enum StatusTime {
    /// `2026-11-27 02:00 +01:00`
    public static func local(_ date: Date, zone: ZoneRules) -> String {
        let t = Int64(date.timeIntervalSince1970.rounded(.down))
        let offset = zone.offset(atUTC: t)
        let civil = CivilDateTime(localSeconds: t + offset)
        return civil.date.iso + " " + civil.hhmm + " " + ScheduleFormat.offset(offset)
    }

    /// `3 h ago`, `in 20 min`, `just now`: the largest unit, rounded down.
    public static func ago(_ date: Date, now: Date) -> String {
        let seconds = Int(now.timeIntervalSince(date).rounded())
        let words = span(abs(seconds))
        if words == nil { return "just now" }
        return seconds >= 0 ? "\(words!) ago" : "in \(words!)"
    }

    /// nil under a minute.
    static func span(_ seconds: Int) -> String? {
        switch seconds {
        case ..<60: nil
        case ..<3600: "\(seconds / 60) min"
        case ..<(2 * 86_400): "\(seconds / 3600) h"
        default: "\(seconds / 86_400) d"
        }
    }

    /// `12 s`, `3 min 20 s`, `1 h 5 min`.
    public static func duration(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: "\(seconds) s"
        case ..<3600: seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds / 60) min \(seconds % 60) s"
        default: "\(seconds / 3600) h \(seconds / 60 % 60) min"
        }
    }
}
