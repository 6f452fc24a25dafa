import CronopsCore

/// The `healthchecks` provider: exactly one list call and one channels call to read, one
/// request per change to write.
public struct HealthchecksProvider: MonitorProvider {
    public let client: HealthchecksClient
    /// Checks created in this run, by slug: a suspended job's new check is paused after its
    /// create, before the plan could know its uuid.
    private let created = Locked<[String: String]>([:])
    public var kind: String { "healthchecks" }
    public var target: String { client.base.absoluteString }
    public var maxConcurrency: Int { client.settings.maxInFlight }

    public init(client: HealthchecksClient) {
        self.client = client
    }

    /// A read-only key shows itself in the list (no uuids); with an empty list the channels
    /// call tells (401). Either way the plan goes on with channels unknown.
    public func fetchState() async throws -> ServerState {
        let list = try await client.listChecks()
        if list.readOnlyView {
            return ServerState(checks: list.checks, channels: .hidden)
        }
        guard let channels = try await client.listChannels() else {
            return ServerState(checks: list.checks, channels: .hidden)
        }
        return ServerState(checks: list.checks, channels: .listed(channels))
    }

    public func perform(_ action: PlanAction) async throws -> String {
        switch action.kind {
        case .create:
            let outcome = try await client.createCheck(action.fields ?? CheckFields())
            created.withLock { $0[action.slug] = outcome.id }
            switch outcome {
            case .created: return "created"
            case .matchedExisting: return "updated the existing check with this slug (an earlier attempt had created it)"
            }
        case .pause:
            guard let id = action.checkID ?? created.withLock({ $0[action.slug] }) else {
                return "skipped: the check was not created; run `cronops apply` again"
            }
            try await client.pauseCheck(id: id)
            return "paused"
        case .resume:
            guard let id = action.checkID else { return "skipped: no check id" }
            return try await client.resumeCheck(id: id) ? "resumed" : "already running (it was not paused)"
        case .update, .rename, .adopt:
            guard let id = action.checkID else { return "skipped: no check id" }
            try await client.updateCheck(id: id, action.fields ?? CheckFields())
            switch action.kind {
            case .rename: return "renamed from \(action.previousSlug ?? "?")"
            case .adopt: return "adopted"
            default: return "updated"
            }
        case .delete:
            guard let id = action.checkID else { return "skipped: no check id" }
            return try await client.deleteCheck(id: id) ? "deleted" : "already gone"
        case .orphan:
            return "kept"
        }
    }

    public func commit() async throws {}

    public var outage: String? {
        client.breaker.openReason.map { MonitorError.monitorDown(url: client.settings.apiURL, reason: $0).description }
    }
}
