import FoundationEssentials

/// What a monitor says of one check at one moment, in Healthchecks' own terms (the fields of
/// its list call). Healthchecks computes these on the server; the local provider computes the
/// same record from its run log, so `cronops status` reads both providers alike and has one
/// place (the status model) that turns them into what a person sees.
public struct CheckObservation: Sendable, Equatable {
    /// The check as plan reads it (id, slug, schedule, tz, grace, `status` string, …).
    public var check: RemoteCheck
    /// Healthchecks' status at the moment of the read.
    public var status: MonitorCheckStatus
    /// A `/start` arrived without its finish (`started` in the API): the job is running, and the
    /// grace period runs from the start.
    public var started: Bool
    /// The last success or failure (`last_ping`; the server does not set it for a start, a log
    /// or an ignored ping).
    public var lastPing: Date?
    /// Whole seconds between the last finish and the start it closed (`last_duration`).
    public var lastDuration: Int?
    /// Pings received so far (`n_pings`).
    public var pingCount: Int
    /// Why the last run failed, when the check is failing and the monitor could tell; nil
    /// otherwise (a read-only key cannot read ping bodies, for instance).
    public var lastFailure: RunFailure?

    public init(check: RemoteCheck, status: MonitorCheckStatus, started: Bool = false, lastPing: Date? = nil,
                lastDuration: Int? = nil, pingCount: Int = 0, lastFailure: RunFailure? = nil) {
        self.check = check
        self.status = status
        self.started = started
        self.lastPing = lastPing
        self.lastDuration = lastDuration
        self.pingCount = pingCount
        self.lastFailure = lastFailure
    }
}

/// Healthchecks' check states (API v3 `status`).
public enum MonitorCheckStatus: String, Sendable, Equatable, CaseIterable {
    case new, up, grace, down, paused
}

/// What the wrapper reported about a failed run: from the body of its `/fail` (or tolerated
/// `/log`) ping, which `ExecReport` writes.
public struct RunFailure: Sendable, Equatable {
    /// When the failure was reported.
    public var at: Date
    /// The body's first line (`FAILED: invoice-processor exited 0; a rule failed`).
    public var headline: String
    /// One entry per failed rule, as the body lists them (`--expect-json 'sent == generated':
    /// sent is 3, generated is 5`).
    public var failedRules: [String]
    /// The job's exit status as the wrapper described it (`0`, `1`, `killed by signal 9`).
    public var exitStatus: String?
    /// The run was started by `cronops run` rather than by its scheduler.
    public var manual: Bool

    public init(at: Date, headline: String, failedRules: [String] = [], exitStatus: String? = nil, manual: Bool = false) {
        self.at = at
        self.headline = headline
        self.failedRules = failedRules
        self.exitStatus = exitStatus
        self.manual = manual
    }
}

/// One read of a monitor's checks, and what the read could not see.
public struct StatusSnapshot: Sendable, Equatable {
    /// When the states were computed (the server's answer, or the local clock).
    public var observedAt: Date
    public var checks: [CheckObservation]
    /// What this read could not see and why, one sentence each (a read-only key cannot read
    /// ping bodies, so failures show no reason).
    public var limitations: [String]
    /// Requests made to the monitor (the list call plus the body reads); 0 for local.
    public var requests: Int

    public init(observedAt: Date, checks: [CheckObservation], limitations: [String] = [], requests: Int = 0) {
        self.observedAt = observedAt
        self.checks = checks
        self.limitations = limitations
        self.requests = requests
    }
}
