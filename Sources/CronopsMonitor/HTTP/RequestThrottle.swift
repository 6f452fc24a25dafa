/// Client-side rate limit: request starts are spaced by 60/requests_per_minute seconds, and at
/// most `maxInFlight` requests run at once. Every attempt (retries too) takes a slot.
actor RequestThrottle {
    private let spacing: Duration
    private let maxInFlight: Int
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var nextStart: ContinuousClock.Instant
    private let clock = ContinuousClock()

    init(requestsPerMinute: Int, maxInFlight: Int) {
        let perMinute = max(1, requestsPerMinute)
        spacing = .nanoseconds(60_000_000_000 / Int64(perMinute))
        self.maxInFlight = max(1, maxInFlight)
        nextStart = clock.now
    }

    func acquire() async {
        if inFlight < maxInFlight {
            inFlight += 1
        } else {
            // The slot is handed over by `release`, so `inFlight` is already counted.
            await withCheckedContinuation { waiting.append($0) }
        }
        let now = clock.now
        let start = max(now, nextStart)
        nextStart = start + spacing
        if start > now { try? await clock.sleep(until: start) }
    }

    func release() {
        if waiting.isEmpty {
            inFlight -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
