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
final class DoubleExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = DoubleExecutor()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [unowned self] in self.runJobs() }
        thread.name = "cronops-test-doubles"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func runJobs() -> Never {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
