import CronopsCore
import FoundationEssentials

/// `cronops status` against Healthchecks: one list call for every check's state, then for the
/// failing checks only (status `down`), newest failure first and at most `maxFailureBodies`
/// of them, the check's ping log and the body of its last failure, a few checks at a time.
/// Errors (a server error after retries, a timeout, the server gone: the client's breaker)
/// end the read with the client's message; a check deleted meanwhile (404) just shows no
/// reason.
extension HealthchecksProvider: MonitorStatusReader {
    /// Checks whose failure is looked up at once (each costs two requests, which the client's
    /// throttle also spaces out).
    static let failureReadWidth = 3

    public func readStatus(now: Date, maxFailureBodies: Int) async throws -> StatusSnapshot {
        let list = try await client.listChecks()
        var observations = list.observations
        var limitations: [String] = []
        var requests = 1
        let failing = observations.indices.filter { observations[$0].status == .down }
            .sorted { (observations[$0].lastPing ?? .distantPast) > (observations[$1].lastPing ?? .distantPast) }
        if list.readOnlyView {
            limitations.append(Self.readOnlyLimitation)
        } else if !failing.isEmpty {
            let chosen = Array(failing.prefix(max(0, maxFailureBodies)))
            if failing.count > chosen.count {
                limitations.append("\(failing.count - chosen.count) of \(failing.count) failing checks show no reason: status reads the last failure of at most \(chosen.count) checks, the most recent first (--max-failure-bodies)")
            }
            let found = try await readFailures(of: chosen.map { observations[$0].check.id })
            for (index, id) in zip(chosen, chosen.map { observations[$0].check.id }) {
                observations[index].lastFailure = found.failures[id] ?? nil
            }
            requests += found.requests
        }
        return StatusSnapshot(observedAt: now, checks: observations, limitations: limitations, requests: requests)
    }

    /// Said once per report, never per check: the key can list checks but not read pings.
    public static let readOnlyLimitation = "the API key is read-only: Healthchecks shows it each check's state but not its pings, so failures show no reason; use the read-write key to see why a job failed"

    private func readFailures(of ids: [String]) async throws -> (failures: [String: RunFailure?], requests: Int) {
        try await withThrowingTaskGroup(of: (String, RunFailure?, Int).self) { group in
            var next = 0
            func launch() {
                let id = ids[next]
                next += 1
                group.addTask { try await lastFailure(id: id) }
            }
            while next < min(Self.failureReadWidth, ids.count) { launch() }
            var failures: [String: RunFailure?] = [:]
            var requests = 0
            while let (id, failure, made) = try await group.next().map({ ($0.0, $0.1, $0.2) }) {
                failures[id] = failure
                requests += made
                if next < ids.count { launch() }
            }
            return (failures, requests)
        }
    }

    /// The newest failure the log shows after the last success: a `fail` ping, or a `log`
    /// whose body says FAILED (a failure `--tolerate` let through). At most three bodies.
    private func lastFailure(id: String) async throws -> (String, RunFailure?, Int) {
        let pings: [HealthchecksClient.Ping]
        do {
            pings = try await client.listPings(id: id)
        } catch MonitorError.notFound {
            return (id, nil, 1)
        }
        var requests = 1
        var bodiesRead = 0
        for ping in pings {
            if ping.kind == "success" { break }
            guard ping.kind == "fail" || ping.kind == "log" else { continue }
            let at = ping.at ?? Date(timeIntervalSince1970: 0)
            guard ping.hasBody, bodiesRead < 3 else {
                if ping.kind == "fail" { return (id, RunFailure(at: at, headline: "failed (the ping had no body)"), requests) }
                continue
            }
            bodiesRead += 1
            requests += 1
            let body = try await client.pingBody(id: id, number: ping.number)
            let failure = body.flatMap { RunFailure.parse(body: $0, at: at) }
            if ping.kind == "fail" { return (id, failure ?? RunFailure(at: at, headline: "failed (the ping had no body)"), requests) }
            if let failure, failure.headline.contains("FAILED") { return (id, failure, requests) }
        }
        return (id, nil, requests)
    }
}
