import CronopsCore
import Glibc
import FoundationEssentials

/// Decides, for one run, that the monitor has gone away, so an apply of hundreds of changes
/// stops within seconds instead of retrying each remaining request on its own (5 attempts
/// with backoff, minutes per outage).
///
/// Every request of the run reports to the same breaker: a failure that says nothing reaches
/// the server (no connection, no answer in time, a gateway's 502/503/504) counts; any other
/// answer, errors such as 400/404/429/500 included, proves the server is there and starts the
/// count again (unless it answers a request sent before the failures began). The breaker opens after `policy.consecutiveFailures` such failures in a row
/// across all requests in flight, or once failures alone have filled `policy.failingFor`
/// seconds since the server last answered (one 30 s timeout does that: a black hole shows up
/// after one timeout, not five). Once open it stays open for the run: no new request is sent,
/// and retries waiting for their backoff wake up and give up.
public final class CircuitBreaker: Sendable {
    public struct Policy: Sendable, Equatable {
        public var consecutiveFailures: Int
        /// Seconds.
        public var failingFor: Double

        public init(consecutiveFailures: Int = 4, failingFor: Double = 10) {
            self.consecutiveFailures = max(1, consecutiveFailures)
            self.failingFor = failingFor
        }
    }

    public let policy: Policy
    /// Seconds on a monotonic clock; tests pass one that only their injected sleep advances.
    public let now: @Sendable () -> Double

    /// What the run has seen so far. Read synchronously from the scheduler and written from
    /// every request task, so it lives behind the lock.
    private struct State {
        var failures = 0
        /// When the current run of failures began to count: the last answer, or the start of
        /// the first failed attempt after it, whichever is later.
        var failingSince: Double?
        var lastAnswer: Double?
        var reason: String?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Locked(State())

    public init(policy: Policy = Policy(), now: @escaping @Sendable () -> Double = CircuitBreaker.monotonicSeconds) {
        self.policy = policy
        self.now = now
    }

    public static let monotonicSeconds: @Sendable () -> Double = {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Why the breaker is open (the last failure, e.g. "connection refused"); nil while closed.
    public var openReason: String? { state.withLock { $0.reason } }

    /// The server answered an attempt that started at `started`: it is there, unless failures
    /// of attempts sent later already say it has gone since (a late answer is old news).
    public func recordAnswer(started: Double) {
        let t = now()
        state.withLock { state in
            if let since = state.failingSince, started < since { return }
            state.failures = 0
            state.failingSince = nil
            state.lastAnswer = t
        }
    }

    /// An attempt that started at `started` got no usable answer because of `problem`.
    public func recordFailure(_ problem: String, started: Double) {
        let t = now()
        let policy = self.policy
        let opened: [CheckedContinuation<Void, Never>] = state.withLock { state in
            guard state.reason == nil else { return [] }
            state.failures += 1
            let since = state.failingSince ?? max(started, state.lastAnswer ?? started)
            state.failingSince = since
            guard state.failures >= policy.consecutiveFailures || t - since >= policy.failingFor else { return [] }
            state.reason = problem
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in opened { waiter.resume() }
    }

    /// Waits `seconds` with `sleep`, or less when the breaker opens meanwhile.
    public func pause(_ seconds: Double, sleep: @escaping @Sendable (Double) async throws -> Void) async {
        await wait { try await sleep(seconds) }
    }

    /// Runs `waiting` (a sleep) until it ends or the breaker opens, whichever comes first;
    /// `waiting` is cancelled in the second case.
    func wait(_ waiting: @escaping @Sendable () async throws -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await waiting() }
            group.addTask { await self.untilOpen() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Pauses waiting for the breaker to open (tests wait for a pause to begin).
    var pausedCount: Int { state.withLock { $0.waiters.count } }

    /// Returns once the breaker is open, or when the task is cancelled.
    private func untilOpen() async {
        let id: Int = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = state.withLock { state in
                    if state.reason != nil || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
