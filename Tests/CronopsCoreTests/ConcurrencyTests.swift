import Dispatch
import Foundation
import Testing
@testable import CronopsCore

/// The lock box, the parallel map and the memo cache that every shared mutable value in the
/// project goes through. ThreadSanitizer (`swift test --sanitize=thread`) checks the rest.
@Suite struct ConcurrencyTests {
    struct Boom: Error {}

    @Test func lockedCountsEveryIncrementFromManyThreads() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<5_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 40_000)
    }

    @Test func lockedReturnsWhatTheBodyReturns() {
        let names = Locked(["a"])
        let count = names.withLock { names -> Int in
            names.append("b")
            return names.count
        }
        #expect(count == 2)
        #expect(names.withLock { $0 } == ["a", "b"])
    }

    /// A body that throws must still unlock; otherwise the next `withLock` would wait forever
    /// (checked on another thread, with a deadline, so a regression fails instead of hanging).
    @Test func lockedUnlocksWhenTheBodyThrows() {
        let value = Locked(1)
        #expect(throws: Boom.self) {
            try value.withLock { v in
                v = 2
                throw Boom()
            }
        }
        let done = DispatchSemaphore(value: 0)
        let seen = Locked(0)
        DispatchQueue.global().async {
            let v = value.withLock { $0 }
            seen.withLock { $0 = v }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(seen.withLock { $0 } == 2)
    }

    @Test(arguments: [0, 1, 7, 1_000])
    func parallelMapKeepsIndexOrder(count: Int) {
        #expect(parallelMap(count) { $0 * $0 } == (0..<count).map { $0 * $0 })
    }

    /// Counts this thread in, then waits (at most 10 s) until a second one has come: true when
    /// it did, which only two threads running at once can make happen.
    static func arriveAndWaitForTwo(_ arrived: Locked<Int>) -> Bool {
        arrived.withLock { $0 += 1 }
        let deadline = DispatchTime.now() + 10
        while DispatchTime.now() < deadline {
            if arrived.withLock({ $0 }) >= 2 { return true }
            sched_yield()
        }
        return false
    }

    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount >= 2, "needs two cores"))
    func parallelMapRunsOnSeveralThreadsAtOnce() {
        // Every worker waits (bounded) until a second one is inside `transform`: with a single
        // thread the first would time out. Proves the work is spread, so the locking matters.
        let inside = Locked(0)
        let met = parallelMap(2) { _ in Self.arriveAndWaitForTwo(inside) }
        #expect(met == [true, true])
    }

    @Test func smallWorkStaysOnTheCallingThread() {
        let here = pthread_self()
        let onCaller = parallelMap(100, threads: false) { i in (i, pthread_equal(pthread_self(), here) != 0) }
        let indices = onCaller.map { $0.0 }
        let allHere = onCaller.allSatisfy { $0.1 }
        #expect(indices == Array(0..<100))
        #expect(allHere)
        #expect(!ParallelWork.worthThreads(jobs: ParallelWork.minimumJobs - 1) && ParallelWork.worthThreads(jobs: ParallelWork.minimumJobs))
        #expect(!ParallelWork.worthThreads(bytes: 21_589), "examples/acme (10 jobs) is small work")
    }

    @Test func bothRunsTheFirstOnAnotherThreadAtTheSameTime() {
        // Each side waits (bounded) until the other has started: run one after the other on a
        // single thread, the first would time out.
        let started = Locked(0)
        let here = pthread_self()
        let (first, second) = Threads.both({ (Self.arriveAndWaitForTwo(started), pthread_equal(pthread_self(), here) != 0) },
                                           { Self.arriveAndWaitForTwo(started) })
        #expect(first.0 && second)
        #expect(!first.1, "the first ran on a thread of its own")
    }

    @Test func detachedWorkRunsAndSignals() {
        let done = DispatchSemaphore(value: 0)
        #expect(Threads.detach { done.signal() })
        #expect(done.wait(timeout: .now() + 10) == .success)
    }

    @Test func memoCacheComputesEachKeyOnceWhenNotContended() {
        let cache = MemoCache<Int>()
        let calls = Locked(0)
        for key in ["a", "bb", "a", "bb", "a"] {
            _ = cache.value(for: key) { key in calls.withLock { $0 += 1 }; return key.count }
        }
        #expect(calls.withLock { $0 } == 2)
        #expect(cache.value(for: "bb") { _ in -1 } == 2)
    }

    @Test func memoCacheGivesEveryThreadTheSameValue() {
        let cache = MemoCache<String>()
        let values = parallelMap(64) { i in cache.value(for: "k\(i % 4)") { $0 + "!" } }
        #expect(values == (0..<64).map { "k\($0 % 4)!" })
    }

    /// A compiled pattern may be shared between threads (it is `@unchecked Sendable`):
    /// matching from many at once gives each the right answer.
    @Test func oneTextPatternMatchesOnManyThreadsAtOnce() throws {
        let pattern = try TextPattern.compile("(?i)^sent \\d+ invoices$").get()
        let texts = (0..<64).map { $0 % 2 == 0 ? "log\nSent \($0) invoices\nend" : "sent none" }
        let matched = parallelMap(texts.count) { pattern.matches(texts[$0]) }
        #expect(matched == texts.indices.map { $0 % 2 == 0 })
    }
}
