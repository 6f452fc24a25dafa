import CronopsCore
import Foundation

/// A check as the double stores it (every field the API can set, not only cronops' ones).
public struct DoubleCheck: Sendable, Equatable {
    public enum Kind: Sendable { case simple, cron }
    public var uuid: String
    public var project: Int
    public var name = ""
    public var slug = ""
    public var tags = ""
    public var desc = ""
    public var timeout = 86_400
    public var grace = 3_600
    public var schedule = "* * * * *"
    public var tz = "UTC"
    public var kind = Kind.simple
    public var channels: [String] = []
    public var manualResume = false
    /// `new` until pinged or paused (`paused`); resuming makes it `new` again. Pings
    /// (`HealthchecksStore.ping`) move it as the server does: success `up`, fail `down`.
    public var status = "new"
    /// The ping log, oldest first (the API lists it newest first), and what the list call
    /// derives from it: a start without its finish, the last ping, the last run's length.
    public var pings: [DoublePing] = []
    public var pingCount = 0
    public var started = false
    public var lastPing: Date?
    public var lastDuration: Int?
    public var methods = ""
    public var startKw = ""
    public var successKw = ""
    public var failureKw = ""
    public var filterSubject = false
    public var filterBody = false
    public var filterHttpBody = false
    public var filterDefaultFail = false

    /// The 40-hex id a read-only key sees instead of the uuid (derived, stable).
    public var uniqueKey: String { String((uuid.replacingOccurrences(of: "-", with: "") + "c0ffee00").prefix(40)) }
}

public struct DoubleAnswer: Sendable, Error {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    static func json(_ status: Int, _ value: HCJSON) -> DoubleAnswer {
        DoubleAnswer(status: status, headers: ["Content-Type": "application/json"], body: Data(value.serialized.utf8))
    }

    static func error(_ status: Int, _ message: String) -> DoubleAnswer {
        json(status, .object([("error", .string(message))]))
    }

    static func empty(_ status: Int, contentType: String = "text/html; charset=utf-8") -> DoubleAnswer {
        DoubleAnswer(status: status, headers: ["Content-Type": contentType], body: Data())
    }

    /// Django's 404 page with DEBUG=False (fixture error-check-not-found-404.html).
    static let notFound = DoubleAnswer(status: 404, headers: ["Content-Type": "text/html; charset=utf-8"], body: Data("""

        <!doctype html>
        <html lang="en">
        <head>
          <title>Not Found</title>
        </head>
        <body>
          <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
        </body>
        </html>

        """.utf8))
}

/// How the server goes away mid-run (`HealthchecksDouble.goDown`).
public enum HealthchecksOutage: Sendable, Equatable {
    /// The server stops: connections are refused.
    case refuse
    /// Connections are accepted and requests read, but never answered.
    case blackHole
}

