import Glibc

/// Threads of cronops' own, on plain pthreads: `parallelMap`'s workers (joined) and the
/// wrapper's background pings (detached). Not Foundation's `Thread`: it lives in the part of
/// Foundation cronops does not link (docs/exec.md, "Cost"); not Dispatch's pool, for the
/// reason `parallelMap` gives.
public enum Threads {
    /// A new joinable thread running `work`, or nil when the system refused one (then `work`
    /// has not run and will not).
    static func start(_ work: @escaping @Sendable () -> Void) -> pthread_t? {
        let box = Unmanaged.passRetained(ThreadWork(work)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { raw in
            Unmanaged<ThreadWork>.fromOpaque(raw!).takeRetainedValue().work()
            return nil
        }, box)
        guard started == 0 else {
            Unmanaged<ThreadWork>.fromOpaque(box).release()
            return nil
        }
        return thread
    }

    /// `first` on a thread of its own while `second` runs on this one; both results. With no
    /// thread to be had, `first` runs here after `second`.
    public static func both<A: Sendable, B>(_ first: @escaping @Sendable () -> A, _ second: () -> B) -> (A, B) {
        let result = Locked<A?>(nil)
        let thread = start { result.withLock { $0 = first() } }
        let other = second()
        if let thread {
            pthread_join(thread, nil)
        } else {
            result.withLock { $0 = first() }
        }
        return (result.withLock { $0! }, other)
    }

    /// `work` on a thread that nobody joins; false when the system refused one.
    @discardableResult
    public static func detach(_ work: @escaping @Sendable () -> Void) -> Bool {
        guard let thread = start(work) else { return false }
        pthread_detach(thread)
        return true
    }
}

/// What a thread runs, passed through pthread_create's one pointer.
private final class ThreadWork: Sendable {
    let work: @Sendable () -> Void
    init(_ work: @escaping @Sendable () -> Void) { self.work = work }
}
