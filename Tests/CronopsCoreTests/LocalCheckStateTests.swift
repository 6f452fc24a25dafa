import Foundation
import Testing
@testable import CronopsCore

/// `LocalCheckState` against Healthchecks' own rules (hc/api/models.py `Check.ping`,
/// `get_grace_start`, `get_status`; views.py `pause`/`resume`), one table row per rule, with an
/// injected "now".
@Suite struct LocalCheckStateTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000) // 2027-01-15T08:00:00Z

    static func simple(timeout: Int = 3600, grace: Int = 600, status: String = "new", manualResume: Bool = false) -> RemoteCheck {
        RemoteCheck(id: "id-1", name: "job", slug: "job", tags: "", desc: "", grace: grace, timeout: timeout,
                    status: status, manualResume: manualResume)
    }

    static func cron(_ schedule: String, tz: String, grace: Int) -> RemoteCheck {
        RemoteCheck(id: "id-2", name: "job", slug: "job", tags: "", desc: "", grace: grace, schedule: schedule, tz: tz, status: "new")
    }

    /// A ping `seconds` after `t0`.
    static func ping(_ kind: RunLogEvent.Kind, _ seconds: Double, rid: String? = "r1", headline: String? = nil) -> RunLogEvent {
        RunLogEvent(kind: kind, at: t0.addingTimeInterval(seconds), slug: "job", job: "job", runID: rid, headline: headline,
                    failedRules: headline == nil ? [] : ["--expect-json 'sent == generated': false (sent = 3, generated = 5)"],
                    exitStatus: headline == nil ? nil : "0")
    }

    static func zones(_ name: String) -> ZoneRules? { try? TestZones.load(name) }

    func observe(_ check: RemoteCheck, _ events: [RunLogEvent], at seconds: Double,
                 history: LocalCheckHistory = LocalCheckHistory(),
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CheckObservation {
        let result = LocalCheckState.observe(check: check, history: history, events: events,
                                             now: Self.t0.addingTimeInterval(seconds), zones: Self.zones)
        return try #require(try? result.get(), "\(result)", sourceLocation: sourceLocation)
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var rule: String
        var events: [RunLogEvent]
        var now: Double
        var status: MonitorCheckStatus
        var started = false
        var lastDuration: Int?
        var testDescription: String { rule }
    }

    /// Simple check, timeout 1 h, grace 10 min.
    static let simpleRows: [Row] = [
        Row(rule: "no ping yet: new", events: [], now: 0, status: .new),
        Row(rule: "success: up until last_ping + timeout", events: [ping(.success, 0)], now: 3599, status: .up),
        Row(rule: "grace from last_ping + timeout, to the second", events: [ping(.success, 0)], now: 3600, status: .grace),
        Row(rule: "still grace one second before its end", events: [ping(.success, 0)], now: 4199, status: .grace),
        Row(rule: "down at last_ping + timeout + grace", events: [ping(.success, 0)], now: 4200, status: .down),
        Row(rule: "start on a new check: new while within grace of the start", events: [ping(.start, 0)], now: 599,
            status: .new, started: true),
        Row(rule: "start without finish: down once the grace has passed since the start", events: [ping(.start, 0)],
            now: 600, status: .down, started: true),
        Row(rule: "running after a success: up while the start is within grace",
            events: [ping(.success, -100, rid: "r0"), ping(.start, 0)], now: 599, status: .up, started: true),
        Row(rule: "running after a success: down at start + grace, before the timeout",
            events: [ping(.success, -100, rid: "r0"), ping(.start, 0)], now: 600, status: .down, started: true),
        Row(rule: "start and success with the same rid: duration, truncated to whole seconds",
            events: [ping(.start, 0), ping(.success, 42.9)], now: 100, status: .up, lastDuration: 42),
        Row(rule: "start and success without rid pair up too", events: [ping(.start, 0, rid: nil), ping(.success, 5, rid: nil)],
            now: 100, status: .up, lastDuration: 5),
        Row(rule: "success with another rid leaves the start running, no duration",
            events: [ping(.start, 0, rid: "a"), ping(.success, 5, rid: "b")], now: 100, status: .up, started: true),
        Row(rule: "success without rid ends the running start, no duration",
            events: [ping(.start, 0, rid: "a"), ping(.success, 5, rid: nil)], now: 100, status: .up),
        Row(rule: "fail with another rid ends the running start, no duration",
            events: [ping(.start, 0, rid: "a"), ping(.fail, 5, rid: "b")], now: 100, status: .down),
        Row(rule: "a zero duration is not shown", events: [ping(.start, 0), ping(.success, 0)], now: 10, status: .up),
        Row(rule: "fail: down at once, before any timeout", events: [ping(.success, 0, rid: "r0"), ping(.fail, 10)], now: 11,
            status: .down),
        Row(rule: "fail then success: up again", events: [ping(.fail, 0, rid: "r0"), ping(.success, 10)], now: 11, status: .up),
        Row(rule: "log changes nothing (not even last_ping)", events: [ping(.success, 0), ping(.log, 3000, rid: nil)],
            now: 3600, status: .grace),
        Row(rule: "log on a new check: still new", events: [ping(.log, 0, rid: nil)], now: 10, status: .new),
    ]

    @Test(arguments: simpleRows)
    func simpleCheck(_ row: Row) throws {
        let observed = try observe(Self.simple(), row.events, at: row.now)
        #expect(observed.status == row.status)
        #expect(observed.check.status == row.status.rawValue)
        #expect(observed.started == row.started)
        #expect(observed.lastDuration == row.lastDuration)
        #expect(observed.pingCount == row.events.count)
        // `last_ping` is the last success or fail; start and log do not set it.
        #expect(observed.lastPing == row.events.last { $0.kind == .success || $0.kind == .fail }?.at)
    }

    @Test func aFailureCarriesItsVerdictOnlyWhileDown() throws {
        let failed = [Self.ping(.start, 0), Self.ping(.fail, 3, headline: "FAILED: job exited 0; a rule failed")]
        let down = try observe(Self.simple(), failed, at: 10)
        #expect(down.lastFailure == RunFailure(at: Self.t0.addingTimeInterval(3), headline: "FAILED: job exited 0; a rule failed",
                                               failedRules: ["--expect-json 'sent == generated': false (sent = 3, generated = 5)"],
                                               exitStatus: "0"))
        #expect(down.lastDuration == 3)
        let recovered = try observe(Self.simple(), failed + [Self.ping(.success, 60, rid: "r2")], at: 70)
        #expect(recovered.status == .up && recovered.lastFailure == nil)
        // A tolerated failure is a `log`: the check stays up and shows no failure.
        let tolerated = try observe(Self.simple(), [Self.ping(.success, 0, rid: "r0"), Self.ping(.log, 60, headline: "TOLERATED FAILED: …")], at: 70)
        #expect(tolerated.status == .up && tolerated.lastFailure == nil)
        // Late (no fail ping): down without a reason.
        let late = try observe(Self.simple(), [Self.ping(.success, 0)], at: 5000)
        #expect(late.status == .down && late.lastFailure == nil)
    }

    /// The status at `iso` of a check whose one ping was a success at `lastSuccess`.
    static func status(_ check: RemoteCheck, lastSuccess: Date, at iso: String) throws -> MonitorCheckStatus {
        let events = [RunLogEvent(kind: .success, at: lastSuccess, slug: "job", job: "job")]
        let now = Date(timeIntervalSince1970: Double(instant(iso)))
        return try #require(try? LocalCheckState.observe(check: check, events: events, now: now, zones: zones).get()).status
    }

    /// `30 2 * * *` in Europe/Berlin: on 2027-03-28 02:30 does not exist (clocks go 02:00 → 03:00),
    /// so cronsim's next run after the 27th's is 03:00 +02:00 = 01:00 UTC.
    @Test func cronCheckAcrossTheSpringDSTGap() throws {
        let check = Self.cron("30 2 * * *", tz: "Europe/Berlin", grace: 3600)
        let last = Date(timeIntervalSince1970: Double(instant("2027-03-27T02:31:00+01:00")))
        func status(_ iso: String) throws -> MonitorCheckStatus { try Self.status(check, lastSuccess: last, at: iso) }
        #expect(try status("2027-03-28T00:59:59Z") == .up)
        #expect(try status("2027-03-28T01:00:00Z") == .grace)
        #expect(try status("2027-03-28T01:59:59Z") == .grace)
        #expect(try status("2027-03-28T02:00:00Z") == .down)
    }

    /// The autumn overlap: `30 2 * * *` runs once, at the first 02:30 (+02:00 = 00:30 UTC).
    @Test func cronCheckAcrossTheAutumnDSTOverlap() throws {
        let check = Self.cron("30 2 * * *", tz: "Europe/Berlin", grace: 600)
        let last = Date(timeIntervalSince1970: Double(instant("2027-10-30T02:31:00+02:00")))
        func status(_ iso: String) throws -> MonitorCheckStatus { try Self.status(check, lastSuccess: last, at: iso) }
        #expect(try status("2027-10-31T00:29:59Z") == .up)
        #expect(try status("2027-10-31T00:30:00Z") == .grace)
        #expect(try status("2027-10-31T00:40:00Z") == .down)
    }

    @Test func cronCheckInUTCBetweenRuns() throws {
        let check = Self.cron("0 * * * *", tz: "UTC", grace: 300)
        // t0 is 08:00:00Z: a success at 08:00:30 expects the 09:00 run.
        let events = [Self.ping(.success, 30)]
        #expect(try observe(check, events, at: 3599).status == .up)
        #expect(try observe(check, events, at: 3600).status == .grace)
        #expect(try observe(check, events, at: 3899).status == .grace)
        #expect(try observe(check, events, at: 3900).status == .down)
    }

    @Test func unknownZoneOrScheduleIsAProblemNotAGuess() {
        let zone = LocalCheckState.observe(check: Self.cron("0 * * * *", tz: "Mars/Olympus", grace: 300),
                                           events: [Self.ping(.success, 0)], now: Self.t0, zones: Self.zones)
        #expect(zone == .failure(.cannotEvaluate("zone 'Mars/Olympus' is unknown here")))
        let schedule = LocalCheckState.observe(check: Self.cron("61 * * * *", tz: "UTC", grace: 300),
                                               events: [Self.ping(.success, 0)], now: Self.t0, zones: Self.zones)
        guard case .failure(.cannotEvaluate(let why)) = schedule else { Issue.record("\(schedule)"); return }
        #expect(why.hasPrefix("schedule '61 * * * *' cannot be read"))
    }

    /// views.py `pause`: paused, `last_start` cleared, `last_ping` kept. A success or fail
    /// un-pauses (`new_status` is set whatever the old one), unless `manual_resume`, which turns
    /// every ping into `ign`: counted, nothing else.
    @Test func pausedChecksAndPings() throws {
        let paused = Self.simple(status: "paused")
        let pausedAt = LocalCheckHistory(statusChanged: Self.t0.addingTimeInterval(100))
        let before = [Self.ping(.success, 0, rid: "r0"), Self.ping(.start, 50)]
        let stillPaused = try observe(paused, before, at: 10_000, history: pausedAt)
        #expect(stillPaused.status == .paused)
        #expect(stillPaused.started == false, "pausing clears last_start")
        #expect(stillPaused.lastPing == Self.t0)

        let after = before + [Self.ping(.success, 200, rid: "r2")]
        let unpaused = try observe(paused, after, at: 300, history: pausedAt)
        #expect(unpaused.status == .up)
        #expect(unpaused.lastPing == Self.t0.addingTimeInterval(200))

        let manual = Self.simple(status: "paused", manualResume: true)
        let ignored = try observe(manual, after + [Self.ping(.start, 300, rid: "r3")], at: 10_000, history: pausedAt)
        #expect(ignored.status == .paused)
        #expect(ignored.lastPing == Self.t0, "ignored pings do not set last_ping")
        #expect(ignored.started == false)
        #expect(ignored.pingCount == 4, "ignored pings are counted")

        // A start on a paused check (without manual_resume) is recorded: down after its grace.
        let running = try observe(paused, before + [Self.ping(.start, 200, rid: "r2")], at: 800, history: pausedAt)
        #expect(running.status == .down && running.started)
    }

    /// views.py `resume`: new, `last_ping` and `last_start` cleared, `last_duration` kept.
    @Test func resumedCheckIsNewAgain() throws {
        let resumed = Self.simple(status: "new")
        let events = [Self.ping(.start, 0), Self.ping(.success, 7), Self.ping(.start, 50, rid: "r2")]
        let observed = try observe(resumed, events, at: 10_000, history: LocalCheckHistory(statusChanged: Self.t0.addingTimeInterval(100)))
        #expect(observed.status == .new)
        #expect(observed.lastPing == nil && observed.started == false)
        #expect(observed.lastDuration == 7)
        #expect(observed.pingCount == 3)
    }

    /// A check made after some pings (deleted and created again) did not receive them.
    @Test func pingsBeforeTheCheckWasCreatedDoNotCount() throws {
        let events = [Self.ping(.fail, 0, rid: "r0"), Self.ping(.success, 200)]
        let observed = try observe(Self.simple(), events, at: 300, history: LocalCheckHistory(created: Self.t0.addingTimeInterval(100)))
        #expect(observed.status == .up && observed.pingCount == 1)
        let none = try observe(Self.simple(), Array(events.prefix(1)), at: 300, history: LocalCheckHistory(created: Self.t0.addingTimeInterval(100)))
        #expect(none.status == .new && none.pingCount == 0)
    }
}
