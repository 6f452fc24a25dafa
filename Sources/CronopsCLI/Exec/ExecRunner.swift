#if canImport(Glibc)
import Glibc
#endif
import CronopsCore
import FoundationEssentials

/// `cronops exec` end to end (SPEC §2.6): the outside world around the pure decisions of
/// `CronopsCore/Exec`. Returns the status the wrapper exits with.
struct ExecRunner {
    var settings: ExecSettings
    /// The wrapper's environment as `NAME=VALUE` strings, in order.
    var environment: [String]
    var now: Date
    /// What tests fix through the environment (drain, kill grace, duration); `now` is above.
    var hooks = ExecTestHooks()

    private var label: String { "cronops exec \(settings.job)" }

    func warn(_ message: String) { Terminal.err("\(label): \(message)\n") }

    func run() -> Int32 {
        // 1. --only-at: not due this minute → nothing at all.
        if let (schedule, zone) = settings.onlyAt {
            // --scheduled-from: the minute the CronJob scheduled, however late the pod started.
            var minute = now
            if let variable = settings.scheduledFrom {
                switch ScheduledMinute.read(variable: variable, value: ScheduledMinute.value(of: variable, in: environment), now: now) {
                case let .minute(scheduled): minute = scheduled
                case let .clock(reason): warn(reason)
                }
            }
            switch OnlyAtCheck.isDue(schedule: schedule, zone: zone, now: minute) {
            case let .failure(problem):
                warn(problem.message)
                return WrapperStatus.usage
            case .success(false): return 0
            case .success(true): break
            }
        }
        let runID = UUID().uuidString.lowercased()
        // --run-log: each ping is also recorded for the local provider, monitor or not.
        var pings = ExecPings(runLog: RunLogWriter(settings: settings, now: now, limit: hooks.runLogLimit),
                              client: makePingClient(), manualMark: manualMark, warn: warn)

        // 2. The overlap lock, held until the wrapper exits.
        var lock: JobLock?
        var tolerancePath: String?
        if settings.overlap != .allow || settings.tolerate > 0 {
            let directory = settings.stateDir ?? ExecStateFiles.defaultDirectory(isRoot: getuid() == 0, environment: environmentDictionary)
            if let problem = StateDirectory.prepare(directory) {
                warn("warning: state directory unusable (\(problem)); running without the overlap lock and the --tolerate counter")
            } else {
                if settings.tolerate > 0 { tolerancePath = ExecStateFiles.toleranceFile(directory: directory, job: settings.job) }
                if settings.overlap != .allow {
                    let path = ExecStateFiles.lockFile(directory: directory, job: settings.job)
                    let wait: Double? = settings.overlap == .wait ? settings.maxRuntime.map { Double($0.seconds) } ?? .infinity : nil
                    switch JobLock.acquire(path: path, wait: wait) {
                    case let .success(held): lock = held
                    case .failure(.busy):
                        pings.send(.log, runID: nil, body: ExecReport.skippedBody(job: settings.job))
                        if !pings.monitored { warn("skipped: previous run still running (--overlap skip)") }
                        return 0
                    case .failure(.gaveUp):
                        let waited = settings.maxRuntime ?? TimeSpan(seconds: 0)
                        warn("did not start: previous run still running after waiting \(waited) (--overlap wait)")
                        pings.send(.fail, runID: nil, body: ExecReport.gaveUpWaitingBody(job: settings.job, waited: waited))
                        return WrapperStatus.timedOut
                    case let .failure(.unusable(problem)):
                        warn("warning: \(problem); running without the overlap lock")
                    }
                }
            }
        }
        // The flock is released by the kernel when the wrapper exits, however it exits; it is
        // held across every attempt of --retry.
        _ = lock

        // --start-delay (the job's jitter on this host): silent, so cron mails nothing.
        if let delay = settings.startDelay, delay.seconds > 0 { _ = wait(Double(delay.seconds), "start-delay") }

        // 3. /start beside the job: it never delays the job.
        pings.start(runID: runID)

        // 4–5. The job, and with --retry each attempt that failed again, after its wait.
        let rules = settings.rules
        let allowed = (settings.retry?.attempts ?? 0) + 1
        var attempt = 1
        var outcome: RunOutcome
        var verdict: ExecVerdict
        while true {
            var process = JobProcess(command: settings.command, environment: settings.jobEnvironment(inherited: environment),
                                     maxRuntime: settings.maxRuntime,
                                     stdoutCapture: rules.readsStdout ? ExecLimits.ruleCapture : 0,
                                     stderrCapture: rules.readsStderr ? ExecLimits.ruleCapture : 0,
                                     shell: settings.shell)
            if let grace = hooks.killGrace { process.killGrace = grace }
            if let drain = hooks.drainAfterExit { process.drainAfterExit = drain }
            do {
                outcome = try process.run()
                if let duration = hooks.duration { outcome.duration = duration }
            } catch {
                warn("\(error.message); the job did not run")
                pings.send(.fail, runID: runID, body: "FAILED: \(settings.job) did not run: \(error.message)\n")
                return WrapperStatus.couldNotRun
            }
            verdict = ExecVerdict.evaluate(rules, outcome)
            guard let pause = ExecAttempts.retryWait(after: attempt, retry: settings.retry, outcome: outcome, verdict: verdict) else { break }
            let attemptBody = ExecAttempts.failedAttemptBody(job: settings.job, attempt: attempt, of: allowed, wait: pause,
                                                             outcome: outcome, verdict: verdict)
            warn("attempt \(attempt) of \(allowed) \(verdict.failures.first.map { "failed (\($0.rule): \($0.reason))" } ?? "failed"); trying again in \(TimeSpan(seconds: pause))")
            pings.send(.log, runID: runID, body: attemptBody, .init(
                failedRules: ExecReport.failedRules(verdict), exitStatus: ExecReport.describe(outcome.termination), duration: outcome.duration))
            if let signal = wait(Double(pause), "retry-delay") {
                warn("not trying again: \(SignalName.of(signal)) received while waiting")
                break
            }
            attempt += 1
        }

        // 6–7. Rules, tolerate, the final ping.
        let previous = tolerancePath.map(ToleranceStore.read) ?? 0
        let result = ExecReport.make(job: settings.job, rules: rules, outcome: outcome, verdict: verdict,
                                     previousFailures: previous, tolerate: settings.tolerate,
                                     attempts: settings.retry == nil ? nil : (attempt, allowed))
        if let path = tolerancePath, result.consecutiveFailures != previous || verdict.passed == false {
            if let problem = ToleranceStore.write(result.consecutiveFailures, to: path) {
                warn("warning: could not store the --tolerate counter (\(problem))")
            }
        }
        if !result.stderrSummary.isEmpty { Terminal.err(result.stderrSummary) }
        pings.finish(result.ping, runID: runID, body: result.body, .init(
            failedRules: result.failedRules, exitStatus: result.exitStatusText, duration: outcome.duration, headline: result.headline))
        // 8. The job's own status (or 120 / 124, see WrapperStatus).
        return result.exitStatus
    }

