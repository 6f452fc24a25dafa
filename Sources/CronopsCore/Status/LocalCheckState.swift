import FoundationEssentials

/// What the local provider knows of a check beyond its fields: when it was created, and when
/// its status was last set by `apply` (pause or resume). Pings before the creation do not
/// count; the pause or resume takes effect between the pings before and after it.
public struct LocalCheckHistory: Sendable, Equatable {
    public var created: Date?
    public var statusChanged: Date?

    public init(created: Date? = nil, statusChanged: Date? = nil) {
        self.created = created
        self.statusChanged = statusChanged
    }
}

/// The observation Healthchecks would report for a check that received the run log's pings:
/// the server's ping handling replayed (`Check.ping`, `hc/api/models.py`), then its read-time
/// status (`Check.get_status`). Rules are cited from healthchecks/healthchecks at 29b5ec25, the
/// version /work/shared/healthchecks-api.md was verified against.
public enum LocalCheckState {
    public enum Problem: Error, Equatable, Sendable {
        /// The check's schedule or zone cannot be evaluated; the reason, in words.
        case cannotEvaluate(String)
    }

    /// `events`: this check's lines in the order they were written (the order the server would
    /// have received them). `zones` gives the rules of the check's `tz`.
    public static func observe(check: RemoteCheck, history: LocalCheckHistory = LocalCheckHistory(),
                               events: [RunLogEvent], now: Date,
                               zones: (String) -> ZoneRules?) -> Result<CheckObservation, Problem> {
        var replay = Replay(manualResume: check.manualResume ?? false)
        // A check that was never paused or resumed is `new` from its creation (or has been up
        // since before the run log began, in a state file that predates `history`).
        let target = check.status == "paused" ? "paused" : "new"
        var pending: Date? = history.statusChanged
        if pending == nil, target == "paused" { replay.apply(status: "paused") }
        for event in events {
            if let created = history.created, event.at < created { continue }
            if let at = pending, event.at >= at {
                replay.apply(status: target)
                pending = nil
            }
            replay.receive(event)
        }
        if pending != nil { replay.apply(status: target) }

        let status: MonitorCheckStatus
        switch replay.status(check: check, now: now, zones: zones) {
        case let .success(s): status = s
        case let .failure(problem): return .failure(problem)
        }
        var observed = check
        observed.status = status.rawValue
        // `to_dict`: `if self.last_duration:` (a zero timedelta is not shown), then
        // `int(total_seconds())`, which truncates.
        let duration = replay.lastDuration.flatMap { $0 == 0 ? nil : Int($0.rounded(.towardZero)) }
        let failure = status == .down ? replay.lastFailure : nil
        return .success(CheckObservation(check: observed, status: status, started: replay.lastStart != nil,
                                         lastPing: replay.lastPing, lastDuration: duration, pingCount: replay.pings,
                                         lastFailure: failure))
    }

    /// The columns of `api_check` that pings change.
    struct Replay {
        var manualResume: Bool
        var stored = "new"
        var lastPing: Date?
        var lastStart: Date?
        var lastStartRID: String?
        var lastDuration: Double?
        var pings = 0
        /// The verdict of the latest finish when it was a failure (what the last ping's body says).
        var lastFailure: RunFailure?

        /// views.py `pause`: status paused, `last_start` cleared. `resume`: status new,
        /// `last_start` and `last_ping` cleared (`last_duration` is kept).
        mutating func apply(status: String) {
            stored = status
            lastStart = nil
            lastStartRID = nil
            if status == "new" { lastPing = nil }
        }

        /// `Check.ping`.
        mutating func receive(_ event: RunLogEvent) {
            // `self.n_pings = F("n_pings") + 1` for every ping, whatever its kind.
            pings += event.pings
            // "if self.status == 'paused' and self.manual_resume: action = 'ign'": logged, nothing else.
            if stored == "paused", manualResume { return }
            switch event.kind {
            case .start:
                // "Don't update 'last_ping' field."
                lastStart = event.at
                lastStartRID = event.runID
            case .success, .fail:
                lastPing = event.at
                lastDuration = nil
                if let start = lastStart {
                    if lastStartRID == event.runID {
                        // rid matches (None == None too): the run's duration, not running any more.
                        lastDuration = event.at.timeIntervalSince(start)
                        lastStart = nil
                    } else if event.kind == .fail || event.runID == nil {
                        // A fail whatever its rid, or a success without one, ends "running".
                        lastStart = nil
                    }
                }
                // "new_status = 'down' if action == 'fail' else 'up'": this also un-pauses.
                stored = event.kind == .fail ? "down" : "up"
                lastFailure = event.kind == .fail ? event.failure : nil
            case .log, .pruned:
                // `log` is stored as a ping and changes nothing else.
                break
            }
        }

        /// `Check.get_status(with_started=False)`, what API v3 returns as `status`.
        func status(check: RemoteCheck, now: Date, zones: (String) -> ZoneRules?) -> Result<MonitorCheckStatus, Problem> {
            let grace = TimeInterval(check.grace)
            // A start without its finish: down once the grace has passed since the start,
            // whatever the stored status.
            if let start = lastStart, now >= start.addingTimeInterval(grace) { return .success(.down) }
            switch stored {
            case "new": return .success(.new)
            case "paused": return .success(.paused)
            case "down": return .success(.down)
            default: break
            }
            guard let lastPing else { return .success(.up) }
            // `get_grace_start(with_started=False)`: the next expected ping.
            let graceStart: Date
            if let text = check.schedule {
                let schedule: CronSchedule
                switch CronSchedule.parse(text) {
                case let .success(s): schedule = s
                case let .failure(error): return .failure(.cannotEvaluate("schedule '\(text)' cannot be read (\(error.message))"))
                }
                let zoneName = check.tz ?? "UTC"
                guard let zone = zones(zoneName) else { return .failure(.cannotEvaluate("zone '\(zoneName)' is unknown here")) }
                // `next(CronSim(self.schedule, last_local))`; no next run means "stay up".
                guard let next = schedule.next(after: lastPing, in: zone) else { return .success(.up) }
                graceStart = next
            } else {
                // Simple check: `last_ping + timeout` (86400 when the file has none, the default).
                graceStart = lastPing.addingTimeInterval(TimeInterval(check.timeout ?? 86_400))
            }
            if now >= graceStart.addingTimeInterval(grace) { return .success(.down) }
            if now >= graceStart { return .success(.grace) }
            return .success(.up)
        }
    }
}
