import FoundationEssentials
import Glibc
public enum MonitorMode: String, Sendable, CaseIterable, Codable {
    /// One check per host (`<job>__<host>`) when the job runs on several hosts.
    case perHost = "per-host"
    /// One check for all hosts.
    case shared
    /// No check at all.
    case off
}

public enum OverlapPolicy: String, Sendable, CaseIterable, Codable {
    /// A run that finds the previous one still running does not start (and is logged).
    case skip
    /// It waits for the previous one, at most `max_runtime`.
    case wait
    /// Runs overlap, as plain cron would do.
    case allow
}

public struct EnvVar: Sendable, Equatable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One scheduled job, with defaults applied (job > defaults > built-in).
///
/// A value, but its fields sit behind one reference, copied on the first write: a job has
/// some twenty strings and arrays, and a repository thousands of jobs that are sorted,
/// grouped per host and handed between stages. Each of those copies would otherwise retain
/// every field; now it retains one box.
public struct Job: Sendable {
    private var storage: Storage

    public var name: String {
        get { storage.fields.name }
        set { unique().fields.name = newValue }
    }
    public var description: String {
        get { storage.fields.description }
        set { unique().fields.description = newValue }
    }
    public var command: String {
        get { storage.fields.command }
        set { unique().fields.command = newValue }
    }
    public var schedule: CronSchedule {
        get { storage.fields.schedule }
        set { unique().fields.schedule = newValue }
    }
    /// Canonical IANA zone the schedule is read in.
    public var timezone: String {
        get { storage.fields.timezone }
        set { unique().fields.timezone = newValue }
    }
    /// Host names, in the order written; empty = monitor only.
    public var hosts: [String] {
        get { storage.fields.hosts }
        set { unique().fields.hosts = newValue }
    }
    public var monitor: MonitorMode {
        get { storage.fields.monitor }
        set { unique().fields.monitor = newValue }
    }
    public var user: String {
        get { storage.fields.user }
        set { unique().fields.user = newValue }
    }
    public var grace: TimeSpan {
        get { storage.fields.grace }
        set { unique().fields.grace = newValue }
    }
    public var maxRuntime: TimeSpan? {
        get { storage.fields.maxRuntime }
        set { unique().fields.maxRuntime = newValue }
    }
    public var overlap: OverlapPolicy {
        get { storage.fields.overlap }
        set { unique().fields.overlap = newValue }
    }
    public var tags: [String] {
        get { storage.fields.tags }
        set { unique().fields.tags = newValue }
    }
    /// Route names.
    public var alerts: [String] {
        get { storage.fields.alerts }
        set { unique().fields.alerts = newValue }
    }
    /// Sorted by name.
    public var env: [EnvVar] {
        get { storage.fields.env }
        set { unique().fields.env = newValue }
    }
    public var tolerate: Int {
        get { storage.fields.tolerate }
        set { unique().fields.tolerate = newValue }
    }
    public var previousNames: [String] {
        get { storage.fields.previousNames }
        set { unique().fields.previousNames = newValue }
    }
    public var adopt: Bool {
        get { storage.fields.adopt }
        set { unique().fields.adopt = newValue }
    }
    /// The job's own or `defaults:` shell; nil means the host's (`shell(on:)`).
    public var shell: String? {
        get { storage.fields.shell }
        set { unique().fields.shell = newValue }
    }
    public var validate: OutputRules {
        get { storage.fields.validate }
        set { unique().fields.validate = newValue }
    }
    /// Set when the job is suspended: it does not run (its lines are commented out) and its
    /// check is paused with `manual_resume`, so a stray ping cannot wake it.
    public var suspension: Suspension? {
        get { storage.fields.suspension }
        set { unique().fields.suspension = newValue }
    }
    /// Failed attempts run again (`retry:`); nil: one attempt.
    public var retry: JobRetry? {
        get { storage.fields.retry }
        set { unique().fields.retry = newValue }
    }
    /// `jitter:`: each host starts the job a fixed delay in [0, jitter) after its time.
    public var jitter: TimeSpan? {
        get { storage.fields.jitter }
        set { unique().fields.jitter = newValue }
    }
    /// The container image on kubernetes hosts; nil: the host's `image`.
    public var image: String? {
        get { storage.fields.image }
        set { unique().fields.image = newValue }
    }
    /// Where the job's name is written (`file:line:col`).
    public var location: SourceLocation {
        get { storage.fields.location }
        set { unique().fields.location = newValue }
    }
    /// Where each field was written, for diagnostics of later stages (plan, crontab).
    public var fieldLocations: FieldLocations {
        get { storage.fields.fieldLocations }
        set { unique().fields.fieldLocations = newValue }
    }

    public init(name: String, description: String = "", command: String, schedule: CronSchedule,
                timezone: String = "UTC", hosts: [String] = [], monitor: MonitorMode = .perHost,
                user: String = "root", grace: TimeSpan = TimeSpan(seconds: 3600), maxRuntime: TimeSpan? = nil,
                overlap: OverlapPolicy = .allow, tags: [String] = [], alerts: [String] = [], env: [EnvVar] = [],
                tolerate: Int = 0, previousNames: [String] = [], adopt: Bool = false, shell: String? = nil,
                validate: OutputRules = OutputRules(), suspension: Suspension? = nil, retry: JobRetry? = nil,
                jitter: TimeSpan? = nil, image: String? = nil, location: SourceLocation,
                fieldLocations: FieldLocations = [:]) {
        storage = Storage(Fields(
            name: name,
            description: description,
            command: command,
            schedule: schedule,
            timezone: timezone,
            hosts: hosts,
            monitor: monitor,
            user: user,
            grace: grace,
            maxRuntime: maxRuntime,
            overlap: overlap,
            tags: tags,
            alerts: alerts,
            env: env,
            tolerate: tolerate,
            previousNames: previousNames,
            adopt: adopt,
            shell: shell,
            validate: validate,
            suspension: suspension,
            retry: retry,
            jitter: jitter,
            image: image,
            location: location,
            fieldLocations: fieldLocations))
    }

