import CronopsCore
import CronopsTestSupport
import Foundation
import Testing
@testable import CronopsCLI

/// `cronops run JOB [--host NAME]`: the host's line without its guard, run now, pings marked.
@Suite struct RunCommandTests {
    static let project = """
    version: 1
    project: demo
    monitor: { provider: healthchecks, api_url: "http://127.0.0.1:9", ping_url: "PING_URL" }
    hosts:
      web-1: { cron: debian, timezone: UTC }
      web-2: { cron: cronie, timezone: Europe/Berlin, format: crontab }

    """
    static let jobs = """
    jobs:
      report:
        command: "echo 'sent 3' && exit 0"
        schedule: "0 0 1 1 *"
        timezone: America/New_York
        hosts: [web-1]
        validate: { stdout: { contains: ["sent"] } }
        env: { MODE: test }
      sync:
        command: printf synced
        schedule: "*/5 * * * *"
        hosts: [web-1, web-2]
      elsewhere:
        command: "true"
        schedule: "@daily"
        hosts: []

    """

    func spec(pingURL: String = "http://127.0.0.1:9") throws -> Spec {
        var d = Diagnostics()
        let spec = RepositoryCompiler.compile(project: SourceFile(path: "cronops.yaml", text: Self.project.replacingOccurrences(of: "PING_URL", with: pingURL)),
                                              jobFiles: [SourceFile(path: "jobs/a.yaml", text: Self.jobs)], diagnostics: &d)
        return try #require(spec, "\(d.all)")
    }

    func arguments(_ job: String, host: String? = nil, env: [String: String] = [:], readable: Bool = true) throws -> Result<[String], RunCommand.Problem> {
        RunCommand.arguments(spec: try spec(), job: job, host: host, pingKeyFile: nil, environment: env, readable: { _ in readable })
    }

    @Test func theHostsLineWithoutItsGuardAndMarkedManual() throws {
        let words = try arguments("report").get()
        #expect(words.first == "exec" && words[1] == "report")
        #expect(!words.contains("--only-at"), "the line of a New York job on a UTC Debian host is guarded; run is not")
        #expect(words.contains("--stdout-contains") && words.contains("MODE=test"))
        let separator = try #require(words.firstIndex(of: "--"))
        #expect(words[separator - 1] == "--manual")
        #expect(words.last == "echo 'sent 3' && exit 0")
        let keyFile = try #require(words.firstIndex(of: "--ping-key-file"))
        #expect(words[keyFile + 1] == "/etc/cronops/demo.ping-key")
    }

    @Test func anUnreadableKeyFileGivesWayToTheEnvironment() throws {
        #expect(try arguments("report", env: ["CRONOPS_PING_KEY": "k"], readable: false).get().contains("--ping-key-file") == false)
        #expect(try arguments("report", env: [:], readable: false).get().contains("--ping-key-file"), "no key anywhere: exec says so")
        #expect(try arguments("report", env: ["CRONOPS_PING_KEY": "k"], readable: true).get().contains("--ping-key-file"))
    }

    @Test func hostsAreChosenOrAskedFor() throws {
        #expect(try arguments("sync") == .failure(.init(message: "job 'sync' runs on web-1, web-2: say which with --host NAME")))
        let onCronie = try arguments("sync", host: "web-2").get()
        #expect(onCronie.contains("sync__web-2"), "the per-host check's slug")
        #expect(try arguments("sync", host: "web-3") == .failure(.init(message: "job 'sync' does not run on host 'web-3': it runs on web-1, web-2")))
        #expect(try arguments("elsewhere") == .failure(.init(message: "job 'elsewhere' runs on no host (hosts: []): cronops has no line for it to run")))
        guard case .failure(let unknown) = try arguments("nope") else { Issue.record("found a job 'nope'"); return }
        #expect(unknown.message.hasPrefix("no job named 'nope' (jobs: elsewhere, report, sync"))
    }

    @Test func runsNowAndPingsAsAManualRun() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try Self.project.replacingOccurrences(of: "PING_URL", with: receiver.baseURL)
            .write(to: dir.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
        try Self.jobs.write(to: dir.appendingPathComponent("jobs/a.yaml"), atomically: true, encoding: .utf8)
        let result = try await runCronops(["run", "report", "--config", dir.path], environment: ["CRONOPS_PING_KEY": pingKey])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "sent 3\n")
        let pings = await receiver.waitForPings(count: 2)
        #expect(pings.map(\.path) == ["/\(pingKey)/report/start", "/\(pingKey)/report/0"])
        #expect(pings.allSatisfy { $0.bodyText.hasPrefix("MANUAL RUN (cronops run, ") }, "\(pings.map(\.bodyText))")
        #expect(pings[1].bodyText.contains("OK: report exited 0"))
    }
}
