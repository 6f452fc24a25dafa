import CronopsCore
import FoundationEssentials

/// Everything nondeterministic a provider needs, passed in by the CLI (or a test).
public struct MonitorContext: Sendable {
    public var environment: [String: String]
    public var transport: any HTTPTransport
    /// Seconds per HTTP attempt, retry policy and throttle width (tests make them small).
    public var timeout: Double
    public var retry: RetryPolicy
    public var maxInFlight: Int
    public var sleep: @Sendable (Double) async throws -> Void
    public var log: @Sendable (String) -> Void
    /// Each HTTP attempt (`--verbose`).
    public var trace: (@Sendable (String) -> Void)?
    public var makeID: @Sendable () -> String
    /// When the server counts as gone, and the monotonic clock that measures it (tests pass
    /// one that their `sleep` advances).
    public var breaker: CircuitBreaker.Policy
    public var now: @Sendable () -> Double
    /// The local provider's: the wall clock that dates creations, pauses and resumes, and the
    /// zone rules that cron checks' states are computed in (the CLI passes the system tz
    /// database; without it a cron check's state is a limitation, not a guess).
    public var wallClock: @Sendable () -> Date = { Date() }
    public var zones: @Sendable (String) -> ZoneRules? = { _ in nil }

    public init(environment: [String: String], transport: any HTTPTransport, timeout: Double = 30,
                retry: RetryPolicy = RetryPolicy(), maxInFlight: Int = 4,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) },
                log: @escaping @Sendable (String) -> Void = { _ in },
                makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
                breaker: CircuitBreaker.Policy = CircuitBreaker.Policy(),
                now: @escaping @Sendable () -> Double = CircuitBreaker.monotonicSeconds) {
        self.environment = environment
        self.transport = transport
        self.timeout = timeout
        self.retry = retry
        self.maxInFlight = maxInFlight
        self.sleep = sleep
        self.log = log
        self.makeID = makeID
        self.breaker = breaker
        self.now = now
    }

    /// The API key the project names, to mask it in every output; nil for the local provider.
    public func secret(for spec: Spec) -> Secret? {
        guard spec.monitor.provider == .healthchecks, let key = environment[spec.monitor.apiKeyEnv], !key.isEmpty else { return nil }
        return Secret(key)
    }
}

public enum Providers {
    public static func make(for spec: Spec, context: MonitorContext) throws -> any MonitorProvider {
        switch spec.monitor.provider {
        case .local:
            return LocalProvider(path: statePath(for: spec), makeID: context.makeID, clock: context.wallClock, zones: context.zones)
        case .healthchecks:
            guard let key = context.secret(for: spec) else { throw MonitorError.missingAPIKey(env: spec.monitor.apiKeyEnv) }
            let settings = HealthchecksClient.Settings(
                apiURL: spec.monitor.apiURL, apiKey: key, apiKeyEnv: spec.monitor.apiKeyEnv,
                requestsPerMinute: spec.monitor.requestsPerMinute, maxInFlight: context.maxInFlight,
                timeout: context.timeout, retry: context.retry, sleep: context.sleep, log: context.log, trace: context.trace,
                breaker: context.breaker, now: context.now)
            return HealthchecksProvider(client: try HealthchecksClient(settings: settings, transport: context.transport))
        }
    }

    /// `monitor.state` is relative to the directory holding cronops.yaml.
    public static func statePath(for spec: Spec) -> String {
        RunLogLocation.statePath(spec.monitor.statePath, root: spec.root)
    }
}
