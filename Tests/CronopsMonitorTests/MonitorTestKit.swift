import CronopsCore
@testable import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// Shared plumbing for the monitor tests: fixtures, a context wired to the double with short
/// timeouts and no real sleeping between retries.
enum Kit {
    static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent("healthchecks").appendingPathComponent(name))
    }

    /// Records the waits it was asked for instead of sleeping.
    final class Sleeps: Sendable {
        private let values = Locked<[Double]>([])
        var all: [Double] { values.withLock { $0 } }
        func record(_ v: Double) { values.withLock { $0.append(v) } }
    }

    final class Lines: Sendable {
        private let values = Locked<[String]>([])
        var all: [String] { values.withLock { $0 } }
        var text: String { all.joined() }
        func append(_ v: String) { values.withLock { $0.append(v) } }
    }

    /// Time that passes only when the code under test sleeps: the breaker reads it, backoff
    /// waits advance it (and are recorded), and nothing really waits.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: Double = 1_000
        private var slept: [Double] = []
        var now: Double { lock.withLock { seconds } }
        var sleeps: [Double] { lock.withLock { slept } }
        var totalSlept: Double { sleeps.reduce(0, +) }
        func sleep(_ d: Double) { lock.withLock { seconds += d; slept.append(d) } }
    }

    /// Counts the attempts that leave the client, and those that got no usable answer (no
    /// connection, no answer in time, a 5xx).
    final class CountingTransport: HTTPTransport, @unchecked Sendable {
        private let inner: any HTTPTransport
        private let lock = NSLock()
        private var counts = (sent: 0, failed: 0)
        var sent: Int { lock.withLock { counts.sent } }
        var failed: Int { lock.withLock { counts.failed } }

        init(_ inner: any HTTPTransport = URLSessionTransport()) { self.inner = inner }

        func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage {
            lock.withLock { counts.sent += 1 }
            do {
                let response = try await inner.send(request)
                if response.status >= 500 { lock.withLock { counts.failed += 1 } }
                return response
            } catch {
                lock.withLock { counts.failed += 1 }
                throw error
            }
        }
    }

    /// The real retry policy (5 attempts, backoff from 1 s) on an injected clock: what the
    /// breaker must cut short.
    static func outageContext(clock: Clock, transport: CountingTransport, timeout: Double = 10, maxInFlight: Int = 4,
                              breaker: CircuitBreaker.Policy = CircuitBreaker.Policy()) -> MonitorContext {
        MonitorContext(environment: ["HC_API_KEY": HealthchecksDouble.readWriteKey], transport: transport, timeout: timeout,
                       retry: RetryPolicy(), maxInFlight: maxInFlight, sleep: { clock.sleep($0) },
                       breaker: breaker, now: { clock.now })
    }

    static func context(key: String? = HealthchecksDouble.readWriteKey, sleeps: Sleeps = Sleeps(), log: Lines = Lines(),
                        timeout: Double = 2, attempts: Int = 4) -> MonitorContext {
        var environment = ["HOME": "/root"]
        if let key { environment["HC_API_KEY"] = key }
        return MonitorContext(environment: environment, transport: URLSessionTransport(), timeout: timeout,
                              retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.01, maxDelay: 0.05),
                              sleep: { sleeps.record($0) }, log: { log.append($0 + "\n") })
    }

    static func provider(_ spec: Spec, _ context: MonitorContext) throws -> any MonitorProvider {
        try Providers.make(for: spec, context: context)
    }
}
