import CronopsCore
@testable import CronopsMonitor
import Foundation
import Testing

/// The breaker alone, on a hand-driven clock.
@Suite struct CircuitBreakerTests {
    final class ManualTime: Sendable {
        private let value = Locked<Double>(0)
        var now: Double { value.withLock { $0 } }
        func set(_ v: Double) { value.withLock { $0 = v } }
    }

    @Test func opensAfterConsecutiveFailuresAndAnAnswerStartsTheCountAgain() {
        let breaker = CircuitBreaker(policy: .init(consecutiveFailures: 3, failingFor: 100), now: { 0 })
        breaker.recordFailure("connection refused", started: 0)
        breaker.recordFailure("connection refused", started: 0)
        breaker.recordAnswer(started: 0)
        breaker.recordFailure("connection refused", started: 0)
        breaker.recordFailure("connection refused", started: 0)
        #expect(breaker.openReason == nil)
        breaker.recordFailure("no answer within 30s", started: 0)
        #expect(breaker.openReason == "no answer within 30s")
        // Open for the rest of the run: neither answers nor other failures change it.
        breaker.recordAnswer(started: 0)
        breaker.recordFailure("HTTP 503", started: 0)
        #expect(breaker.openReason == "no answer within 30s")
    }

    /// An answer to a request sent before the failures began does not start the count again.
    @Test func aLateAnswerToAnOlderRequestIsOldNews() {
        let time = ManualTime()
        let breaker = CircuitBreaker(policy: .init(consecutiveFailures: 2, failingFor: 100), now: { time.now })
        time.set(10)
        breaker.recordFailure("connection refused", started: 9)
        breaker.recordAnswer(started: 8)  // sent before the refused attempt
        breaker.recordFailure("connection refused", started: 10)
        #expect(breaker.openReason == "connection refused")
    }

    /// One timeout of a request sent right after the last answer fills the budget alone (a
    /// black hole); one that was sent long before other requests were answered does not.
    @Test func opensWhenFailuresFillTheTimeBudgetSinceTheLastAnswer() {
        let time = ManualTime()
        let breaker = CircuitBreaker(policy: .init(consecutiveFailures: 100, failingFor: 10), now: { time.now })
        time.set(5)
        breaker.recordAnswer(started: 0)
        time.set(35)
        breaker.recordFailure("no answer within 30s", started: 0)  // started before the answer at 5: 30 s since
        #expect(breaker.openReason == "no answer within 30s")

        let slow = CircuitBreaker(policy: .init(consecutiveFailures: 100, failingFor: 10), now: { time.now })
        time.set(34)
        slow.recordAnswer(started: 34)
        time.set(35)
        slow.recordFailure("no answer within 30s", started: 5)  // the server answered others a second ago
        #expect(slow.openReason == nil)
        time.set(43)
        slow.recordFailure("connection refused", started: 42)  // failing since the answer at 34: 9 s
        #expect(slow.openReason == nil)
        time.set(46)
        slow.recordFailure("connection refused", started: 45)  // 12 s
        #expect(slow.openReason == "connection refused")
    }

    /// A retry waiting for its backoff wakes up when the breaker opens, instead of sleeping on.
    @Test(.timeLimit(.minutes(1))) func aPauseEndsWhenTheBreakerOpens() async {
        let breaker = CircuitBreaker(policy: .init(consecutiveFailures: 1, failingFor: 100), now: { 0 })
        let started = AsyncStream<Void>.makeStream()
        let sleeping: @Sendable (Double) async throws -> Void = { seconds in
            started.continuation.yield()
            try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))  // an hour, unless cancelled
        }
        async let paused: Void = breaker.pause(3600, sleep: sleeping)
        var iterator = started.stream.makeAsyncIterator()
        await iterator.next()
        breaker.recordFailure("connection refused", started: 0)
        await paused
        #expect(breaker.openReason == "connection refused")
    }

    @Test func aPauseOnAClosedBreakerSleepsItsTime() async {
        let breaker = CircuitBreaker(now: { 0 })
        let slept = ManualTime()
        await breaker.pause(7, sleep: { slept.set($0) })
        #expect(slept.now == 7)
        #expect(breaker.openReason == nil)
    }

    /// A request waiting for the rate limit's window (up to a minute) gives up its turn as
    /// soon as the breaker opens, and frees its slot.
    @Test(.timeLimit(.minutes(1))) func aWaitForTheRateLimitEndsWhenTheBreakerOpens() async {
        let breaker = CircuitBreaker(policy: .init(consecutiveFailures: 1, failingFor: 100), now: { 0 })
        let throttle = RequestThrottle(requestsPerMinute: 1, maxInFlight: 2, window: .seconds(3600))
        #expect(await throttle.acquire(unless: breaker))
        await throttle.release()
        async let second = throttle.acquire(unless: breaker)  // the window is full for an hour
        while breaker.pausedCount == 0 { await Task.yield() }
        breaker.recordFailure("connection refused", started: 0)
        #expect(await second == false)
        #expect(await throttle.acquire(unless: breaker) == false)  // and every later request at once
    }
}
