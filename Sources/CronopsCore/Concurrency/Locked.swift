#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that several threads share, reachable only while its mutex is held: the project's
/// one lock type (modelled on SwiftPM's `ThreadSafeBox`). Everything a closure passed to
/// `withLock` does to the value happens before whatever the next holder does.
///
/// The mutex lives in memory of its own, allocated once, so its address never changes: a
/// `pthread_mutex_t` stored as a property and passed as `&mutex` may be handed to pthread as
/// a temporary copy, which locks nothing. `Synchronization.Mutex` would do the same job but
/// needs macOS 15 (the package supports macOS 13) and only hands out `sending` results.
///
/// Not reentrant: calling `withLock` on the same box from inside its own closure deadlocks.
public final class Locked<Value> {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: Value) {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        // With default attributes glibc (and musl) only fill in the structure: no failure.
        pthread_mutex_init(mutex, nil)
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock; keep it short and never block in it.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

// Why this is safe: `value`, the only mutable state, is read and written solely inside
// `withLock`, between lock and unlock of one mutex whose address never changes (`mutex` is a
// `let`, allocated in `init`, freed only in `deinit` when no thread can hold a reference).
// `Value` must itself be Sendable: what `withLock` returns leaves the lock, and a shared
// non-Sendable class reference handed out that way could be used by two threads at once.
extension Locked: @unchecked Sendable where Value: Sendable {}
