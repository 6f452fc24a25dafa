import CronopsCore
import Dispatch

/// Where every ping of one run goes: into the run log (`--run-log`, what the local provider
/// reads) and to the monitor (`--ping-url`), one after the other, so that no step of the
/// wrapper can record a ping and forget to send it, or the reverse. Either may be absent.
struct ExecPings {
    let runLog: RunLogWriter?
    let client: PingClient?
    /// The first line of every body of a `cronops run` (`ExecRunner.manualMark`).
    let manualMark: String?
    let warn: (String) -> Void
    private var start: BackgroundPing?

    init(runLog: RunLogWriter?, client: PingClient?, manualMark: String?, warn: @escaping (String) -> Void) {
        self.runLog = runLog
        self.client = client
        self.manualMark = manualMark
        self.warn = warn
    }

    /// Is there a monitor to ping (a ping URL and a key)?
    var monitored: Bool { client != nil }

    /// What the run log keeps beside the kind; the monitor gets the body.
    struct Details {
        var failedRules: [String] = []
        var exitStatus: String?
        var duration: Double?
        /// The run log's one-line summary, when not the body's first line.
        var headline: String?
    }

    /// `/start`: recorded, and sent on a thread of its own beside the job, which it never delays.
    mutating func start(runID: String) {
        record(.start, runID: runID, body: nil, Details())
        start = client.map { client in
            BackgroundPing { [manualMark] in client.send(.start, runID: runID, body: manualMark, policy: .start) }
        }
    }

    /// A ping before the run's last (a skipped run, a failed attempt, a job that could not
    /// start). The monitor must see `/start` first; a `/start` that failed is reported once,
    /// by `finish`.
    func send(_ kind: PingKind, runID: String?, body: String, _ details: Details = Details()) {
        record(kind, runID: runID, body: body, details)
        guard let client else { return }
        _ = start?.wait(upTo: PingRetryPolicy.start.budget + 1)
        report(deliver(client, kind, runID: runID, body: body), client)
    }

    /// The run's last ping, after the delivery of `/start` is reported if it failed.
    func finish(_ kind: PingKind, runID: String, body: String, _ details: Details) {
        record(kind, runID: runID, body: nil, details)
        guard let client else { return }
        if let start { report(start.wait(upTo: PingRetryPolicy.start.budget + 1) ?? Self.startTimedOut, client) }
        report(deliver(client, kind, runID: runID, body: body), client)
    }

    private func record(_ kind: PingKind, runID: String?, body: String?, _ details: Details) {
        guard let runLog else { return }
        let warning = runLog.record(kind, runID: runID, headline: details.headline ?? body.map(RunLogWriter.headline(of:)),
                                    failedRules: details.failedRules, exitStatus: details.exitStatus, duration: details.duration)
        if let warning { warn(warning) }
    }

    /// The final (or /log) ping, on its own thread so that even a name lookup that hangs
    /// cannot hold the wrapper past the ping's budget; on this one when an earlier ping left a
    /// connection open (keep-alive: no lookup, and the attempt timeouts bound the rest), which
    /// spares a thread's start and the wake-ups between two threads on a busy host.
    private func deliver(_ client: PingClient, _ kind: PingKind, runID: String?, body: String) -> PingClient.Delivery {
        let policy = PingRetryPolicy.final
        let body = (manualMark ?? "") + body
        if client.hasOpenConnection { return client.send(kind, runID: runID, body: body, policy: policy) }
        let ping = BackgroundPing { client.send(kind, runID: runID, body: body, policy: policy) }
        return ping.wait(upTo: policy.budget + 2) ?? PingClient.Delivery(
            kind: kind, delivered: false, attempts: 1, seconds: policy.budget + 2,
            problem: "no answer within \(DurationText.format(policy.budget + 2))")
    }

    private static let startTimedOut = PingClient.Delivery(
        kind: .start, delivered: false, attempts: 1, seconds: PingRetryPolicy.start.budget,
        problem: "no answer within \(DurationText.format(PingRetryPolicy.start.budget))")

    /// A warning on stderr when a ping could not be delivered; the exit status stays the job's.
    private func report(_ delivery: PingClient.Delivery, _ client: PingClient) {
        guard !delivery.delivered else { return }
        let url = client.target.maskedURL(delivery.kind, runID: nil)
        warn("warning: could not ping the monitor (\(url)): \(delivery.problem ?? "failed") after \(delivery.attempts) attempt\(delivery.attempts == 1 ? "" : "s") in \(DurationText.format(delivery.seconds)); the job's exit status is unchanged")
    }
}

/// A ping sent on its own thread, so the job starts at once; the final ping waits for it.
final class BackgroundPing: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let delivery = Locked<PingClient.Delivery?>(nil)

    init(_ send: @escaping @Sendable () -> PingClient.Delivery) {
        let work: @Sendable () -> Void = { [self] in
            let result = send()
            delivery.withLock { $0 = result }
            done.signal()
        }
        // No thread to be had: send it here, before the job starts, rather than not at all.
        if !Threads.detach(work) { work() }
    }

    /// The delivery, or nil if it has not finished within `seconds`.
    func wait(upTo seconds: Double) -> PingClient.Delivery? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        done.signal()
        return delivery.withLock { $0 }
    }
}
