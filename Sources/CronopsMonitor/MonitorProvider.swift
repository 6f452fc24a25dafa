import CronopsCore
import FoundationEssentials

/// A place where checks live. `healthchecks` talks to a server; `local` keeps the same model
/// in a JSON file. Plan reads with `fetchState`; apply sends one `perform` per change and
/// finishes with `commit`.
public protocol MonitorProvider: Sendable {
    /// `healthchecks` or `local`, as in cronops.yaml.
    var kind: String { get }
    /// What the plan was computed against (API base or state file); never a secret.
    var target: String { get }
    /// How many changes may be sent at once.
    var maxConcurrency: Int { get }
    func fetchState() async throws -> ServerState
    /// Carries out one change; returns a short past-tense detail ("created", "already gone").
    func perform(_ action: PlanAction) async throws -> String
    /// Makes the performed changes durable (the local provider writes its file here).
    func commit() async throws
    /// Why the monitor stopped answering during this run ("the monitor at … stopped answering
    /// (connection refused)"); nil while it answers. Once set, apply starts no new change.
    var outage: String? { get }
}

extension MonitorProvider {
    /// A provider without a network (the local state file) never goes away.
    public var outage: String? { nil }
}

/// A provider that can say how its checks are doing now (`cronops status`). Healthchecks
/// answers with one list call plus bounded body reads for failing checks; the local provider
/// computes the same answer from its run log.
public protocol MonitorStatusReader: MonitorProvider {
    /// Every check's state at `now`. Reads at most `maxFailureBodies` ping bodies, and only for
    /// checks that are failing, to say why they failed.
    func readStatus(now: Date, maxFailureBodies: Int) async throws -> StatusSnapshot
}
