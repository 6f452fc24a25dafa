/// The check one job (or one host of a job) should have on the monitor, in the provider's terms.
public struct DesiredCheck: Sendable, Equatable {
    public var slug: String
    public var job: String
    /// Set for per-host checks (`<job>__<host>`).
    public var host: String?
    public var name: String
    public var desc: String
    /// Sorted, without duplicates; includes the ownership tag.
    public var tags: [String]
    /// Five fields, single spaces, macros expanded.
    public var schedule: String
    /// Canonical zone name (what the server stores after rewriting legacy names).
    public var tz: String
    public var grace: Int
    /// Sorted channel ids; nil when the provider hides channels (read-only key).
    public var channelIDs: [String]?
    /// The route channels as written, for display when ids are unknown.
    public var channelNames: [String]
    /// Slugs this check had before a rename (`previous_names`).
    public var previousSlugs: [String]
    public var adopt: Bool
    /// The job is suspended: its check is paused, with `manual_resume`.
    public var suspension: Suspension?
    public var location: SourceLocation

    public var tagString: String { tags.joined(separator: " ") }
    public var channelString: String? { channelIDs?.joined(separator: ",") }
}

/// Healthchecks' bounds for `grace` (60 s … 365 d).
enum GraceBounds {
    static let minimum = 60
    static let maximum = 31_536_000
}

public enum DesiredChecks {
    /// Slack added to `max_runtime` so that a run killed at its limit still reports before
    /// the check alerts: the wrapper's SIGTERM→SIGKILL grace plus the time of the final ping.
    public static let runtimeSlack = 60

    /// The grace sent to the server. With a /start ping the server measures grace from the
    /// start, so a run that legitimately lasts up to `max_runtime` needs grace ≥ max_runtime
    /// (+ slack); a run delayed by `overlap: wait` starts at most `max_runtime` late, which the
    /// same bound covers. The job's own grace stays the lateness allowance when it is larger.
    ///
    /// `jitter` delays the start by up to its length: it adds to the lateness allowance.
    /// `retry` runs up to `attempts` more times after the first, each up to `max_runtime`,
    /// with the waits between them, all after the one /start: the check must not alert
    /// before the last attempt could have reported.
    public static func effectiveGrace(for job: Job) -> Int {
        min(max(requiredGrace(for: job), GraceBounds.minimum), GraceBounds.maximum)
    }

    /// The grace the job needs, before Healthchecks' bounds; `validate` refuses a job whose
    /// need is above them.
    public static func requiredGrace(for job: Job) -> Int {
        let lateness = job.grace.seconds + (job.jitter?.seconds ?? 0)
        let runs = (job.retry?.attempts ?? 0) + 1
        var running = 0
        if let maxRuntime = job.maxRuntime { running = runs * maxRuntime.seconds + runtimeSlack }
        if let retry = job.retry { running = max(running, runtimeSlack) + retry.totalWait }
        return max(lateness, running)
    }

    /// The slug of each check a job owns, paired with the host it watches (nil = all hosts).
    public static func identities(of job: Job) -> [(slug: String, host: String?)] {
        switch job.monitor {
        case .off: return []
        case .shared: return [(job.name, nil)]
        case .perHost:
            guard job.hosts.count > 1 else { return [(job.name, nil)] }
            return job.hosts.map { ("\(job.name)__\($0)", $0) }
        }
    }

    /// Every check the spec asks for, sorted by slug. Route channels that do not resolve are
    /// reported once per job and channel; the check then carries the channels that did.
    public static func derive(from spec: Spec, channels directory: ChannelDirectory,
                              diagnostics: inout Diagnostics) -> [DesiredCheck] {
        let resolver = ChannelResolver(directory)
        var result: [DesiredCheck] = []
        result.reserveCapacity(spec.jobs.count)
        for job in spec.jobs {
            let ids = identities(of: job)
            if ids.isEmpty { continue }
            let tags = Array(Set(job.tags + [spec.ownershipTag])).sorted()
            let desc = description(of: job, root: spec.root)
            let (channelIDs, channelNames) = resolveChannels(of: job, spec: spec, resolver: resolver,
                                                              diagnostics: &diagnostics)
            let tz = ZoneTable.canonical(job.timezone) ?? job.timezone
            let grace = effectiveGrace(for: job)
            for (slug, host) in ids {
                let previous = job.previousNames.map { old in host.map { "\(old)__\($0)" } ?? old }
                result.append(DesiredCheck(
                    slug: slug, job: job.name, host: host, name: slug, desc: desc, tags: tags,
                    schedule: job.schedule.expression, tz: tz, grace: grace, channelIDs: channelIDs,
                    channelNames: channelNames, previousSlugs: previous, adopt: job.adopt,
                    suspension: job.suspension, location: job.location))
            }
        }
        return result.sorted { $0.slug < $1.slug }
    }

    /// The job's description, then where it is defined, so that someone looking at an alert
    /// knows which file to edit. The line is left out on purpose: editing a file above the job
    /// would otherwise show a diff on every check below it.
    static func description(of job: Job, root: String) -> String {
        var file = job.location.file
        let prefix = root.hasSuffix("/") ? root : root + "/"
        if root != "" && root != "." && file.hasPrefix(prefix) { file.removeFirst(prefix.count) }
        if file.hasPrefix("./") { file.removeFirst(2) }
        let source = "Managed by cronops from \(file)"
        return job.description.isEmpty ? source : "\(job.description)\n\n\(source)"
    }

    static func resolveChannels(of job: Job, spec: Spec, resolver: ChannelResolver,
                                diagnostics: inout Diagnostics) -> (ids: [String]?, names: [String]) {
        var ids = Set<String>()
        var names: [String] = []
        for routeName in job.alerts {
            guard let route = spec.route(named: routeName) else { continue }  // the loader reports unknown routes
            for channel in route.channels {
                names.append(channel)
                switch resolver.resolve(channel) {
                case .id(let id): ids.insert(id)
                case .unknown: break
                case .missing:
                    diagnostics.emit(.planChannelMissing(channel, route: route, job: job))
                case .ambiguous(let candidates):
                    diagnostics.emit(.planChannelAmbiguous(channel, ids: candidates, route: route, job: job))
                }
            }
        }
        var seen = Set<String>()
        names = names.filter { seen.insert($0).inserted }
        return (resolver.isHidden ? nil : ids.sorted(), names)
    }
}

struct ChannelResolver {
    enum Resolution: Equatable {
        case id(String)
        case unknown
        case missing
        case ambiguous([String])
    }

    let directory: ChannelDirectory
    private var byID: Set<String> = []
    private var byName: [String: [String]] = [:]

    init(_ directory: ChannelDirectory) {
        self.directory = directory
        if case .listed(let channels) = directory {
            for channel in channels {
                byID.insert(channel.id)
                byName[channel.name, default: []].append(channel.id)
            }
        }
    }

    var isHidden: Bool { directory == .hidden }

    /// A route may name a channel by name or by id (the way to disambiguate a duplicated name).
    func resolve(_ channel: String) -> Resolution {
        switch directory {
        case .hidden: return .unknown
        case .namesAreIDs: return .id(channel)
        case .listed:
            if byID.contains(channel) { return .id(channel) }
            guard let ids = byName[channel] else { return .missing }
            return ids.count == 1 ? .id(ids[0]) : .ambiguous(ids)
        }
    }
}