    /// The first line of every ping body of a `cronops run`, so the check's log tells a manual
    /// run from a scheduled one.
    private var manualMark: String? {
        guard settings.manual else { return nil }
        let user = environmentDictionary["USER"] ?? environmentDictionary["LOGNAME"] ?? "uid \(getuid())"
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "this machine"
        return RunFailure.manualRunMark(user: user, host: host)
    }

    /// Waits `seconds`, or with the `CRONOPS_EXEC_WAITS` test hook records the wait instead.
    /// Returns the signal that ended the wait early (SIGTERM/SIGINT/SIGHUP to the wrapper once
    /// its relay is installed, i.e. between attempts), or nil.
    private func wait(_ seconds: Double, _ what: String) -> Int32? {
        if let file = hooks.waitsFile {
            let line = "\(what) \(Int(seconds))\n"
            let fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            if fd >= 0 {
                _ = line.withCString { Glibc.write(fd, $0, strlen($0)) }
                close(fd)
            }
            return nil
        }
        let relay = SignalRelay.readEnd
        let end = monotonicSeconds() + seconds
        while true {
            let left = end - monotonicSeconds()
            if left <= 0 { return nil }
            var fds = [pollfd(fd: relay, events: Int16(POLLIN), revents: 0)]
            let timeout = Int32(min(left * 1000, Double(Int32.max)).rounded(.up))
            // No relay yet (before the first attempt): a plain sleep; poll with fd -1 ignores it.
            _ = poll(&fds, 1, timeout)
            if relay >= 0, let signal = SignalRelay.drain().first(where: { SignalRelay.forwarded.contains($0) }) {
                return signal
            }
        }
    }

    private var environmentDictionary: [String: String] {
        var out: [String: String] = [:]
        for entry in environment {
            guard let eq = entry.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            out[String(entry[..<eq])] = String(entry[entry.utf8.index(after: eq)...])
        }
        return out
    }

    /// No `--ping-url`: no pings, no network. A ping setting that is wrong (no key) is a
    /// warning: the job still runs, and the missing pings make the monitor alert.
    private func makePingClient() -> PingClient? {
        guard let base = settings.pingURL else { return nil }
        guard let key = readPingKey() else {
            warn("warning: no ping key (\(settings.pingKeyFile.map { "--ping-key-file \($0) is unreadable or empty" } ?? "CRONOPS_PING_KEY is not set")); running without pings")
            return nil
        }
        switch PingTarget.make(base: base, key: key, slug: settings.slug) {
        case let .success(target): return PingClient(target: target, environment: environmentDictionary)
        case let .failure(error):
            warn("warning: \(error.message); running without pings")
            return nil
        }
    }

    /// The key without surrounding white space (a file's final newline), nil when empty.
    /// Plain reads rather than FileManager: its first use cost a million instructions of every
    /// run with pings (callgrind).
    private func readPingKey() -> String? {
        let text: String
        if let path = settings.pingKeyFile {
            guard case let .success(bytes) = LiveFileSystem().read(path, limit: 64 << 10), bytes.count <= 64 << 10 else { return nil }
            text = String(decoding: bytes, as: UTF8.self)
        } else {
            guard let value = environmentDictionary["CRONOPS_PING_KEY"] else { return nil }
            text = value
        }
        let key = text.trimmingWhiteSpace()
        return key.isEmpty ? nil : key
    }
}
