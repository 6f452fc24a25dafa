/// The file format as written: every field optional and located, nothing defaulted or
/// cross-checked yet. The checker turns this into `Spec` (STYLE.md habit 7).
public struct RawProject: Sendable {
    public var file: String
    public var location: SourceLocation
    public var version: Located<Int>?
    public var project: Located<String>?
    public var jobs: Located<[Located<String>]>?
    public var monitor: RawMonitor?
    public var defaults: RawJobFields?
    public var routes: [RawRoute] = []
    public var hosts: [RawHost] = []

    /// The directories to scan for job files, as written (default `jobs`).
    public var jobDirectories: [Located<String>] {
        jobs?.value ?? [Located("jobs", at: location)]
    }
}

public struct RawMonitor: Sendable {
    public var location: SourceLocation
    public var provider: Located<String>?
    public var apiURL: Located<String>?
    public var pingURL: Located<String>?
    public var apiKeyEnv: Located<String>?
    public var pingKeyEnv: Located<String>?
    public var requestsPerMinute: Located<Int>?
    public var prune: Located<Bool>?
    public var state: Located<String>?
}

public struct RawRoute: Sendable {
    public var name: Located<String>
    public var channels: [Located<String>]?
}

public struct RawHost: Sendable {
    public var name: Located<String>
    public var kind: Located<String>?
    public var scope: Located<String>?
    public var cron: Located<String>?
    public var timezone: Located<String>?
    public var format: Located<String>?
    public var path: Located<String>?
    public var cronops: Located<String>?
    public var mailto: Located<String>?
    public var shell: Located<String>?
    public var namespace: Located<String>?
    public var image: Located<String>?
    public var pingKeySecret: RawSecretKey?
    public var serviceAccount: Located<String>?
}

/// `ping_key_secret: { name, key }` as written.
public struct RawSecretKey: Sendable {
    public var location: SourceLocation
    public var name: Located<String>?
    public var key: Located<String>?
}

public struct RawJobFile: Sendable {
    public var file: String
    public var jobs: [RawJob] = []
}

public struct RawJob: Sendable {
    public var name: Located<String>
    public var fields: RawJobFields
}

/// The fields of a job; `defaults:` in cronops.yaml uses the same type for the subset it allows.
public struct RawJobFields: Sendable {
    public var location: SourceLocation
    public var description: Located<String>?
    public var command: Located<String>?
    public var schedule: Located<String>?
    public var timezone: Located<String>?
    public var hosts: Located<[Located<String>]>?
    public var monitor: Located<String>?
    public var user: Located<String>?
    public var grace: Located<String>?
    public var maxRuntime: Located<String>?
    public var overlap: Located<String>?
    public var tags: Located<[Located<String>]>?
    public var alerts: Located<[Located<String>]>?
    public var env: Located<[(name: Located<String>, value: Located<String>)]>?
    public var tolerate: Located<Int>?
    public var previousNames: Located<[Located<String>]>?
    public var adopt: Located<Bool>?
    public var shell: Located<String>?
    public var validate: RawValidate?
    public var suspend: Located<RawSuspend>?
    public var retry: RawRetry?
    public var jitter: Located<String>?
    public var image: Located<String>?

    public init(location: SourceLocation) { self.location = location }
}

public struct RawValidate: Sendable {
    public var location: SourceLocation
    public var exitCodes: [Located<Int>]?
    public var stdoutJSON: [Located<String>]?
    public var stdoutContains: [Located<String>]?
    public var stdoutMatches: [Located<String>]?
    public var stdoutForbids: [Located<String>]?
    public var stderrForbids: [Located<String>]?
    public var stderrEmpty: Located<Bool>?
    public var minDuration: Located<String>?
    public var maxDuration: Located<String>?
}

/// `suspend:` as written: `true`/`false`, or the reason the job is suspended.
public enum RawSuspend: Sendable, Equatable {
    case flag(Bool)
    case reason(String)
}

/// `retry: { attempts: 2, delay: 30s, backoff: 2 }` as written.
public struct RawRetry: Sendable {
    public var location: SourceLocation
    public var attempts: Located<Int>?
    public var delay: Located<String>?
    public var backoff: Located<Double>?
}
