#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGTERM/SIGINT/SIGHUP (to forward) and SIGCHLD (the job ended) into bytes on a pipe
/// that the relay loop polls with the job's output: no work happens inside a signal handler.
enum SignalRelay {
    // Plain globals, not locked: a signal handler may not take a lock (it may interrupt the
    // holder). Why this is safe: both are written only by `install`, which `cronops exec`
    // calls once, on its main thread, before it installs the handlers and before any other
    // code reads them; after that they never change. `signal()` is a system call, so the
    // writes are visible to a handler running on any thread of the process.
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    nonisolated(unsafe) private(set) static var readEnd: Int32 = -1

    static let forwarded: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Installs the handlers once; returns the pipe's read end.
    static func install() -> Int32 {
        if readEnd >= 0 { return readEnd }
        guard let fds = makePipe(nonBlocking: true) else { return -1 }
        readEnd = fds[0]
        writeEnd = fds[1]
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in forwarded + [SIGCHLD] {
            _ = Glibc.signal(signal) { number in SignalRelay.note(number) }
            sigaddset(&unblock, signal)
        }
        // A parent may have started us with these blocked; they must reach the handlers.
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        return readEnd
    }

    private static func note(_ number: Int32) {
        let saved = errno
        var byte = UInt8(truncatingIfNeeded: number)
        _ = write(writeEnd, &byte, 1)
        errno = saved
    }

    /// Signals received since the last call (SIGCHLD included), oldest first.
    static func drain() -> [Int32] {
        var received: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(readEnd, &buffer, buffer.count)
            if n <= 0 { break }
            received += buffer[0..<n].map { Int32($0) }
        }
        return received
    }
}

/// Seconds on a clock that never jumps.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// A pipe whose ends close on exec (the job gets only the ends it is given).
func makePipe(nonBlocking: Bool = false) -> [Int32]? {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return nil }
    for fd in fds {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        if nonBlocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }
    return fds
}
