/// How failed requests are retried: 429 (after `Retry-After` when given), 5xx, timeouts and
/// network errors; exponential backoff from `baseDelay`, each wait capped at `maxDelay`.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 1, maxDelay: Double = 60) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before attempt `attempt + 1`. A server's `Retry-After` wins over the backoff
    /// but is still capped, so a hostile or broken header cannot stall apply for hours.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(max(0, retryAfter), maxDelay) }
        let exponent = Double(1 << min(attempt - 1, 20))
        return min(baseDelay * exponent, maxDelay)
    }

    /// `Retry-After` in seconds (the HTTP-date form is rare for APIs and falls back to backoff).
    public static func parseRetryAfter(_ value: String?) -> Double? {
        guard let value = value?.trimmingWhiteSpace(), let seconds = Double(value), seconds >= 0 else { return nil }
        return seconds
    }
}

import FoundationEssentials
