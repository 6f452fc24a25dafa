/// Exit statuses of `cronops exec` that are not the job's own (documented in `cronops exec
/// --help` and docs/exec.md). Chosen above the range scripts commonly use and below 126, where
/// the shell's own statuses (126 not executable, 127 not found, 128+N signal N) begin.
public enum WrapperStatus {
    /// The job exited 0 but a rule failed: non-zero so cron's mail and any caller notice.
    public static let ruleFailed: Int32 = 120
    /// The job was stopped after `--max-runtime`, or `--overlap wait` gave up (like timeout(1)).
    public static let timedOut: Int32 = 124
    /// The wrapper could not start the job at all (like timeout(1) and env(1)).
    public static let couldNotRun: Int32 = 125
    /// A bad flag or value on the wrapper's command line (sysexits EX_USAGE).
    public static let usage: Int32 = 64
}

/// Consecutive failures reported as `/log` before they alert (`--tolerate N`).
public enum Tolerance {
    /// The counter after this run, and whether this run's failure is tolerated.
    public static func next(previousFailures: Int, failed: Bool, tolerate: Int) -> (failures: Int, tolerated: Bool) {
        guard failed else { return (0, false) }
        let failures = previousFailures + 1
        return (failures, failures <= tolerate)
    }
}

/// Everything decided after a run: what to ping, what to tell stderr, how to exit.
public struct ExecReport: Equatable, Sendable {
    public var ping: PingKind
    public var body: String
    /// Printed on stderr after the job's output when the run failed; empty on success.
    public var stderrSummary: String
    public var exitStatus: Int32
    /// The tolerate counter to store for the next run.
    public var consecutiveFailures: Int
    /// The verdict as fields, what the body says in words (`RunFailure` documents them): the
    /// body's first line, each failed rule as `RULE: REASON`, the text after `exit status: `.
    public var headline = ""
    public var failedRules: [String] = []
    public var exitStatusText = ""

    /// `attempts`: with `--retry`, how many attempts ran and how many were allowed.
    public static func make(job: String, rules: ExecRules, outcome: RunOutcome, verdict: ExecVerdict,
                            previousFailures: Int, tolerate: Int, attempts: (made: Int, allowed: Int)? = nil) -> ExecReport {
        let failed = !verdict.passed
        let (failures, tolerated) = Tolerance.next(previousFailures: previousFailures, failed: failed, tolerate: tolerate)
        let status = exitStatus(outcome, verdict)

        var headline: String
        if !failed {
            headline = "OK: \(job) \(ended(outcome)); " + (verdict.ruleCount == 1 ? "its exit status was expected" : "all \(verdict.ruleCount) rules passed")
        } else {
            headline = "FAILED: \(job) \(ended(outcome))"
            // The exit status and time limit are in the headline already; count the other rules.
            let others = verdict.failures.filter { !$0.rule.hasPrefix("--expect-exit") && !$0.rule.hasPrefix("--max-runtime") }.count
            if others > 0 {
                headline += others == 1 ? "; a rule failed" : "; \(others) of \(verdict.ruleCount - 1) rules failed"
            }
            if tolerated {
                headline = "TOLERATED " + headline + " (failure \(failures) of \(tolerate) allowed by --tolerate \(tolerate))"
            }
        }

        let failedRules = Self.failedRules(verdict)
        var details = failedRules.map { "✗ " + $0 }
        if let origin = verdict.jsonOrigin { details.append("JSON rules read \(origin)") }
        details.append("exit status: \(describe(outcome.termination))")
        details.append("duration: \(DurationText.format(outcome.duration))")
        if let attempts { details.append("attempts: \(attempts.made) of \(attempts.allowed) (--retry \(attempts.allowed - 1))") }
        if failed, !tolerated, tolerate > 0 { details.append("consecutive failures: \(failures) (--tolerate \(tolerate))") }
        let body = PingBody.render(headline: headline, details: details, output: outcome.combinedTail)

        let ping: PingKind
        if !failed {
            ping = .success
        } else if tolerated {
            ping = .log
        } else if outcome.killedAfterMaxRuntime == nil, case let .exited(code) = outcome.termination,
                  code != 0, !rules.expectExit.contains(code), (1...255).contains(code) {
            ping = .exitStatus(code)
        } else {
            ping = .fail
        }

        var summary = ""
        if failed {
            summary = "cronops exec: " + headline + "\n"
            for failure in verdict.failures { summary += "  ✗ \(failure.rule): \(failure.reason)\n" }
            if status == WrapperStatus.ruleFailed {
                summary += "  exiting with status \(WrapperStatus.ruleFailed) (the job exited 0 but a rule failed)\n"
            }
        }
        return ExecReport(ping: ping, body: body, stderrSummary: summary, exitStatus: status, consecutiveFailures: failures,
                          headline: headline, failedRules: failedRules, exitStatusText: describe(outcome.termination))
    }

    /// Each failed rule as the body lists it, without its `✗ ` marker.
    public static func failedRules(_ verdict: ExecVerdict) -> [String] {
        verdict.failures.map { "\($0.rule): \($0.reason)" }
    }

    /// SPEC §2.6 step 8: the job's own status; 124 when stopped by `--max-runtime`; 120 when it
    /// exited 0 but a rule failed.
    public static func exitStatus(_ outcome: RunOutcome, _ verdict: ExecVerdict) -> Int32 {
        if outcome.killedAfterMaxRuntime != nil { return WrapperStatus.timedOut }
        let status = outcome.termination.shellStatus
        if status != 0 { return status }
        return verdict.passed ? 0 : WrapperStatus.ruleFailed
    }

    static func ended(_ outcome: RunOutcome) -> String {
        if let limit = outcome.killedAfterMaxRuntime { return "was stopped after --max-runtime \(limit)" }
        switch outcome.termination {
        case let .exited(code): return code == 0 ? "exited 0" : "exited with status \(code)"
        case let .signaled(signal): return "was killed by \(SignalName.of(signal))"
        }
    }

    /// What the body writes after `exit status: `.
    public static func describe(_ termination: Termination) -> String {
        switch termination {
        case let .exited(code): "\(code)"
        case let .signaled(signal): "killed by \(SignalName.of(signal)) (\(128 + signal))"
        }
    }

    /// The `/log` body when `--overlap skip` finds the previous run still holding the lock.
    public static func skippedBody(job: String) -> String {
        "SKIPPED: \(job) did not start: previous run still running (--overlap skip)\n"
    }

    /// The `/fail` body when `--overlap wait` gave up.
    public static func gaveUpWaitingBody(job: String, waited: TimeSpan) -> String {
        "FAILED: \(job) did not start: previous run still running after waiting \(waited) (--overlap wait, --max-runtime \(waited))\n"
    }
}
