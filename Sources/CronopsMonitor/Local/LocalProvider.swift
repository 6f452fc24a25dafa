import CronopsCore
import Foundation

/// The `local` provider: the same check model kept in a JSON file (`monitor.state`), so plan
/// and apply work on a laptop with no server. Channels are plain names. The file is read once,
/// changed in memory, and written atomically (temp file + rename) by `commit`.
public actor LocalProvider: MonitorProvider {
    public nonisolated let path: String
    public nonisolated var kind: String { "local" }
    public nonisolated var target: String { path }
    public nonisolated var maxConcurrency: Int { 1 }
    private let makeID: @Sendable () -> String
    private var state: LocalStateFile?
    private var dirty = false

    public init(path: String, makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.path = path
        self.makeID = makeID
    }

    public func fetchState() async throws -> ServerState {
        let file = try load()
        return ServerState(checks: file.checks, channels: .namesAreIDs)
    }

    public func perform(_ action: PlanAction) async throws -> String {
        var file = try load()
        defer { state = file }
        let fields = action.fields ?? CheckFields()
        switch action.kind {
        case .create:
            // Mirrors `unique: ["slug"]`: a create that finds its slug updates that check.
            if let index = file.checks.firstIndex(where: { $0.slug == action.slug }) {
                Self.apply(fields, to: &file.checks[index])
                dirty = true
                return "updated the existing check with this slug"
            }
            var check = RemoteCheck(id: makeID(), name: "", slug: "", tags: "", desc: "", grace: 3600, timeout: 86400,
                                    status: "new", manualResume: false)
            Self.apply(fields, to: &check)
            file.checks.append(check)
            dirty = true
            return "created"
        case .update, .rename, .adopt:
            guard let index = file.checks.firstIndex(where: { $0.id == action.checkID }) else {
                throw MonitorError.localState(path: path, why: "check \(action.checkID ?? "?") (\(action.slug)) is not in the file any more; run `cronops plan` again")
            }
            Self.apply(fields, to: &file.checks[index])
            dirty = true
            return action.kind == .rename ? "renamed from \(action.previousSlug ?? "?")" : action.kind == .adopt ? "adopted" : "updated"
        case .delete:
            guard let index = file.checks.firstIndex(where: { $0.id == action.checkID }) else { return "already gone" }
            file.checks.remove(at: index)
            dirty = true
            return "deleted"
        case .orphan:
            return "kept"
        case .pause, .resume:
            // A check created in this run is found by its slug, as on the server.
            guard let index = file.checks.firstIndex(where: { $0.id == action.checkID })
                    ?? (action.checkID == nil ? file.checks.firstIndex(where: { $0.slug == action.slug }) : nil) else {
                throw MonitorError.localState(path: path, why: "check \(action.checkID ?? action.slug) is not in the file any more; run `cronops plan` again")
            }
            let pausing = action.kind == .pause
            if !pausing && !file.checks[index].isPaused { return "already running (it was not paused)" }
            // As Healthchecks: pausing keeps the check; resuming makes it `new` again.
            file.checks[index].status = pausing ? "paused" : "new"
            dirty = true
            return pausing ? "paused" : "resumed"
        }
    }

    public func commit() async throws {
        guard dirty, var file = state else { return }
        file.checks.sort { ($0.slug, $0.id) < ($1.slug, $1.id) }
        try LocalStateFile.write(file, to: path)
        state = file
        dirty = false
    }

    /// What the server does with the same request: partial update, and `schedule` turns the
    /// check into a cron check (which hides `timeout`).
    static func apply(_ fields: CheckFields, to check: inout RemoteCheck) {
        if let v = fields.name { check.name = v }
        if let v = fields.slug { check.slug = v }
        if let v = fields.tags { check.tags = v }
        if let v = fields.desc { check.desc = v }
        if let v = fields.grace { check.grace = v }
        if let v = fields.schedule {
            check.schedule = v
            check.timeout = nil
            if check.tz == nil { check.tz = "UTC" }
        }
        if let v = fields.tz { check.tz = ZoneTable.canonical(v) ?? v }
        if let v = fields.manualResume { check.manualResume = v }
        if let v = fields.channels {
            check.channels = Array(Set(v.split(separator: ",").map(String.init))).sorted().joined(separator: ",")
        }
    }

    private func load() throws -> LocalStateFile {
        if let state { return state }
        let loaded = try LocalStateFile.read(from: path)
        state = loaded
        return loaded
    }
}
