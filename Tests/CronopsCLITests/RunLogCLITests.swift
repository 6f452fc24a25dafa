#if canImport(Glibc)
import Glibc
#endif
import CronopsCLI
import CronopsCore
import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// `cronops exec --run-log` with the real binary: many wrappers appending at once, and the
/// local provider's loop from `validate` to the states `status` reads.
@Suite struct RunLogCLITests {
    /// Reads `count` bytes from `fd` on a thread of its own (the wrappers' readiness signals).
    static func readBytes(_ fd: Int32, count: Int) async -> Int {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var total = 0
                var buffer = [UInt8](repeating: 0, count: 256)
                while total < count {
                    let n = read(fd, &buffer, min(buffer.count, count - total))
                    if n < 0, errno == EINTR { continue }
                    if n <= 0 { break }
                    total += n
                }
                continuation.resume(returning: total)
            }
        }
    }

    /// Every wrapper starts, signals on a FIFO that its job is running, and blocks until the
    /// test closes the gate, so all of them finish (and append) at once; the limit is the
    /// smallest, so the appends cross several compactions. Every line is there exactly once,
    /// none torn.
    @Test func concurrentWrappersNeitherLoseNorTearALine() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ready = dir.appendingPathComponent("ready").path, gate = dir.appendingPathComponent("gate").path
        #expect(mkfifo(ready, 0o600) == 0 && mkfifo(gate, 0o600) == 0)
        // Read-write, so that opening either end never blocks; close-on-exec, so no child holds
        // the gate open.
        let readyFD = open(ready, O_RDWR | O_CLOEXEC), gateFD = open(gate, O_RDWR | O_CLOEXEC)
        #expect(readyFD >= 0 && gateFD >= 0)
        defer { close(readyFD) }
        let log = dir.appendingPathComponent("runs.jsonl").path
        let count = 24
        var environment = ProcessInfo.processInfo.environment
        environment["CRONOPS_EXEC_RUN_LOG_LIMIT"] = "4096"
        let job = "exec 3<'\(gate)'; echo x > '\(ready)'; cat <&3 >/dev/null; echo done"
        var children: [ChildProcess] = []
        for index in 0..<count {
            children.append(try ChildProcess.start(TestPaths.cronopsBinary.path,
                                                   ["exec", "job-\(index)", "--slug", "slug-\(index)", "--run-log", log,
                                                    "--stdout-contains", "done", "--", job], environment: environment))
        }
        #expect(await Self.readBytes(readyFD, count: 2 * count) == 2 * count, "every job signals it is running")
        close(gateFD)
        for child in children {
            let result = await child.wait()
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(result.stderrText.isEmpty, "no run-log warning: \(result.stderrText)")
        }

        let older = try #require(FileManager.default.contents(atPath: log + ".1"), "the appends crossed a compaction")
        #expect(!older.isEmpty)
        let contents = try RunLogStore(path: log).read()
        #expect(contents.problems.isEmpty, "\(contents.problems)")
        let keys = contents.events.map { "\($0.slug) \($0.kind) \($0.runID ?? "-")" }
        #expect(keys.count == 2 * count && Set(keys).count == 2 * count, "each line exactly once")
        for index in 0..<count {
            let lines = contents.events.filter { $0.slug == "slug-\(index)" }
            #expect(lines.map(\.kind) == [.start, .success], "slug-\(index)")
            #expect(lines.first?.runID != nil && lines.first?.runID == lines.last?.runID)
            #expect(lines.last?.job == "job-\(index)")
        }
    }

    /// A run log that cannot be written is a warning; the job's own result stands.
    @Test func anUnwritableRunLogNeverChangesTheResult() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no/such/dir/runs.jsonl").path
        let ok = try await runCronops(["exec", "j", "--run-log", missing, "--", "echo hi"])
        #expect(ok.status == 0 && ok.stdout == "hi\n")
        #expect(ok.stderr.contains("warning: could not record the run in the run log: cannot open"))
        let failing = try await runCronops(["exec", "j", "--run-log", missing, "--", "exit 3"])
        #expect(failing.status == 3)
        let relative = try await runCronops(["exec", "j", "--run-log", "runs.jsonl", "--", "true"])
        #expect(relative.status == 64 && relative.stderr.contains("--run-log runs.jsonl: must be the absolute path of a file"))
    }

    /// Every ping the wrapper would send is a line: a retried attempt's `log` with its verdict,
    /// the final `fail` with the same run id; a run `--only-at` finds not due sends nothing and
    /// records nothing. Lines are dated from the wrapper's clock (`CRONOPS_EXEC_NOW`).
    @Test func everyPingOfARunIsALine() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("runs.jsonl").path
        let hooks = ["CRONOPS_EXEC_NOW": "2027-01-15T08:00:00Z", "CRONOPS_EXEC_WAITS": dir.appendingPathComponent("waits").path]
        let notDue = try await runCronops(["exec", "j", "--only-at", "0 9 * * *", "--tz", "UTC", "--run-log", log, "--", "true"],
                                          environment: hooks)
        #expect(notDue.status == 0)
        #expect(!FileManager.default.fileExists(atPath: log))
        let result = try await runCronops(["exec", "j", "--slug", "j__h", "--retry", "1", "--run-log", log, "--", "exit 3"],
                                          environment: hooks)
        #expect(result.status == 3)
        let events = try RunLogStore(path: log).read().events
        #expect(events.map(\.kind) == [.start, .log, .fail])
        #expect(Set(events.map(\.runID)).count == 1 && events.allSatisfy { $0.slug == "j__h" && $0.job == "j" })
        #expect(events[1].headline?.hasPrefix("RETRYING: j attempt 1 of 2 exited with status 3") == true)
        #expect(events[1].failedRules == ["--expect-exit 0: the job exited with status 3"])
        #expect(events[2].exitCode == 3 && events[2].exitStatus == "3")
        #expect(events[2].headline == "FAILED: j exited with status 3")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(events.allSatisfy { $0.at >= start && $0.at < start.addingTimeInterval(60) })
    }

    /// With a monitor and a run log, both see every ping of a run, in the same order, with the
    /// same run id (`ExecPings`): a retried attempt, its final failure, and a job that could
    /// not start at all.
    @Test func theRunLogAndTheMonitorSeeTheSamePings() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let receiver = try await PingReceiver.start { _ in .status(200) }
        defer { Task { await receiver.stop() } }
        let log = dir.appendingPathComponent("runs.jsonl").path
        let environment = ["CRONOPS_PING_KEY": pingKey, "CRONOPS_EXEC_WAITS": dir.appendingPathComponent("waits").path]
        let retried = try await WrapperProcess.run(["j", "--slug", "j__h", "--ping-url", receiver.baseURL, "--retry", "1",
                                                    "--run-log", log, "--", "exit 3"], environment: environment)
        #expect(retried.status == 3)
        let unstartable = try await WrapperProcess.run(["k", "--slug", "k__h", "--ping-url", receiver.baseURL, "--shell", dir.path + "/no-shell",
                                                        "--run-log", log, "--", "true"], environment: environment)
        #expect(unstartable.status == WrapperStatus.couldNotRun)
        let pings = await receiver.pings()
        let events = try RunLogStore(path: log).read().events
        let sent = pings.map { "\($0.path.split(separator: "/").suffix(2).joined(separator: "/")) \($0.query["rid"] ?? "-")" }
        let recorded = events.map { event -> String in
            let suffix = switch event.kind {
            case .start: "start"
            case .log: "log"
            case .fail: event.exitCode.map(String.init) ?? "fail"
            case .success: "0"
            case .pruned: "pruned"
            }
            return "\(event.slug)/\(suffix) \(event.runID ?? "-")"
        }
        #expect(sent == recorded, "\(retried.stderrText)\n\(unstartable.stderrText)")
        #expect(events.map(\.kind) == [.start, .log, .fail, .start, .fail])
    }

    static let project = """
    version: 1
    project: loop
    monitor: { provider: local, state: .cronops/state.json }
    hosts:
      here: { cron: debian, timezone: UTC, format: cron.d }

    """
    static let jobs = """
    jobs:
      invoices:
        command: 'echo ''{"sent": 2, "generated": 2}'''
        schedule: "0 1 * * *"
        hosts: [here]
        validate: { stdout: { json: ["sent == generated"] } }
      mailer:
        command: 'echo ''{"sent": 1, "generated": 2}'''
        schedule: "30 1 * * *"
        hosts: [here]
        validate: { stdout: { json: ["sent == generated"] } }

    """

    /// validate → apply (local) → `cronops run` a job that succeeds and one whose rule fails →
    /// the local provider reports them up and down, with the failed rule.
    @Test func theLocalLoopFromValidateToStatus() async throws {
        let repo = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try Self.project.write(to: repo.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
        try Self.jobs.write(to: repo.appendingPathComponent("jobs/jobs.yaml"), atomically: true, encoding: .utf8)

        let validate = try await runCronops(["validate"], cwd: repo)
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let apply = try await runCronops(["apply"], cwd: repo)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let ok = try await runCronops(["run", "invoices"], cwd: repo)
        #expect(ok.status == 0, "\(ok.stderr)")
        let failed = try await runCronops(["run", "mailer"], cwd: repo)
        #expect(failed.status == WrapperStatus.ruleFailed, "\(failed.stderr)")
        #expect(!failed.stderr.contains("warning"), "\(failed.stderr)")

        var context = MonitorContext(environment: [:], transport: CurlTransport())
        context.zones = SystemZones.cachedLoader()
        let spec = try #require(try loadSpec(repo))
        let provider = try #require(try Providers.make(for: spec, context: context) as? LocalProvider)
        let snapshot = try await provider.readStatus(now: Date(), maxFailureBodies: 10)
        #expect(snapshot.limitations.isEmpty, "\(snapshot.limitations)")
        #expect(snapshot.requests == 0)
        let by = Dictionary(uniqueKeysWithValues: snapshot.checks.map { ($0.check.slug, $0) })
        #expect(by["invoices"]?.status == .up)
        #expect(by["invoices"]?.pingCount == 2)
        let mailer = try #require(by["mailer"])
        #expect(mailer.status == .down)
        #expect(mailer.lastFailure?.failedRules == ["--expect-json 'sent == generated': false (sent = 1, generated = 2)"])
        #expect(mailer.lastFailure?.headline == "FAILED: mailer exited 0; a rule failed")
        #expect(mailer.lastFailure?.exitStatus == "0")
        #expect(mailer.lastFailure?.manual == true, "`cronops run` marks its pings as a manual run")
    }

    func loadSpec(_ repo: URL) throws -> Spec? {
        var d = Diagnostics()
        let project = try String(contentsOf: repo.appendingPathComponent("cronops.yaml"), encoding: .utf8)
        let jobs = try String(contentsOf: repo.appendingPathComponent("jobs/jobs.yaml"), encoding: .utf8)
        var spec = RepositoryCompiler.compile(project: SourceFile(path: "cronops.yaml", text: project),
                                              jobFiles: [SourceFile(path: "jobs/jobs.yaml", text: jobs)], diagnostics: &d)
        spec?.root = repo.path
        return spec
    }
}
