import FoundationEssentials
import Glibc

/// `(0..<count).map(transform)`, spread over the cores. Results keep their index order, so
/// whatever is built from them does not depend on scheduling. `transform` runs on several
/// threads at once, so it must be `@Sendable`: the compiler checks that it captures only
/// values that are safe to share (immutable, or locked inside).
///
/// The workers are threads of their own (the caller plus one per further core), taking indices
/// from a shared counter. Not `DispatchQueue.concurrentPerform`: that borrows Dispatch's
/// fixed-width pool, and when other work (a busy test run, a caller already on that pool) keeps
/// the pool's threads, it quietly runs every iteration on the calling thread, one after another.
///
/// `threads: false` (small work; see `ParallelWork`) runs every index on the calling thread.
public func parallelMap<T: Sendable>(_ count: Int, threads: Bool = true, _ transform: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    guard threads else { return (0..<count).map(transform) }
    // One slot per index, each written once by one worker; read after all have finished.
    let slots = Locked<[T?]>(Array(repeating: nil, count: count))
    let next = Locked(0)
    let workers = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount))
    withoutActuallyEscaping(transform) { transform in
        let work: @Sendable () -> Void = {
            while true {
                let i = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard i < count else { return }
                let result = transform(i)
                slots.withLock { $0[i] = result }
            }
        }
        // `transform` must not outlive this call (withoutActuallyEscaping traps if it does):
        // each worker drops its reference before its thread ends, and every thread is joined.
        var threads: [pthread_t] = []
        for _ in 1..<workers {
            // No thread to be had: the others (and this one) take its share.
            if let thread = Threads.start(work) { threads.append(thread) }
        }
        work()
        for thread in threads { pthread_join(thread, nil) }
    }
    return slots.withLock { $0.map { $0! } }
}

/// When work is worth spreading over threads. A worker costs far more wall time than its
/// instructions: on a 2-core VM, `validate` of a 5-job repository took 4.6 ms on one thread
/// and 5.8 ms with workers (perf stat, 100 runs each), most of it waiting for the other core
/// to pick a worker up and for the join. Small repositories, the common case, stay on one
/// thread.
public enum ParallelWork {
    /// Jobs from which work that grows with the jobs is spread.
    public static let minimumJobs = 32
    /// The same for job files, by their bytes (a job takes 1 to 2 KB of commented YAML:
    /// examples/acme holds 10 jobs in 21 KB, bench/validate's generator 32 in 33 KB).
    public static let minimumBytes = minimumJobs * 1_000

    public static func worthThreads(jobs: Int) -> Bool { jobs >= minimumJobs }
    public static func worthThreads(bytes: Int) -> Bool { bytes >= minimumBytes }
}
