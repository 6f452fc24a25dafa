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
    final class Sleeps: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Double] = []
        var all: [Double] { lock.withLock { values } }
        func record(_ v: Double) { lock.withLock { values.append(v) } }
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String] = []
        var all: [String] { lock.withLock { values } }
        var text: String { all.joined() }
        func append(_ v: String) { lock.withLock { values.append(v) } }
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
