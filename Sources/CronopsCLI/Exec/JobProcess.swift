#if canImport(Glibc)
import Glibc
#endif
import CronopsCore

/// Runs `SHELL -c COMMAND` (`/bin/sh` unless `--shell` says otherwise) in its own process group and relays its stdout and stderr to the
/// wrapper's, byte for byte and in order within each stream, while keeping the ends the rules
/// and the ping need (SPEC §2.6 steps 4–5). Stops the whole group after `maxRuntime` (SIGTERM,
/// then SIGKILL after a grace) and forwards SIGTERM/SIGINT/SIGHUP sent to the wrapper.
struct JobProcess {
    var command: String
    /// The job's full environment, `NAME=VALUE`.
    var environment: [String]
    var maxRuntime: TimeSpan?
    var stdoutCapture: Int
    var stderrCapture: Int
    var killGrace = ExecLimits.killGrace
    var drainAfterExit = ExecLimits.drainAfterExit
    var shell = "/bin/sh"

    struct SpawnError: Error {
        var message: String
    }

    func run() throws(SpawnError) -> RunOutcome {
        let signalFD = SignalRelay.install()
        guard let outPipe = makePipe(), let errPipe = makePipe() else {
            throw SpawnError(message: "could not create pipes: \(String(cString: strerror(errno)))")
        }
        let started = monotonicSeconds()
        let pid: pid_t
        do {
            pid = try spawn(stdout: outPipe[1], stderr: errPipe[1])
        } catch {
            for fd in outPipe + errPipe { close(fd) }
            throw error
        }
        close(outPipe[1])
        close(errPipe[1])

        var relay = OutputRelay(stdoutCapture: stdoutCapture, stderrCapture: stderrCapture)
        // The pipes still open and where each goes. Two pairs in an array, not an [Int32: Int32]:
        // the first Dictionary or Set keyed by Int32 makes the Swift runtime look up
        // `Int32: Hashable` by scanning every conformance record of this 60 MB binary, a
        // quarter of what `cronops exec JOB -- true` executed (callgrind: 0.95 of 3.7 million).
        var open: [(source: Int32, target: Int32)] = [(outPipe[0], STDOUT_FILENO), (errPipe[0], STDERR_FILENO)]
        var status: Int32?
        var exitedAt: Double?
        var termSentAt: Double?
        var killSent = false
        var killedAfterMaxRuntime: TimeSpan?
        var forwardedSignal: Int32?
        let deadline = maxRuntime.map { started + Double($0.seconds) }

        func reap() {
            guard status == nil else { return }
            var raw: Int32 = 0
            let r = waitpid(pid, &raw, WNOHANG)
            if r == pid {
                status = raw
                exitedAt = monotonicSeconds()
            }
        }
        func terminateGroup(_ now: Double) {
            if termSentAt == nil {
                termSentAt = now
                kill(-pid, SIGTERM)
            }
        }

        while true {
            reap()
            let now = monotonicSeconds()
            if status == nil, let deadline, now >= deadline, termSentAt == nil {
                killedAfterMaxRuntime = maxRuntime
                terminateGroup(now)
            }
            // Until the job's own process is reaped its pid names the group, so the SIGKILL
            // cannot hit an unrelated process that reused the number.
            if let sentAt = termSentAt, !killSent, now >= sentAt + killGrace {
                killSent = true
                kill(-pid, SIGKILL)
            }
            if status != nil && (open.isEmpty || now >= exitedAt! + drainAfterExit) { break }

            var timeout = 1.0
            if status == nil, let deadline, termSentAt == nil { timeout = min(timeout, deadline - now) }
            if let sentAt = termSentAt, !killSent { timeout = min(timeout, sentAt + killGrace - now) }
            if let exitedAt { timeout = min(timeout, exitedAt + drainAfterExit - now) }
            var fds = open.map { pollfd(fd: $0.source, events: Int16(POLLIN), revents: 0) }
            fds.append(pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0))
            let ready = poll(&fds, nfds_t(fds.count), Int32(max(0, timeout) * 1000) + 1)
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == signalFD {
                    for signal in SignalRelay.drain() where SignalRelay.forwarded.contains(signal) {
                        forwardedSignal = signal
                        if status == nil {
                            kill(-pid, signal)
                            if termSentAt == nil { termSentAt = monotonicSeconds() }
                        }
                    }
                    continue
                }
                guard let index = open.firstIndex(where: { $0.source == entry.fd }) else { continue }
                let target = open[index].target
                if !relay.pump(from: entry.fd, to: target) {
                    close(entry.fd)
                    open.remove(at: index)
                }
            }
        }
        for pipe in open { close(pipe.source) }
        if status == nil {
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            status = raw
            exitedAt = monotonicSeconds()
        }
        let raw = status!
        let termination: Termination = (raw & 0x7F) == 0 ? .exited((raw >> 8) & 0xFF) : .signaled(raw & 0x7F)
        return RunOutcome(termination: termination, killedAfterMaxRuntime: killedAfterMaxRuntime,
                          forwardedSignal: forwardedSignal, duration: exitedAt! - started,
                          stdout: relay.stdout, stderr: relay.stderr, combinedTail: relay.combined)
    }

    private func spawn(stdout: Int32, stderr: Int32) throws(SpawnError) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a time limit or a forwarded signal reaches every process the
        // job started; default dispositions and an empty mask, whatever the wrapper set up.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdout, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, stderr, STDERR_FILENO)

        let argv: [UnsafeMutablePointer<CChar>?] = [String]([shell, "-c", command]).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, shell, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(message: "could not start \(shell): \(String(cString: strerror(result)))")
        }
        return pid
    }
}

/// Copies what the job writes to the wrapper's own stdout/stderr and keeps the ends.
struct OutputRelay {
    var stdout: TailBuffer
    var stderr: TailBuffer
    var combined = TailBuffer(capacity: ExecLimits.pingBodyLimit)
    /// A stream whose reader went away (EPIPE): its output is still captured, no longer written.
    var closedTargets: [Int32] = []
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)

    init(stdoutCapture: Int, stderrCapture: Int) {
        stdout = TailBuffer(capacity: stdoutCapture)
        stderr = TailBuffer(capacity: stderrCapture)
    }

    /// Reads what is available from `fd` and relays it; false at end of stream.
    mutating func pump(from fd: Int32, to target: Int32) -> Bool {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { return errno == EINTR || errno == EAGAIN }
        if n == 0 { return false }
        buffer.withUnsafeBytes { raw in
            let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<n])
            if !closedTargets.contains(target), !writeAll(chunk, to: target) { closedTargets.append(target) }
            if target == STDOUT_FILENO { stdout.append(chunk) } else { stderr.append(chunk) }
            combined.append(chunk)
        }
        return true
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return false
            }
            offset += n
        }
        return true
    }
}
