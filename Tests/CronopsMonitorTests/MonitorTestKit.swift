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

extension HealthchecksDouble {
    /// Starts a double for one test and stops it afterwards.
    static func with<T>(_ body: (HealthchecksDouble) async throws -> T) async throws -> T {
        let double = try await HealthchecksDouble.start()
        do {
            let result = try await body(double)
            await double.stop()
            return result
        } catch {
            await double.stop()
            throw error
        }
    }
}
