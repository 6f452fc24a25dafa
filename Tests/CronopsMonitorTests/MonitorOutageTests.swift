import CronopsCore
@testable import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// A monitor that goes away in the middle of an apply: the run stops within a few attempts
/// (not 5 per remaining change), says what it did and did not do, and the next apply, once
/// the server is back, finishes without duplicates. Time is the injected clock's: the
/// assertions count requests and injected sleeps, never wall time.
@Suite struct MonitorOutageTests {
    typealias F = HealthchecksFixtureSpec

    static let total = 40
    static let before = 12
    static let policy = CircuitBreaker.Policy()
    static let maxInFlight = 4

    static func jobs() -> [Job] { (1...total).map { F.job(String(format: "job-%03d", $0)) } }
    static var slugs: [String] { jobs().map(\.name) }

    func apply(_ spec: Spec, _ context: MonitorContext) async throws -> MonitorSync.ApplyReport {
        try await MonitorSync.apply(spec: spec, savedPlan: nil, provider: try Kit.provider(spec, context), prune: false,
                                    readOnlyEnv: "HC_API_KEY", progress: { _ in })
    }

    /// What every outage run must show: exactly the changes the server made are done, the
    /// rest failed (in flight when it went) or not attempted, and few attempts after the
    /// outage (without the breaker: 5 per remaining change, 15 s of backoff each).
    func expectStoppedEarly(_ report: MonitorSync.ApplyReport, _ transport: Kit.CountingTransport, _ clock: Kit.Clock,
                            _ double: HealthchecksDouble) async {
        #expect(report.succeeded == Self.before)
        #expect(report.succeeded + report.failed + report.notAttempted.count == Self.total)
        #expect(report.failed <= Self.maxInFlight)
        #expect(report.notAttempted.count >= Self.total - Self.before - Self.maxInFlight - Self.policy.consecutiveFailures)
        #expect(!report.complete)
        let bound = 2 * (Self.policy.consecutiveFailures + Self.maxInFlight)
        #expect(transport.failed <= bound, "attempts that failed after the outage: \(transport.failed)")
        #expect(await double.store.requestsSinceOutage.count <= bound)
        #expect(clock.totalSlept <= Double(bound) * 2, "backoff slept: \(clock.sleeps)")
        #expect(report.outage?.hasPrefix("the monitor at \(double.baseURL) stopped answering (") == true)
        #expect(report.sentence == "Apply: \(Self.before) of \(Self.total) changes done, \(report.failed) failed, "
            + "\(report.notAttempted.count) not attempted: \(report.outage ?? ""). Run `cronops apply` again to finish.")
        #expect(await double.store.checks.count == Self.before)
    }

    /// The next apply against the server that is back: only the missing checks, each once.
    func expectConverges(at url: String, store: HealthchecksStore) async throws {
        let clock = Kit.Clock()
        let report = try await apply(F.spec(jobs: Self.jobs(), apiURL: url), Kit.outageContext(clock: clock, transport: Kit.CountingTransport()))
        #expect(report.complete)
        #expect(report.outage == nil)
        #expect(report.results.count == Self.total - Self.before)
        #expect(await store.checks.map(\.slug).sorted() == Self.slugs)  // every job once: no duplicates
        #expect(clock.sleeps.isEmpty)
    }

    @Test func refusedMidApplyStopsWithinAFewAttemptsAndTheNextApplyFinishes() async throws {
        try await HealthchecksDouble.with { double in
            let clock = Kit.Clock()
            let transport = Kit.CountingTransport()
            await double.goDown(.refuse, afterWrites: Self.before)
            let report = try await apply(F.spec(jobs: Self.jobs(), apiURL: double.baseURL),
                                         Kit.outageContext(clock: clock, transport: transport, maxInFlight: Self.maxInFlight))
            await expectStoppedEarly(report, transport, clock, double)
            // Which failure comes first is a race: a connection opened after the listener closed is
            // refused; one already open when it closed is lost (seen once under load).
            let reason = report.outage ?? ""
            #expect(["connection refused", "HTTP 503", "connection lost"].contains { reason.contains($0) }, "\(reason)")

            // The server comes back with the same checks (on a new port).
            let back = try await HealthchecksDouble.start(store: double.store)
            await back.store.endOutage()
            try await expectConverges(at: back.baseURL, store: back.store)
            await back.stop()
        }
    }

    @Test func blackHoleMidApplyTimesOutOnceAndStops() async throws {
        try await HealthchecksDouble.with { double in
            let clock = Kit.Clock()
            let transport = Kit.CountingTransport()
            await double.goDown(.blackHole, afterWrites: Self.before)
            let report = try await apply(F.spec(jobs: Self.jobs(), apiURL: double.baseURL),
                                         Kit.outageContext(clock: clock, transport: transport, timeout: 1, maxInFlight: Self.maxInFlight))
            await expectStoppedEarly(report, transport, clock, double)
            // The held requests were read by the server: the black hole is not a refusal.
            #expect(await double.store.requestsSinceOutage.count >= 1)

            await double.store.endOutage()
            try await expectConverges(at: double.baseURL, store: double.store)
        }
    }

    /// A validation error (4xx) on some changes, throttling (429 with Retry-After) and a
    /// plain 500 are answers: the server is there, so the breaker stays closed even at its
    /// most sensitive and every change is attempted.
    @Test func answersThatAreNotAnOutageKeepTheBreakerClosed() async throws {
        try await HealthchecksDouble.with { double in
            let clock = Kit.Clock()
            let transport = Kit.CountingTransport()
            await double.store.setCheckLimit(3)  // creates beyond 3 checks get 403
            await double.store.inject(.tooManyRequests(retryAfter: "5"), method: "POST", times: 2)
            await double.store.inject(.serverError, method: "POST")
            let jobs = (1...6).map { F.job("job-\($0)") }
            let context = Kit.outageContext(clock: clock, transport: transport, maxInFlight: 1,
                                            breaker: CircuitBreaker.Policy(consecutiveFailures: 1, failingFor: 0))
            let report = try await apply(F.spec(jobs: jobs, apiURL: double.baseURL), context)
            #expect(report.outage == nil)
            #expect(report.notAttempted.isEmpty)
            #expect(report.succeeded == 3)
            #expect(report.failed == 3)
            #expect(report.results.compactMap(\.error).allSatisfy { $0.contains("(403)") })
            #expect(clock.sleeps.filter { $0 == 5 }.count == 2)  // the server's Retry-After, honoured
        }
    }

    /// The same limits through the default policy for a request on its own: a dead server
    /// costs 4 attempts (1 + 2 + 4 s of backoff), not 5 (1 + 2 + 4 + 8 s).
    @Test func oneRequestAloneStopsAfterTheBreakerOpens() async throws {
        let url = try await HealthchecksDouble.refusedURL()
        let clock = Kit.Clock()
        let transport = Kit.CountingTransport()
        let spec = F.spec(jobs: [F.job("a")], apiURL: url)
        let provider = try Kit.provider(spec, Kit.outageContext(clock: clock, transport: transport))
        await #expect(throws: MonitorError.abandoned(request: "GET \(url)/api/v3/checks/", attempts: 4,
                                                     lastProblem: "cannot connect (connection refused)")) {
            try await provider.fetchState()
        }
        #expect(transport.sent == 4)
        #expect(clock.sleeps == [1, 2, 4])
        #expect(provider.outage == "the monitor at \(url) stopped answering (connection refused)")
    }
}
