@testable import CronopsCLI
import CronopsCore
import CronopsMonitor
import CronopsTestSupport
import Foundation

/// Runs the plan/apply runners with captured output against the double.
final class CapturedIO: Sendable {
    private let text = Locked((out: "", err: ""))
    var stdout: String { text.withLock { $0.out } }
    var stderr: String { text.withLock { $0.err } }

    func io(color: Bool = false, secret: Secret?) -> MonitorIO {
        MonitorIO(out: { t in self.text.withLock { $0.out += t } },
                  err: { t in self.text.withLock { $0.err += t } }, color: color, secret: secret)
    }
}

enum PlanTestKit {
    typealias F = HealthchecksFixtureSpec

    static func context(key: String? = HealthchecksDouble.readWriteKey, log: CapturedIO? = nil) -> MonitorContext {
        var environment: [String: String] = [:]
        if let key { environment["HC_API_KEY"] = key }
        return MonitorContext(environment: environment, transport: CurlTransport(), timeout: 2,
                              retry: RetryPolicy(maxAttempts: 2, baseDelay: 0, maxDelay: 0), maxInFlight: 1,
                              sleep: { _ in }, log: { line in log?.io(secret: nil).report(line + "\n") })
    }

    /// A repository on disk for the binary: `cronops.yaml` watching the Healthchecks at
    /// `apiURL` (the key from HC_API_KEY, alerts to ops-email, no hosts) and an empty `jobs/`.
    /// Written again to point it at another server.
    static func writeProject(_ dir: URL, apiURL: String) throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try """
            version: 1
            project: acme-prod
            monitor: { provider: healthchecks, api_url: "\(apiURL)", api_key_env: HC_API_KEY }
            routes:
              ops: { channels: ["ops-email"] }
            defaults:
              alerts: [ops]
              hosts: []
            """.write(to: dir.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
    }

    static func jobs() -> [Job] {
        [F.job("db-backup", grace: 600, maxRuntime: 3600), F.job("sync", hosts: ["a", "b"], alerts: ["ops", "pager"])]
    }

    static func plan(_ spec: Spec, _ options: PlanRunner.Options, key: String? = HealthchecksDouble.readWriteKey) async -> (Int32, CapturedIO) {
        let captured = CapturedIO()
        let context = context(key: key, log: captured)
        let code = await PlanRunner.run(spec: spec, options: options, context: context, io: captured.io(secret: context.secret(for: spec)))
        return (code, captured)
    }

    static func apply(_ spec: Spec, _ options: ApplyRunner.Options = .init(), key: String? = HealthchecksDouble.readWriteKey) async -> (Int32, CapturedIO) {
        let captured = CapturedIO()
        let context = context(key: key, log: captured)
        let code = await ApplyRunner.run(spec: spec, options: options, context: context, io: captured.io(secret: context.secret(for: spec)))
        return (code, captured)
    }

    static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cronops-\(UUID().uuidString)-\(name)").path
    }
}
