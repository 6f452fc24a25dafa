import Dispatch
import Foundation

/// `(0..<count).map(transform)`, spread over the cores. Results keep their index order, so
/// whatever is built from them does not depend on scheduling.
public func parallelMap<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
    let slots = Slots<T>(count: count)
    // `transform` runs on several threads at once; callers pass pure or internally locked work.
    withoutActuallyEscaping(transform) { transform in
        nonisolated(unsafe) let transform = transform
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.store(i, transform(i)) }
    }
    return slots.values
}

/// One slot per index, each written once by one worker and read after all have finished.
private final class Slots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ i: Int, _ value: T) { lock.withLock { slots[i] = value } }

    var values: [T] { lock.withLock { slots.map { $0! } } }
}
