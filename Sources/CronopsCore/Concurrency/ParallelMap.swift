import Dispatch

/// `(0..<count).map(transform)`, spread over the cores. Results keep their index order, so
/// whatever is built from them does not depend on scheduling. `transform` runs on several
/// threads at once, so it must be `@Sendable`: the compiler checks that it captures only
/// values that are safe to share (immutable, or locked inside).
public func parallelMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    // One slot per index, each written once by one worker; read after all have finished.
    let slots = Locked<[T?]>(Array(repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: count) { i in
        let value = transform(i)
        slots.withLock { $0[i] = value }
    }
    return slots.withLock { $0.map { $0! } }
}
