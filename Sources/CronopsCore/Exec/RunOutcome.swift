/// How the job's process ended.
public enum Termination: Equatable, Sendable {
    case exited(Int32)
    case signaled(Int32)

    /// The status a shell would report: the exit code, or 128 + the signal number.
    public var shellStatus: Int32 {
        switch self {
        case let .exited(code): code
        case let .signaled(signal): 128 + signal
        }
    }
}

/// What the wrapper observed while the job ran: the input of rule evaluation.
public struct RunOutcome: Sendable {
    public var termination: Termination
    /// Set when the wrapper stopped the job because `--max-runtime` passed.
    public var killedAfterMaxRuntime: TimeSpan?
    /// The signal the wrapper received and forwarded to the job (SIGTERM, SIGINT, SIGHUP).
    public var forwardedSignal: Int32?
    /// Wall-clock seconds from spawn to exit.
    public var duration: Double
    /// The end of stdout as kept for rules (see `ExecLimits.ruleCapture`).
    public var stdout: TailBuffer
    public var stderr: TailBuffer
    /// The end of both streams in arrival order, for the ping body.
    public var combinedTail: TailBuffer

    public init(termination: Termination, killedAfterMaxRuntime: TimeSpan? = nil, forwardedSignal: Int32? = nil,
                duration: Double, stdout: TailBuffer, stderr: TailBuffer, combinedTail: TailBuffer) {
        self.termination = termination
        self.killedAfterMaxRuntime = killedAfterMaxRuntime
        self.forwardedSignal = forwardedSignal
        self.duration = duration
        self.stdout = stdout
        self.stderr = stderr
        self.combinedTail = combinedTail
    }
}

/// Sizes and times the wrapper works with.
public enum ExecLimits {
    /// Healthchecks stores the first 10,000 bytes of a ping body (`Ping-Body-Limit`).
    public static let pingBodyLimit = 10_000
    /// How much of the end of stdout (and of stderr) rules read: bounded memory whatever the job
    /// prints, and enough for any JSON summary.
    public static let ruleCapture = 4 << 20
    /// Between SIGTERM and SIGKILL when the job is stopped.
    public static let killGrace = 5.0
    /// After the job's own process exits, how long the wrapper keeps relaying output that
    /// background children still write into the pipes before it stops waiting for them.
    public static let drainAfterExit = 10.0
}
