/// `--retry`: whether a finished attempt runs again, and what its `/log` ping says.
public enum ExecAttempts {
    /// Seconds to wait before the next attempt, or nil when this attempt is the last: it
    /// passed, no retry is left, or the wrapper forwarded a signal to it (someone stopped the
    /// run: running it again would defy them).
    public static func retryWait(after attempt: Int, retry: JobRetry?, outcome: RunOutcome, verdict: ExecVerdict) -> Int? {
        guard let retry, !verdict.passed, outcome.forwardedSignal == nil, attempt <= retry.attempts else { return nil }
        return retry.wait(beforeRetry: attempt)
    }

    /// The `/log` body of a failed attempt that will be tried again: the server keeps it in the
    /// check's log without changing its state.
    public static func failedAttemptBody(job: String, attempt: Int, of total: Int, wait: Int,
                                         outcome: RunOutcome, verdict: ExecVerdict) -> String {
        let headline = "RETRYING: \(job) attempt \(attempt) of \(total) \(ExecReport.ended(outcome)); attempt \(attempt + 1) starts in \(TimeSpan(seconds: wait))"
        var details = ExecReport.failedRules(verdict).map { "✗ " + $0 }
        details.append("exit status: \(ExecReport.describe(outcome.termination))")
        details.append("duration: \(DurationText.format(outcome.duration))")
        return PingBody.render(headline: headline, details: details, output: outcome.combinedTail)
    }
}

/// `jitter:`: the fixed delay before a job starts on one host, in [0, jitter). A hash of the
/// project, the job and the host, so that a hundred hosts running one job spread over the
/// window while each host starts at the same offset every time (predictable runs, stable
/// crontab lines).
public enum Jitter {
    public static func delay(project: String, job: String, host: String, jitter: TimeSpan) -> TimeSpan {
        guard jitter.seconds > 1 else { return TimeSpan(seconds: 0) }
        // FNV-1a, 64 bits: stable across runs, machines and Swift versions (Hasher is seeded).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in project.utf8 + [0] + job.utf8 + [0] + host.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return TimeSpan(seconds: Int(hash % UInt64(jitter.seconds)))
    }
}