public actor HealthchecksStore {
    /// The channels of fixture list-channels.json: a duplicated name and an empty one included.
    public static let defaultChannels: [RemoteChannel] = [
        RemoteChannel(id: "0109c4ac-9ef0-5bc4-bcad-3476c5aa761b", name: "ops-email", kind: "email"),
        RemoteChannel(id: "c3e42719-dd34-5c97-9602-78e4f06cddf7", name: "ops-webhook", kind: "webhook"),
        RemoteChannel(id: "608cac88-4f8b-5d5e-86c7-c6ef2892fc2a", name: "ops-shell", kind: "shell"),
        RemoteChannel(id: "cd089843-3942-5be2-a8b6-87c49ef22bb0", name: "dup-name", kind: "email"),
        RemoteChannel(id: "9c5c8609-6e63-5cef-9a73-020cb976ad49", name: "dup-name", kind: "email"),
        RemoteChannel(id: "d82975bb-8e1b-512a-a378-9e52ced22722", name: "", kind: "email"),
    ]
    static let otherProjectChannels = [RemoteChannel(id: "5d6f4b0e-8f0a-5c1e-9a55-0b5d0a6e7c11", name: "other-email", kind: "email")]

    public internal(set) var checks: [DoubleCheck] = []
    public var channels: [Int: [RemoteChannel]]
    /// Creates beyond this many checks in a project get an empty 403.
    public var checkLimit = 10_000
    public private(set) var requests: [LoggedRequest] = []
    private var faults: [(fault: HealthchecksFault, method: String?, pathPrefix: String?, bodyContains: String?, remaining: Int)] = []
    private var nextID = 1
    /// The server has gone away (see `HealthchecksDouble.goDown`).
    public private(set) var outage: HealthchecksOutage?
    /// Index in `requests` of the first request after the outage began.
    public private(set) var outageStart: Int?
    private var scheduledOutage: (kind: HealthchecksOutage, writesLeft: Int, refuse: @Sendable () async -> Void)?
    private var refuseHook: (@Sendable () async -> Void)?
    private var held: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextHeld = 0
    /// The site root written into ping/update URLs.
    public var siteRoot = "http://127.0.0.1:8765"

    init(channels: [RemoteChannel]) {
        self.channels = [1: channels, 2: Self.otherProjectChannels]
    }

    // MARK: test controls

    /// The next `times` requests that match get `fault`. `bodyContains` picks one request out of
    /// several sent at once (all creates share a path): a fault meant for "both attempts of one
    /// create" must not land on two different creates when apply sends them concurrently.
    public func inject(_ fault: HealthchecksFault, method: String? = nil, pathPrefix: String? = nil, bodyContains: String? = nil,
                       times: Int = 1) {
        faults.append((fault, method, pathPrefix, bodyContains, times))
    }

    public func clearLog() {
        requests.removeAll()
        if outageStart != nil { outageStart = 0 }
    }

    /// Requests that reached the server after its outage began (refused connections never do).
    public var requestsSinceOutage: [LoggedRequest] { outageStart.map { Array(requests[min($0, requests.count)...]) } ?? [] }

    /// Use `HealthchecksDouble.goDown`: a refusing outage needs the server.
    func scheduleOutage(_ kind: HealthchecksOutage, afterWrites writes: Int, refuse: @escaping @Sendable () async -> Void) {
        scheduledOutage = (kind, writes, refuse)
        if writes <= 0 { beginOutage() }
    }

    /// The server answers normally again; black-holed requests are let go (with a 503).
    public func endOutage() {
        outage = nil
        outageStart = nil
        scheduledOutage = nil
        let waiting = held.values
        held.removeAll()
        for request in waiting { request.resume() }
    }

    private func beginOutage() {
        guard let scheduled = scheduledOutage else { return }
        scheduledOutage = nil
        outage = scheduled.kind
        outageStart = requests.count
        if scheduled.kind == .refuse { refuseHook = scheduled.refuse }
    }

    /// The listener-closing step of a refusing outage, taken once by the request that began it.
    func takeRefuseHook() -> (@Sendable () async -> Void)? {
        defer { refuseHook = nil }
        return refuseHook
    }

    /// A black-holed request waits here until the outage ends or its task is cancelled.
    func hold() async {
        let id = nextHeld
        nextHeld += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if outage != .blackHole || Task.isCancelled { continuation.resume() } else { held[id] = continuation }
            }
        } onCancel: {
            Task { await self.release(id) }
        }
    }

    private func release(_ id: Int) { held.removeValue(forKey: id)?.resume() }

    public func setCheckLimit(_ limit: Int) { checkLimit = limit }

    /// Seeds a check directly (as if made in the web UI); returns its uuid.
    @discardableResult
    public func seed(name: String = "", slug: String, tags: String = "", desc: String = "", grace: Int = 3600,
                     timeout: Int? = nil, schedule: String? = nil, tz: String = "UTC", channels: [String] = [],
                     project: Int = 1, uuid: String? = nil) -> String {
        var check = DoubleCheck(uuid: uuid ?? makeUUID(), project: project)
        check.name = name
        check.slug = slug
        check.tags = tags
        check.desc = desc
        check.grace = grace
        if let timeout { check.timeout = timeout }
        if let schedule {
            check.schedule = schedule
            check.kind = .cron
        }
        check.tz = tz
        check.channels = channels.sorted()
        checks.append(check)
        return check.uuid
    }

    public func check(uuid: String) -> DoubleCheck? { checks.first { $0.uuid == uuid } }
    public func checks(slug: String) -> [DoubleCheck] { checks.filter { $0.slug == slug } }

    /// Requests that change something (POST/DELETE).
    public var writeRequests: [LoggedRequest] { requests.filter { $0.method == "POST" || $0.method == "DELETE" } }

    func record(_ request: LoggedRequest) -> HealthchecksFault? {
        requests.append(request)
        switch outage {
        case .refuse?: return .unavailable
        case .blackHole?: return .blackHole
        case nil: break
        }
        let path = request.target
        guard let index = faults.firstIndex(where: { f in
            (f.method == nil || f.method == request.method) && (f.pathPrefix.map { path.hasPrefix($0) } ?? true)
                && (f.bodyContains.map { request.body.contains($0) } ?? true)
        }) else { return nil }
        let fault = faults[index].fault
        faults[index].remaining -= 1
        if faults[index].remaining <= 0 { faults.remove(at: index) }
        return fault
    }

    private func makeUUID() -> String {
        defer { nextID += 1 }
        return String(format: "%08x-0000-4000-8000-%012x", 0xdb1e0000 + nextID, nextID)
    }

    // MARK: the API

    enum Access { case readWrite, readOnly }

    func respond(method: String, path: String, headers: [String: String], body: Data) -> DoubleAnswer {
        // A request that got past `record` just before the outage began changes nothing.
        if outage != nil { return .empty(503) }
        let answer = answer(method: method, path: path, headers: headers, body: body)
        if method == "POST" || method == "DELETE", (200..<300).contains(answer.status), let scheduled = scheduledOutage {
            scheduledOutage?.writesLeft = scheduled.writesLeft - 1
            if scheduled.writesLeft <= 1 { beginOutage() }
        }
        return answer
    }

    private func answer(method: String, path: String, headers: [String: String], body: Data) -> DoubleAnswer {
        // /api/v1/ and /api/v2/ route to the same views.
        var rest: Substring
        if let match = ["/api/v1/", "/api/v2/", "/api/v3/"].first(where: { path.hasPrefix($0) }) {
            rest = path.dropFirst(match.count)
        } else if path.hasPrefix("/api/v1") || path.hasPrefix("/api/v2") || path.hasPrefix("/api/v3") {
            return .notFound
        } else {
            return .notFound
        }
        if method == "OPTIONS" { return .empty(204) }
        switch rest {
        case "checks":
            // Django's APPEND_SLASH: a client that follows this turns a POST into a GET.
            return DoubleAnswer(status: 301, headers: ["Location": path + "/", "Content-Type": "text/html; charset=utf-8"], body: Data())
        case "checks/":
            switch method {
            case "GET": return listChecks(headers: headers)
            case "POST": return createCheck(headers: headers, body: body)
            default: return .empty(405)
            }
        case "channels/":
            guard method == "GET" else { return .empty(405) }
            switch authorize(headers: headers, body: nil, write: false) {
            case .failure(let answer): return answer
            case .success((let project, let access)):
                guard access == .readWrite else { return .error(401, "wrong api key") }
                let list = (channels[project] ?? []).map { HCJSON.object([("id", .string($0.id)), ("name", .string($0.name)), ("kind", .string($0.kind))]) }
                return .json(200, .object([("channels", .array(list))]))
            }
        case "status/":
            return DoubleAnswer(status: 200, headers: ["Content-Type": "text/html; charset=utf-8"], body: Data("OK".utf8))
        default:
            break
        }
        if rest.hasPrefix("checks/") {
            let id = String(rest.dropFirst("checks/".count))
            if let answer = pingsAnswer(method: method, path: id, headers: headers) { return answer }
            guard !id.contains("/") else {
                for action in ["pause", "resume"] where id.hasSuffix("/" + action) {
                    guard method == "POST" else { return .empty(405) }
                    return pauseOrResume(id: String(id.dropLast(action.count + 1)), pause: action == "pause", headers: headers)
                }
                return .notFound  // a single check URL must not end in a slash
            }
            switch method {
            case "GET": return getCheck(id: id, headers: headers)
            case "POST": return updateCheck(id: id, headers: headers, body: body)
            case "DELETE": return deleteCheck(id: id, headers: headers)
            default: return .empty(405)
            }
        }
        return .notFound
    }

    /// Key from `X-Api-Key`, or (POST only) the body's `api_key`. Length ≠ 32 → "missing";
    /// unknown or read-only on a write → "wrong".
    func authorize(headers: [String: String], body: HCJSON?, write: Bool) -> Result<(Int, Access), DoubleAnswer> {
        let key = headers["x-api-key"] ?? body?["api_key"]?.stringValue
        guard let key, key.count == 32 else { return .failure(.error(401, "missing api key")) }
        switch key {
        case HealthchecksDouble.readWriteKey: return .success((1, .readWrite))
        case HealthchecksDouble.otherProjectKey: return .success((2, .readWrite))
        case HealthchecksDouble.readOnlyKey where !write: return .success((1, .readOnly))
        default: return .failure(.error(401, "wrong api key"))
        }
    }

    private func parseBody(_ body: Data) -> Result<HCJSON, DoubleAnswer> {
        if body.isEmpty { return .success(.object([])) }
        guard let json = try? HCJSON.parse(body) else { return .failure(.error(400, "could not parse request body")) }
        return .success(json)
    }

    private func listChecks(headers: [String: String]) -> DoubleAnswer {
        switch authorize(headers: headers, body: nil, write: false) {
        case .failure(let answer): return answer
        case .success((let project, let access)):
            let list = checks.filter { $0.project == project }.map { render($0, access: access) }
            return .json(200, .object([("checks", .array(list))]))
        }
    }

    func find(_ id: String, project: Int, allowUniqueKey: Bool) -> Result<Int, DoubleAnswer> {
        guard let index = checks.firstIndex(where: { $0.uuid == id || (allowUniqueKey && $0.uniqueKey == id) }) else {
            return .failure(.notFound)
        }
        guard checks[index].project == project else { return .failure(.empty(403)) }
        return .success(index)
    }

    private func getCheck(id: String, headers: [String: String]) -> DoubleAnswer {
        switch authorize(headers: headers, body: nil, write: false) {
        case .failure(let answer): return answer
        case .success((let project, let access)):
            switch find(id, project: project, allowUniqueKey: true) {
            case .failure(let answer): return answer
            case .success(let index): return .json(200, render(checks[index], access: access))
            }
        }
    }

    /// A write's body, parsed, and the project its key writes to: what POST and update check
    /// first, in the server's order.
    private func writeRequest(headers: [String: String], body: Data) -> Result<(json: HCJSON, project: Int), DoubleAnswer> {
        parseBody(body).flatMap { json in
            authorize(headers: headers, body: json, write: true).map { (json, $0.0) }
        }
    }

    /// The check fields of a write, or the 400 the server gives for the first bad one.
    private func validate(_ json: HCJSON) -> Result<HCSpec, DoubleAnswer> {
        do { return .success(try HCSpec.validate(json)) } catch let e as HCSpec.Invalid {
            return .failure(.error(400, e.message))
        } catch {
            return .failure(.error(400, "could not parse request body"))
        }
    }

    private func createCheck(headers: [String: String], body: Data) -> DoubleAnswer {
        let (json, project): (HCJSON, Int)
        switch writeRequest(headers: headers, body: body) {
        case .failure(let answer): return answer
        case .success(let request): (json, project) = request
        }
        let spec: HCSpec
        switch validate(json) {
        case .failure(let answer): return answer
        case .success(let s): spec = s
        }
        let resolved: [String]?
        switch resolveChannels(spec.channels, project: project) {
        case .failure(let answer): return answer
        case .success(let ids): resolved = ids
        }
        if let unique = spec.unique, !unique.isEmpty, let index = uniqueMatch(spec, keys: unique, project: project) {
            apply(spec, channels: resolved, to: &checks[index])
            return .json(200, render(checks[index], access: .readWrite))
        }
        if checks.count(where: { $0.project == project }) >= checkLimit { return .empty(403) }
        var check = DoubleCheck(uuid: makeUUID(), project: project)
        apply(spec, channels: resolved, to: &check)
        checks.append(check)
        return .json(201, render(check, access: .readWrite))
    }

    /// The first check (by creation) whose listed fields equal the request's; no lookup when a
    /// listed field is absent from the request.
    private func uniqueMatch(_ spec: HCSpec, keys: [String], project: Int) -> Int? {
        var tests: [(DoubleCheck) -> Bool] = []
        for key in keys {
            switch key {
            case "name": guard let v = spec.name else { return nil }; tests.append { $0.name == v }
            case "slug": guard let v = spec.slug else { return nil }; tests.append { $0.slug == v }
            case "tags": guard let v = spec.tags else { return nil }; tests.append { $0.tags == v }
            case "timeout": guard let v = spec.timeout else { return nil }; tests.append { $0.timeout == v }
            case "grace": guard let v = spec.grace else { return nil }; tests.append { $0.grace == v }
            default: return nil
            }
        }
        return checks.firstIndex { c in c.project == project && tests.allSatisfy { $0(c) } }
    }

    private func updateCheck(id: String, headers: [String: String], body: Data) -> DoubleAnswer {
        let (json, project): (HCJSON, Int)
        switch writeRequest(headers: headers, body: body) {
        case .failure(let answer): return answer
        case .success(let request): (json, project) = request
        }
        let index: Int
        switch find(id, project: project, allowUniqueKey: false) {
        case .failure(let answer): return checks.contains(where: { $0.uniqueKey == id }) ? .empty(405) : answer
        case .success(let i): index = i
        }
        let spec: HCSpec
        switch validate(json) {
        case .failure(let answer): return answer
        case .success(let s): spec = s
        }
        switch resolveChannels(spec.channels, project: project) {
        case .failure(let answer): return answer
        case .success(let ids): apply(spec, channels: ids, to: &checks[index])
        }
        return .json(200, render(checks[index], access: .readWrite))
    }

    /// Pause: `paused`, a repeat is a no-op 200. Resume: back to `new`; a check that is not
    /// paused answers 409 with the plain text the server sends.
    private func pauseOrResume(id: String, pause: Bool, headers: [String: String]) -> DoubleAnswer {
        writeToCheck(id: id, headers: headers) { index in
            if pause {
                checks[index].status = "paused"
            } else {
                guard checks[index].status == "paused" else {
                    return DoubleAnswer(status: 409, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data("check is not paused".utf8))
                }
                checks[index].status = "new"
                checks[index].lastPing = nil
            }
            return .json(200, render(checks[index], access: .readWrite))
        }
    }

    private func deleteCheck(id: String, headers: [String: String]) -> DoubleAnswer {
        writeToCheck(id: id, headers: headers) { index in
            .json(200, render(checks.remove(at: index), access: .readWrite))
        }
    }

    /// A write to one check by uuid: a read-write key of its project, or the server's error.
    private func writeToCheck(id: String, headers: [String: String], _ body: (Int) -> DoubleAnswer) -> DoubleAnswer {
        switch authorize(headers: headers, body: nil, write: true) {
        case .failure(let answer): return answer
        case .success((let project, _)):
            switch find(id, project: project, allowUniqueKey: false) {
            case .failure(let answer): return answer
            case .success(let index): return body(index)
            }
        }
    }

    /// nil: leave assignments alone. Names or uuids, exact and case-sensitive, no trimming;
    /// any problem rejects the whole request.
    private func resolveChannels(_ value: String?, project: Int) -> Result<[String]?, DoubleAnswer> {
        guard let value else { return .success(nil) }
        let available = channels[project] ?? []
        if value == "" { return .success([]) }
        if value == "*" { return .success(available.map(\.id).sorted()) }
        var ids = Set<String>()
        for part in value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            if part.isEmpty { return .failure(.error(400, "empty channel identifier")) }
            if let byID = available.first(where: { $0.id == part }) {
                ids.insert(byID.id)
                continue
            }
            let named = available.filter { $0.name == part }
            if named.isEmpty { return .failure(.error(400, "invalid channel identifier: \(part)")) }
            if named.count > 1 { return .failure(.error(400, "non-unique channel identifier: \(part)")) }
            ids.insert(named[0].id)
        }
        return .success(ids.sorted())
    }

    private func apply(_ spec: HCSpec, channels: [String]?, to check: inout DoubleCheck) {
        if let v = spec.name { check.name = v }
        if let v = spec.slug { check.slug = v }
        if let v = spec.tags { check.tags = v }
        if let v = spec.desc { check.desc = v }
        if let v = spec.grace { check.grace = v }
        if let v = spec.manualResume { check.manualResume = v }
        if let v = spec.methods { check.methods = v }
        if let v = spec.startKw { check.startKw = v }
        if let v = spec.successKw ?? spec.subject { check.successKw = v }
        if let v = spec.failureKw ?? spec.subjectFail { check.failureKw = v }
        if spec.subject != nil || spec.subjectFail != nil { check.filterSubject = !(check.successKw.isEmpty && check.failureKw.isEmpty) }
        if let v = spec.filterSubject { check.filterSubject = v }
        if let v = spec.filterBody { check.filterBody = v }
        if let v = spec.filterHttpBody { check.filterHttpBody = v }
        if let v = spec.filterDefaultFail { check.filterDefaultFail = v }
        // `schedule` wins: a `timeout` in the same request is silently ignored.
        if let v = spec.schedule {
            check.schedule = v
            check.kind = .cron
        } else if let v = spec.timeout {
            check.timeout = v
            check.kind = .simple
        }
        if let v = spec.tz { check.tz = ZoneTable.canonical(v) ?? v }
        if let channels { check.channels = channels }
    }

    /// The check object in the server's key order; rw keys see uuid/urls/channels, ro keys
    /// `unique_key`; `timeout` only for simple checks, `schedule` + `tz` only for cron ones.
    func render(_ c: DoubleCheck, access: Access) -> HCJSON {
        var pairs: [(String, HCJSON)] = [
            ("name", .string(c.name)), ("slug", .string(c.slug)), ("tags", .string(c.tags)), ("desc", .string(c.desc)),
            ("grace", .int(c.grace)), ("n_pings", .int(c.pingCount)), ("status", .string(c.status)), ("started", .bool(c.started)),
            ("last_ping", c.lastPing.map { .string(Self.isoSeconds($0)) } ?? .null), ("next_ping", .null), ("manual_resume", .bool(c.manualResume)),
            ("methods", .string(c.methods)),
            ("subject", .string(c.filterSubject ? c.successKw : "")), ("subject_fail", .string(c.filterSubject ? c.failureKw : "")),
            ("start_kw", .string(c.startKw)), ("success_kw", .string(c.successKw)), ("failure_kw", .string(c.failureKw)),
            ("filter_subject", .bool(c.filterSubject)), ("filter_body", .bool(c.filterBody)),
            ("filter_http_body", .bool(c.filterHttpBody)), ("filter_default_fail", .bool(c.filterDefaultFail)),
            ("badge_url", .string("\(siteRoot)/b/2/\(c.uuid).svg")),
        ]
        if let d = c.lastDuration { pairs.append(("last_duration", .int(d))) }
        switch access {
        case .readWrite:
            pairs += [
                ("uuid", .string(c.uuid)), ("ping_url", .string("\(siteRoot)/ping/\(c.uuid)")),
                ("update_url", .string("\(siteRoot)/api/v3/checks/\(c.uuid)")),
                ("pause_url", .string("\(siteRoot)/api/v3/checks/\(c.uuid)/pause")),
                ("resume_url", .string("\(siteRoot)/api/v3/checks/\(c.uuid)/resume")),
                ("channels", .string(c.channels.joined(separator: ","))),
            ]
        case .readOnly:
            pairs.append(("unique_key", .string(c.uniqueKey)))
        }
        switch c.kind {
        case .simple: pairs.append(("timeout", .int(c.timeout)))
        case .cron: pairs += [("schedule", .string(c.schedule)), ("tz", .string(c.tz))]
        }
        return .object(pairs)
    }
}
