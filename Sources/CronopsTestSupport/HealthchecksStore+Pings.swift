import CronopsCore
import Foundation

/// One ping as the double keeps it.
public struct DoublePing: Sendable, Equatable {
    /// `success`, `fail`, `start`, `log`, `ign`.
    public var kind: String
    public var at: Date
    /// Numbered from 1 per check, as the server does.
    public var number: Int
    /// nil: sent without a body (the list shows `body_url: null`, the body URL answers 404).
    public var body: String?
    /// Seconds since the start it closed (the list's `duration`).
    public var duration: Double?
}

/// Pings and their bodies, as the server answers them (healthchecks-api.md §2, §8, §10;
/// fixtures list-pings.json, ping-body-200.txt, error-readonly-key-pings-401.json).
extension HealthchecksStore {
    /// The server keeps the first 10,000 bytes of a body.
    public static let pingBodyLimit = 10_000
    /// The list call shows at most this many pings (the account's `ping_log_limit`).
    public static let pingLogLimit = 100

    /// Records a ping as `/ping/<uuid>[/start|/fail|/log]` would: success → `up`, fail → `down`
    /// (both close an open start and set `last_duration`), start → `started`, log → nothing
    /// but the log. A paused check with `manual_resume` logs it as `ign`.
    public func ping(_ uuid: String, _ kind: String, at: Date, body: String? = nil) {
        guard let index = checks.lastIndex(where: { $0.uuid == uuid }) else { return }  // from the end: tests ping the checks they just seeded
        var check = checks[index]
        var kind = kind
        if check.status == "paused", check.manualResume { kind = "ign" }
        var duration: Double?
        switch kind {
        case "start":
            check.started = true
        case "success", "fail":
            if check.started, let start = check.pings.last(where: { $0.kind == "start" }) {
                duration = at.timeIntervalSince(start.at)
                check.lastDuration = Int(duration!)
            }
            check.started = false
            check.status = kind == "success" ? "up" : "down"
        default:
            break
        }
        check.pingCount += 1
        if kind != "ign" { check.lastPing = at }
        let stored = body.map { String(decoding: Array($0.utf8.prefix(Self.pingBodyLimit)), as: UTF8.self) }
        check.pings.append(DoublePing(kind: kind, at: at, number: check.pingCount, body: stored.flatMap { $0.isEmpty ? nil : $0 },
                                      duration: duration))
        checks[index] = check
    }

    /// What the server computes at read time from the schedule and grace (not modelled here):
    /// `grace` (late) or `down` (overdue past the grace), set directly.
    public func setStatus(_ uuid: String, _ status: String) {
        guard let index = checks.lastIndex(where: { $0.uuid == uuid }) else { return }  // from the end: tests ping the checks they just seeded
        checks[index].status = status
    }

    /// `checks/<uuid>/pings/` and `checks/<uuid>/pings/<n>/body`; nil for any other path.
    func pingsAnswer(method: String, path: String, headers: [String: String]) -> DoubleAnswer? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[1] == "pings" else { return nil }
        let listing = parts.count == 3 && parts[2] == ""
        let bodyNumber = parts.count == 4 && parts[3] == "body" ? Int(parts[2]) : nil
        guard listing || bodyNumber != nil else { return .notFound }
        guard method == "GET" else { return .empty(405) }
        let project: Int
        switch authorize(headers: headers, body: nil, write: false) {
        case .failure(let answer): return answer
        case .success((let p, let access)):
            // Read-only keys may not read pings: reported like an unknown key.
            guard access == .readWrite else { return .error(401, "wrong api key") }
            project = p
        }
        let index: Int
        switch find(parts[0], project: project, allowUniqueKey: false) {
        case .failure(let answer): return answer
        case .success(let i): index = i
        }
        let check = checks[index]
        if let number = bodyNumber {
            guard let body = check.pings.first(where: { $0.number == number })?.body else { return .notFound }
            return DoubleAnswer(status: 200, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(body.utf8))
        }
        let shown = check.pings.suffix(Self.pingLogLimit).reversed().map { p -> HCJSON in
            var pairs: [(String, HCJSON)] = [
                ("type", .string(p.kind)), ("date", .string(Self.isoMicroseconds(p.at))), ("n", .int(p.number)),
                ("scheme", .string("http")), ("remote_addr", .string("127.0.0.1")), ("method", .string(p.body == nil ? "GET" : "POST")),
                ("ua", .string("cronops")), ("rid", .null),
                ("body_url", p.body == nil ? .null : .string("\(siteRoot)/api/v3/checks/\(check.uuid)/pings/\(p.number)/body")),
            ]
            if let d = p.duration { pairs.append(("duration", .double((d * 100).rounded() / 100))) }
            return .object(pairs)
        }
        return .json(200, .object([("pings", .array(shown))]))
    }

    /// `2026-11-22T11:06:14+00:00` (check fields: whole seconds).
    static func isoSeconds(_ date: Date) -> String {
        CivilDateTime(localSeconds: Int64(date.timeIntervalSince1970.rounded(.down))).iso + "+00:00"
    }

    /// `2026-11-22T11:06:14.613132+00:00` (a ping's `date`).
    static func isoMicroseconds(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        let whole = t.rounded(.down)
        let micros = Int(((t - whole) * 1_000_000).rounded(.down))
        return CivilDateTime(localSeconds: Int64(whole)).iso + "." + String(format: "%06d", micros) + "+00:00"
    }
}
