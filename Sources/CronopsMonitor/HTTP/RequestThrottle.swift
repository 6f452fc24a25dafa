/// Client-side rate limit: never more than `requestsPerMinute` request starts in any sliding
/// 60-second window, and at most `maxInFlight` requests at once. Every attempt (retries too)
/// takes a slot. A window rather than even spacing lets plan's two reads and small applies go
/// out at once, while a large apply still settles at the configured rate.
actor RequestThrottle {
    private let limit: Int
    private let window: Duration
    private let maxInFlight: Int
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Start instants inside the current window, oldest first.
    private var starts: [ContinuousClock.Instant] = []
    private var head = 0
    private let clock = ContinuousClock()

    init(requestsPerMinute: Int, maxInFlight: Int, window: Duration = .seconds(60)) {
        limit = max(1, requestsPerMinute)
        self.window = window
        self.maxInFlight = max(1, maxInFlight)
    }

    /// Takes a slot; returns false, holding none, when `breaker` opened while this request
    /// waited for one (a wait for the window can last a minute: it ends when the breaker opens).
    @discardableResult
    func acquire(unless breaker: CircuitBreaker? = nil) async -> Bool {
        if inFlight < maxInFlight {
            inFlight += 1
        } else {
            // The slot is handed over by `release`, so `inFlight` is already counted.
            await withCheckedContinuation { waiting.append($0) }
        }
        while true {
            if breaker?.openReason != nil {
                release()
                return false
            }
            let now = clock.now
            while head < starts.count, now - starts[head] >= window { head += 1 }
            if head > 1024 { starts.removeFirst(head); head = 0 }
            if starts.count - head < limit {
                starts.append(now)
                return true
            }
            let until = starts[head] + window
            if let breaker {
                await breaker.wait { [clock] in try await clock.sleep(until: until) }
            } else {
                try? await clock.sleep(until: until)
            }
        }
    }

    func release() {
        if waiting.isEmpty {
            inFlight -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
