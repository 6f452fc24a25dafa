import CronopsCore
import CronopsMonitor
import FoundationEssentials

/// `--run-log PATH`: the pings of one `cronops exec` run, recorded as run-log lines for the
/// local provider (docs/monitor.md#run-log) the moment the wrapper would send them.
struct RunLogWriter {
    var store: RunLogStore
    var job: String
    var slug: String
    var manual: Bool
    /// The wrapper's "now" at start-up (`CRONOPS_EXEC_NOW` in tests) and the monotonic clock
    /// then: each line is dated that instant plus the time elapsed since.
    var origin: Date
    var originMonotonic: Double

    init?(settings: ExecSettings, now: Date, limit: Int?) {
        guard let path = settings.runLog else { return nil }
        store = RunLogStore(path: path, limit: limit ?? RunLogStore.defaultLimit)
        job = settings.job
        slug = settings.slug
        manual = settings.manual
        origin = now
        originMonotonic = monotonicSeconds()
    }

    /// Records a ping; returns the warning to print when the line could not be written.
    func record(_ kind: PingKind, runID: String?, headline: String? = nil, failedRules: [String] = [],
                exitStatus: String? = nil, duration: Double? = nil) -> String? {
        var eventKind: RunLogEvent.Kind
        var exitCode: Int?
        switch kind {
        case .start: eventKind = .start
        case .success: eventKind = .success
        case .fail: eventKind = .fail
        case let .exitStatus(code):
            eventKind = .fail
            exitCode = Int(code)
        case .log: eventKind = .log
        }
        let at = origin.addingTimeInterval(max(0, monotonicSeconds() - originMonotonic))
        let event = RunLogEvent(kind: eventKind, at: at, slug: slug, job: job, runID: runID, manual: manual,
                                duration: duration, exitCode: exitCode, headline: headline, failedRules: failedRules,
                                exitStatus: exitStatus)
        return store.append(event).map { "warning: could not record the run in the run log: \($0); the job's exit status is unchanged" }
    }

    /// A body's first line: the headline of a ping that has no structured verdict.
    static func headline(of body: String) -> String {
        String(body.prefix { $0 != "\n" })
    }
}
