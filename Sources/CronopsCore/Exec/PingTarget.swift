/// The kinds of ping the wrapper sends (healthchecks-api.md §10).
public enum PingKind: Equatable, Sendable {
    case start
    /// `/0`: success.
    case success
    /// `/<1-255>`: failure carrying the job's exit status.
    case exitStatus(Int32)
    /// `/fail`: failure without an exit status (a rule failed, a signal, a time limit).
    case fail
    /// `/log`: recorded, status unchanged (a skipped run, a tolerated failure).
    case log

    public var suffix: String {
        switch self {
        case .start: "/start"
        case .success: "/0"
        case let .exitStatus(code): "/\(code)"
        case .fail: "/fail"
        case .log: "/log"
        }
    }
}

/// Where pings go: `<ping-url>/<ping key>/<slug>` plus a suffix and `?rid=`.
public struct PingTarget: Sendable, Equatable {
    public var base: String
    public var key: String
    public var slug: String

    /// Checks the pieces so that a bad one is a clear usage error, never a mangled URL.
    /// Messages never include the key.
    public static func make(base: String, key: String, slug: String) -> Result<PingTarget, PingTargetError> {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        guard base.hasPrefix("http://") || base.hasPrefix("https://"), base.count > "https://".count else {
            return .failure(PingTargetError(message: "--ping-url must start with http:// or https:// (got \(ShellQuoting.quote(base, argument: true)))"))
        }
        let trimmedKey = key.trimmed(of: " \t\r\n")
        guard !trimmedKey.isEmpty else {
            return .failure(PingTargetError(message: "the ping key is empty; put the project's ping key in --ping-key-file or CRONOPS_PING_KEY"))
        }
        guard trimmedKey.unicodeScalars.allSatisfy(isURLSafe) else {
            return .failure(PingTargetError(message: "the ping key holds characters that cannot go into a URL (it is not shown here); check --ping-key-file or CRONOPS_PING_KEY"))
        }
        guard !slug.isEmpty, slug.unicodeScalars.allSatisfy(isURLSafe) else {
            return .failure(PingTargetError(message: "--slug \(ShellQuoting.quote(slug, argument: true)) is not a valid slug; use a-z, 0-9, - and _"))
        }
        return .success(PingTarget(base: base, key: trimmedKey, slug: slug))
    }

    static func isURLSafe(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_" || c == "." || c == "~"
    }

    public func url(_ kind: PingKind, runID: String?) -> String {
        base + "/" + key + "/" + slug + kind.suffix + (runID.map { "?rid=" + $0 } ?? "")
    }

    /// The same URL with the key masked: the only form that may appear in a message.
    public func maskedURL(_ kind: PingKind, runID: String?) -> String {
        base + "/" + PingTarget.mask + "/" + slug + kind.suffix + (runID.map { "?rid=" + $0 } ?? "")
    }

    public static let mask = "<ping-key>"

    /// Replaces the key wherever it occurs in `text` (an error message from the HTTP layer).
    public func redact(_ text: String) -> String { text.replacing(key, with: PingTarget.mask) }
}

public struct PingTargetError: Error, Equatable, Sendable {
    public var message: String
}

/// Retries and time limits of pings, so the monitor can never hold the job's outcome hostage.
/// Pure: the HTTP layer asks it what to do next.
public struct PingRetryPolicy: Sendable, Equatable {
    /// One request's timeout.
    public var attemptTimeout: Double
    public var maxAttempts: Int
    /// Wait before the 2nd, 3rd, ... attempt.
    public var backoff: [Double]
    /// All attempts of one ping, waits included, end within this many seconds.
    public var budget: Double

    public init(attemptTimeout: Double, maxAttempts: Int, backoff: [Double], budget: Double) {
        self.attemptTimeout = attemptTimeout
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.budget = budget
    }

    /// `/start` runs beside the job; the final ping waits for it, so it is kept short.
    public static let start = PingRetryPolicy(attemptTimeout: 3, maxAttempts: 3, backoff: [0.2, 0.5], budget: 5)
    /// The final ping (and `/log`): the one that matters, given a little longer.
    public static let final = PingRetryPolicy(attemptTimeout: 5, maxAttempts: 3, backoff: [0.5, 1.5], budget: 12)

    /// The shortest attempt worth starting near the end of the budget.
    static let minimumAttempt = 0.5

    public enum AttemptResult: Equatable, Sendable {
        case status(Int)
        case networkError(String)

        /// Worth another try: the server or the path to it failed; 4xx means the URL is wrong.
        var isTransient: Bool {
            switch self {
            case let .status(code): code == 429 || code >= 500
            case .networkError: true
            }
        }

        public var succeeded: Bool {
            if case let .status(code) = self { return (200..<300).contains(code) }
            return false
        }
    }

    /// Timeout of attempt number `attempt` (1-based) starting `elapsed` seconds into the ping,
    /// or nil when no attempt fits any more.
    public func timeout(attempt: Int, elapsed: Double) -> Double? {
        guard attempt <= maxAttempts else { return nil }
        let left = budget - elapsed
        guard left >= Self.minimumAttempt else { return nil }
        return min(attemptTimeout, left)
    }

    /// How long to wait before trying again after `result`, or nil to stop.
    public func delay(after result: AttemptResult, attempt: Int, elapsed: Double) -> Double? {
        guard !result.succeeded, result.isTransient, attempt < maxAttempts else { return nil }
        let wait = backoff.isEmpty ? 0 : backoff[min(attempt - 1, backoff.count - 1)]
        guard elapsed + wait + Self.minimumAttempt <= budget else { return nil }
        return wait
    }
}
