import CronopsCore
import FoundationEssentials

/// The `local` provider: the same check model kept in a JSON file (`monitor.state`), so plan
/// and apply work on a laptop with no server. Channels are plain names. The file is read once,
/// changed in memory, and written atomically (temp file + rename) by `commit`.
public actor LocalProvider: MonitorProvider, MonitorStatusReader {
    public nonisolated let path: String
    public nonisolated var kind: String { "local" }
    public nonisolated var target: String { path }
    public nonisolated var maxConcurrency: Int { 1 }
    private let makeID: @Sendable () -> String
    /// The wall clock that dates creations, pauses and resumes (the run log is replayed against them).
    private let clock: @Sendable () -> Date
    /// A zone's rules, for the state of cron checks (the CLI reads the system tz database).
    private let zones: @Sendable (String) -> ZoneRules?
    private var state: LocalStateFile?
    private var dirty = false

    public init(path: String, makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
                clock: @escaping @Sendable () -> Date = { Date() },
                zones: @escaping @Sendable (String) -> ZoneRules? = { _ in nil }) {
        self.path = path
        self.makeID = makeID
        self.clock = clock
        self.zones = zones
    }

    /// The run log beside the state file, where `cronops exec --run-log` appends.
    public nonisolated var runLogPath: String { RunLogLocation.runLog(statePath: path) }

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
            file.history = (file.history ?? [:]).merging([check.id: .init(created: RunLogTime.format(clock()))]) { $1 }
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
            file.history?[file.checks[index].id] = nil
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
            file.history = file.history ?? [:]
            file.history?[file.checks[index].id, default: .init()].statusChanged = RunLogTime.format(clock())
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

    /// Every check as Healthchecks would report it now: the run log's pings replayed against
    /// each check (`LocalCheckState`). No request is made; a line that cannot be read is
    /// skipped and named in `limitations`.
    public func readStatus(now: Date, maxFailureBodies: Int) async throws -> StatusSnapshot {
        if !dirty { state = nil } // what apply wrote since, not a stale copy
        let file = try load()
        let contents = try RunLogStore(path: runLogPath).read()
        var bySlug: [String: [RunLogEvent]] = [:]
        for event in contents.events { bySlug[event.slug, default: []].append(event) }
        var limitations = contents.problems.prefix(20).map { $0 }
        if contents.problems.count > 20 { limitations.append("\(contents.problems.count - 20) more unreadable lines in the run log skipped") }
        var observations: [CheckObservation] = []
        observations.reserveCapacity(file.checks.count)
        for check in file.checks {
            let history = file.history?[check.id]?.value ?? LocalCheckHistory()
            switch LocalCheckState.observe(check: check, history: history, events: bySlug[check.slug] ?? [], now: now, zones: zones) {
            case let .success(observation): observations.append(observation)
            case let .failure(.cannotEvaluate(why)):
                limitations.append("\(check.slug): its state cannot be computed: \(why)")
            }
        }
        return StatusSnapshot(observedAt: now, checks: observations, limitations: limitations, requests: 0)
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
