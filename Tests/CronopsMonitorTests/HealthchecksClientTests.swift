import CronopsCore
@testable import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// Retries, throttling, URL rules and error messages of the Healthchecks client.
@Suite struct HealthchecksClientTests {
    typealias F = HealthchecksFixtureSpec

    func client(_ url: String, key: String = HealthchecksDouble.readWriteKey, sleeps: Kit.Sleeps = Kit.Sleeps(),
                log: Kit.Lines = Kit.Lines(), retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05),
                timeout: Double = 2, trace: Kit.Lines? = nil) throws -> HealthchecksClient {
        var traceLine: (@Sendable (String) -> Void)?
        if let trace { traceLine = { trace.append($0 + "\n") } }
        let settings = HealthchecksClient.Settings(apiURL: url, apiKey: Secret(key), apiKeyEnv: "HC_API_KEY", requestsPerMinute: 60_000,
                                                   timeout: timeout, retry: retry, sleep: { sleeps.record($0) },
                                                   log: { log.append($0 + "\n") }, trace: traceLine,
                                                   // A frozen clock: these tests are about retries, and a stalled
                                                   // machine must not make the breaker's "failing for 10 s" fire
                                                   // (MonitorOutageTests and CircuitBreakerTests test that).
                                                   now: { 0 })
        return try HealthchecksClient(settings: settings, transport: URLSessionTransport())
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        try await HealthchecksDouble.with { double in
            let sleeps = Kit.Sleeps()
            let log = Kit.Lines()
            let c = try client(double.baseURL, sleeps: sleeps, log: log, retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 60))
            await double.store.inject(.tooManyRequests(retryAfter: "7"), method: "GET")
            await double.store.inject(.tooManyRequests(retryAfter: "3600"), method: "GET")
            let list = try await c.listChecks()
            #expect(list.checks.isEmpty)
            #expect(sleeps.all == [7, 60])  // the server's wait, capped
            #expect(await double.store.requests.count == 3)
            #expect(log.text.contains("429 Too Many Requests; retrying in 7s"))
        }
    }

    @Test func serverErrorsBackOffExponentiallyThenGiveUp() async throws {
        try await HealthchecksDouble.with { double in
            let sleeps = Kit.Sleeps()
            let c = try client(double.baseURL, sleeps: sleeps, retry: RetryPolicy(maxAttempts: 4, baseDelay: 1, maxDelay: 3))
            await double.store.inject(.serverError, times: 10)
            await #expect(throws: MonitorError.gaveUp(request: "GET \(double.baseURL)/api/v3/checks/", attempts: 4, lastProblem: "HTTP 500")) {
                try await c.listChecks()
            }
            #expect(sleeps.all == [1, 2, 3])
        }
    }

    @Test func malformedJSONIsRetriedAndThenReported() async throws {
        try await HealthchecksDouble.with { double in
            let c = try client(double.baseURL)
            await double.store.inject(.malformedJSON)
            #expect(try await c.listChecks().checks.isEmpty)
            await double.store.inject(.malformedJSON, times: 10)
            await #expect {
                try await c.listChecks()
            } throws: { error in
                guard case MonitorError.invalidResponse = error else { return false }
                return "\(error)".contains("not the expected JSON")
            }
        }
    }

    @Test func slowAnswerTimesOutAndIsRetried() async throws {
        try await HealthchecksDouble.with { double in
            let log = Kit.Lines()
            let c = try client(double.baseURL, log: log, timeout: 0.25)
            await double.store.inject(.delay(0.6), method: "GET")
            #expect(try await c.listChecks().checks.isEmpty)
            // The log line proves the timeout fired (no wall-clock bound: parallel tests stall).
            #expect(log.text.contains("no answer within the timeout"))
        }
    }

    @Test func connectionRefusedGivesUpWithAClearMessageAndNoKey() async throws {
        let url = try await HealthchecksDouble.refusedURL()
        let c = try client(url, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0, maxDelay: 0))
        do {
            _ = try await c.listChecks()
            Issue.record("expected a failure")
        } catch {
            let text = "\(error)"
            #expect(text.contains("connection refused"))
            #expect(text.contains("failed 2 times"))
            #expect(!text.contains(HealthchecksDouble.readWriteKey))
        }
    }

    @Test func redirectIsNeverFollowed() async throws {
        try await HealthchecksDouble.with { double in
            let c = try client(double.baseURL)
            await double.store.inject(.redirect("/api/v3/checks/"), method: "POST")
            await #expect(throws: MonitorError.redirected(request: "POST \(double.baseURL)/api/v3/checks/", status: 301, location: "/api/v3/checks/")) {
                try await c.createCheck(CheckFields(name: "x", slug: "x"))
            }
            #expect(await double.store.requests.map(\.method) == ["POST"])  // no GET after the 301
            #expect(await double.store.checks.isEmpty)
        }
    }

    @Test func wrongKeyIsReportedByVariableNameOnly() async throws {
        try await HealthchecksDouble.with { double in
            let key = "hcw_ThisKeyDoesNotExist000000000"
            let c = try client(double.baseURL, key: key)
            do {
                _ = try await c.listChecks()
                Issue.record("expected a failure")
            } catch {
                #expect(error as? MonitorError == .rejectedAPIKey(env: "HC_API_KEY", reason: "wrong api key", url: "\(double.baseURL)/api/v3/"))
                #expect(!"\(error)".contains(key))
            }
            // The key travels in the header, never in the URL.
            #expect(await double.store.requests.allSatisfy { !$0.target.contains(key) && $0.headers["x-api-key"] == key })
        }
    }

    @Test func deleteOfAnAlreadyDeletedCheckCountsAsDone() async throws {
        try await HealthchecksDouble.with { double in
            let c = try client(double.baseURL)
            let uuid = await double.store.seed(slug: "x")
            #expect(try await c.deleteCheck(id: uuid))
            #expect(try await c.deleteCheck(id: uuid) == false)
        }
    }

    @Test func verboseTraceShowsEveryAttemptWithoutTheKey() async throws {
        try await HealthchecksDouble.with { double in
            let trace = Kit.Lines()
            let c = try client(double.baseURL, trace: trace)
            await double.store.inject(.serverError)
            _ = try await c.listChecks()
            #expect(trace.all.count == 2)
            #expect(trace.all[0].hasPrefix("GET \(double.baseURL)/api/v3/checks/ -> 500"))
            #expect(trace.all[1].contains("-> 200, 14 bytes"))  // {"checks": []}
            #expect(!trace.text.contains(HealthchecksDouble.readWriteKey))
        }
    }

    @Test func apiURLMustBeHTTP() {
        #expect(throws: MonitorError.invalidAPIURL("ftp://x")) { try client("ftp://x") }
    }

    @Test func throttleKeepsToTheLimitPerWindow() async throws {
        // 2 per (shortened) 200 ms window: starts 1-2 at once, 3-4 one window later, 5 two windows later.
        let throttle = RequestThrottle(requestsPerMinute: 2, maxInFlight: 4, window: .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        var offsets: [Duration] = []
        for _ in 0..<5 {
            await throttle.acquire()
            offsets.append(clock.now - start)
            await throttle.release()
        }
        #expect(offsets[1] < .milliseconds(200))
        #expect(offsets[2] >= .milliseconds(200) && offsets[3] >= .milliseconds(200))
        #expect(offsets[4] >= .milliseconds(400))
    }

    @Test func throttleLimitsRequestsInFlight() async throws {
        let throttle = RequestThrottle(requestsPerMinute: 600_000, maxInFlight: 2)
        let gauge = Locked((current: 0, peak: 0))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    await throttle.acquire()
                    gauge.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) }
                    try? await Task.sleep(nanoseconds: 20_000_000)
                    gauge.withLock { $0.current -= 1 }
                    await throttle.release()
                }
            }
        }
        #expect(gauge.withLock { $0.peak } == 2)
    }

    @Test func retryPolicyParsesRetryAfter() {
        #expect(RetryPolicy.parseRetryAfter("12") == 12)
        #expect(RetryPolicy.parseRetryAfter(" 1.5 ") == 1.5)
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(RetryPolicy.parseRetryAfter(nil) == nil)
        #expect(RetryPolicy(maxAttempts: 9, baseDelay: 2, maxDelay: 30).delay(afterAttempt: 3, retryAfter: nil) == 8)
    }
}
