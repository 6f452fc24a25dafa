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
public struct Job: Sendable {
    public var name: String
    public var description: String
    public var command: String
    public var schedule: CronSchedule
    /// Canonical IANA zone the schedule is read in.
    public var timezone: String
    /// Host names, in the order written; empty = monitor only.
    public var hosts: [String]
    public var monitor: MonitorMode
    public var user: String
    public var grace: TimeSpan
    public var maxRuntime: TimeSpan?
    public var overlap: OverlapPolicy
    public var tags: [String]
    /// Route names.
    public var alerts: [String]
    /// Sorted by name.
    public var env: [EnvVar]
    public var tolerate: Int
    public var previousNames: [String]
    public var adopt: Bool
    public var validate: OutputRules
    /// Where the job's name is written (`file:line:col`).
    public var location: SourceLocation
    /// Where each field was written, for diagnostics of later stages (plan, crontab).
    public var fieldLocations: [String: SourceLocation]

    public init(name: String, description: String = "", command: String, schedule: CronSchedule,
                timezone: String = "UTC", hosts: [String] = [], monitor: MonitorMode = .perHost,
                user: String = "root", grace: TimeSpan = TimeSpan(seconds: 3600), maxRuntime: TimeSpan? = nil,
                overlap: OverlapPolicy = .allow, tags: [String] = [], alerts: [String] = [], env: [EnvVar] = [],
                tolerate: Int = 0, previousNames: [String] = [], adopt: Bool = false,
                validate: OutputRules = OutputRules(), location: SourceLocation,
                fieldLocations: [String: SourceLocation] = [:]) {
        self.name = name
        self.description = description
        self.command = command
        self.schedule = schedule
        self.timezone = timezone
        self.hosts = hosts
        self.monitor = monitor
        self.user = user
        self.grace = grace
        self.maxRuntime = maxRuntime
        self.overlap = overlap
        self.tags = tags
        self.alerts = alerts
        self.env = env
        self.tolerate = tolerate
        self.previousNames = previousNames
        self.adopt = adopt
        self.validate = validate
        self.location = location
        self.fieldLocations = fieldLocations
    }

    /// The location of `field` when it was written in the job, else of the job's name.
    public func location(of field: String) -> SourceLocation { fieldLocations[field] ?? location }
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
