import CronopsCore
import Foundation

/// The executor every loopback double runs its handlers on: one thread of its own, outside
/// Swift's cooperative pool. Tests run in parallel on that pool (two threads on a 2-core
/// machine) and some of them block a pool thread in a synchronous wait; a double whose
/// handlers queued behind them would stop answering, and the test waiting for its answer
/// would time out. Handlers only await (the store actor, `Task.sleep`), never block, so one
/// thread serves every double of the process.
///
/// Tasks started with `Task(executorPreference: DoubleExecutor.shared)` run here, and so do
/// the default actors they call (`HealthchecksStore`, the ping recorder).
final class DoubleExecutor: TaskExecutor, Sendable {
    static let shared = DoubleExecutor()

    private let jobs = Locked<[UnownedJob]>([])
    /// Signalled once per job queued: the thread sleeps here while there is nothing to run.
    private let queued = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [unowned self] in self.runJobs() }
        thread.name = "cronops-test-doubles"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        queued.signal()
    }

    private func runJobs() -> Never {
        while true {
            queued.wait()
            // Everything queued so far, which may be several jobs (their signals are still
            // counted: later waits then return at once and find fewer, or none).
            let batch = jobs.withLock { jobs in
                defer { jobs.removeAll(keepingCapacity: true) }
                return jobs
            }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
