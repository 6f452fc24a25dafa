import CronopsCore

/// The `healthchecks` provider: exactly one list call and one channels call to read, one
/// request per change to write.
public struct HealthchecksProvider: MonitorProvider {
    public let client: HealthchecksClient
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
            switch try await client.createCheck(action.fields ?? CheckFields()) {
            case .created: return "created"
            case .matchedExisting: return "updated the existing check with this slug (an earlier attempt had created it)"
            }
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