    /// The box, made this value's own before a write.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    /// The location of `field` when it was written in the job, else of the job's name.
    public func location(of field: String) -> SourceLocation { fieldLocations[field] ?? location }

    /// The shell that runs the command on `host`: job > defaults > host > /bin/sh, the last two
    /// already folded into `host.shell`.
    public func shell(on host: Host) -> String { shell ?? host.shell }
}

extension Job {
    fileprivate struct Fields {
        var name: String
        var description: String
        var command: String
        var schedule: CronSchedule
        var timezone: String
        var hosts: [String]
        var monitor: MonitorMode
        var user: String
        var grace: TimeSpan
        var maxRuntime: TimeSpan?
        var overlap: OverlapPolicy
        var tags: [String]
        var alerts: [String]
        var env: [EnvVar]
        var tolerate: Int
        var previousNames: [String]
        var adopt: Bool
        var shell: String?
        var validate: OutputRules
        var suspension: Suspension?
        var retry: JobRetry?
        var jitter: TimeSpan?
        var image: String?
        var location: SourceLocation
        var fieldLocations: FieldLocations
    }

    /// Copy-on-write storage. Why `@unchecked Sendable` is safe: `fields` is written only
    /// through `unique()`, which first copies the storage unless this value holds the only
    /// reference to it. A job another thread can see holds a reference of its own, so shared
    /// storage is only ever read.
    fileprivate final class Storage: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) { self.fields = fields }
    }
}

/// Where each field of a job was written. A job has a dozen at most, and a repository
/// thousands of jobs: a short list, where comparing short keys is cheaper than hashing them.
public struct FieldLocations: Sendable, ExpressibleByDictionaryLiteral {
    private var entries: [(field: String, location: SourceLocation)] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, SourceLocation)...) {
        for (field, location) in elements { self[field] = location }
    }

    mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    public subscript(field: String) -> SourceLocation? {
        get { entries.first(where: { $0.field == field })?.location }
        set {
            let index = entries.firstIndex(where: { $0.field == field })
            switch (index, newValue) {
            case let (i?, location?): entries[i].location = location
            case let (i?, nil): entries.remove(at: i)
            case let (nil, location?): entries.append((field, location))
            case (nil, nil): break
            }
        }
    }
}

/// What "the job did its work" means; each rule becomes a wrapper flag.
public struct OutputRules: Sendable, Equatable {
    public var exitCodes: [Int32]
    /// `validate.stdout.json` expressions, already parsed (their text is `source`).
    public var stdoutJSON: [RuleExpression]
    public var stdoutContains: [String]
    public var stdoutMatches: [String]
    public var stdoutForbids: [String]
    public var stderrForbids: [String]
    public var stderrEmpty: Bool
    public var minDuration: TimeSpan?
    public var maxDuration: TimeSpan?

    public init(exitCodes: [Int32] = [0], stdoutJSON: [RuleExpression] = [], stdoutContains: [String] = [],
                stdoutMatches: [String] = [], stdoutForbids: [String] = [], stderrForbids: [String] = [],
                stderrEmpty: Bool = false, minDuration: TimeSpan? = nil, maxDuration: TimeSpan? = nil) {
        self.exitCodes = exitCodes
        self.stdoutJSON = stdoutJSON
        self.stdoutContains = stdoutContains
        self.stdoutMatches = stdoutMatches
        self.stdoutForbids = stdoutForbids
        self.stderrForbids = stderrForbids
        self.stderrEmpty = stderrEmpty
        self.minDuration = minDuration
        self.maxDuration = maxDuration
    }
}

/// Why a job is suspended (`suspend: "vendor API down until the 3rd"`), or nil for `true`.
public struct Suspension: Sendable, Hashable {
    public var reason: String?
    public init(reason: String? = nil) { self.reason = reason }

    /// `suspended` or `suspended: <reason>`, for comments and plan lines.
    public var text: String { reason.map { "suspended: \($0)" } ?? "suspended" }
}

/// `retry:`: up to `attempts` more runs after a failed one, waiting `delay`, then `delay ×
/// backoff`, `delay × backoff²`, …
public struct JobRetry: Sendable, Hashable {
    public var attempts: Int
    public var delay: TimeSpan
    public var backoff: Double

    public init(attempts: Int, delay: TimeSpan = TimeSpan(seconds: 30), backoff: Double = 1) {
        self.attempts = attempts
        self.delay = delay
        self.backoff = backoff
    }

    /// Seconds waited before retry `n` (1-based): `delay × backoff^(n-1)`, whole seconds.
    public func wait(beforeRetry n: Int) -> Int {
        let seconds = Double(delay.seconds) * pow(backoff, Double(n - 1))
        return seconds >= Double(Int32.max) ? Int(Int32.max) : Int(seconds.rounded())
    }

    /// All the waits between attempts, added up.
    public var totalWait: Int { (1...max(1, attempts)).reduce(0) { $0 + wait(beforeRetry: $1) } }
}
