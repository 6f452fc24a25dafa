import CronopsCore
@testable import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// `LocalProvider.readStatus`: the state file's checks, the run log's pings, the history of
/// creations and pauses that `apply` records, all read as Healthchecks would report them.
@Suite struct LocalStatusTests {
    typealias F = HealthchecksFixtureSpec
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000) // 2027-01-15T08:00:00Z

    /// A repository root, and a context whose wall clock the test sets.
    func setUp() throws -> (root: String, clock: Locked<Date>, context: MonitorContext) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-status-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let clock = Locked(Self.t0)
        let counter = Locked(0)
        var context = MonitorContext(environment: [:], transport: URLSessionTransport(),
                                     makeID: { counter.withLock { $0 += 1; return "local-\($0)" } })
        context.wallClock = { clock.withLock { $0 } }
        context.zones = { $0 == "UTC" ? ZoneRules(name: "UTC", fixedOffset: 0) : nil }
        return (root, clock, context)
    }

    func apply(_ spec: Spec, _ context: MonitorContext) async throws {
        let report = try await MonitorSync.apply(spec: spec, savedPlan: nil, provider: try Providers.make(for: spec, context: context),
                                                 prune: false, readOnlyEnv: "HC_API_KEY", progress: { _ in })
        #expect(report.failed == 0)
    }

    func ping(_ kind: RunLogEvent.Kind, _ slug: String, _ seconds: Double, rid: String = "r1", rules: [String] = []) -> RunLogEvent {
        RunLogEvent(kind: kind, at: Self.t0.addingTimeInterval(seconds), slug: slug, job: slug, runID: rid,
                    headline: kind == .fail ? "FAILED: \(slug) exited 0; a rule failed" : nil, failedRules: rules,
                    exitStatus: kind == .fail ? "0" : nil)
    }

    @Test func runLogPingsBecomeHealthchecksStates() async throws {
        let (root, clock, context) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let spec = F.spec(jobs: [F.job("ok", schedule: "0 * * * *", grace: 300), F.job("broken", schedule: "0 * * * *", grace: 300),
                                 F.job("idle", schedule: "0 * * * *", grace: 300)], provider: .local, root: root)
        try await apply(spec, context)
        let provider = try #require(try Providers.make(for: spec, context: context) as? LocalProvider)
        #expect(provider.runLogPath == root + "/.cronops/runs.jsonl")
        let store = RunLogStore(path: provider.runLogPath)
        // A ping from before the check existed (an older check of the same slug) does not count.
        #expect(store.append(ping(.fail, "ok", -60, rid: "old")) == nil)
        for event in [ping(.start, "ok", 10), ping(.success, "ok", 25), ping(.start, "broken", 10),
                      ping(.fail, "broken", 12, rules: ["--expect-json 'sent == generated': false (sent = 3, generated = 5)"])] {
            #expect(store.append(event) == nil)
        }
        let handle = try #require(FileHandle(forWritingAtPath: provider.runLogPath))
        handle.seekToEndOfFile()
        handle.write(Data("{\"v\":1,\"kind\":\"start\"\n".utf8))
        try handle.close()
        clock.withLock { $0 = Self.t0.addingTimeInterval(3600) }

        let snapshot = try await provider.readStatus(now: Self.t0.addingTimeInterval(60), maxFailureBodies: 10)
        #expect(snapshot.requests == 0)
        #expect(snapshot.limitations == ["runs.jsonl:6: not a JSON object; skipped"])
        let by = Dictionary(uniqueKeysWithValues: snapshot.checks.map { ($0.check.slug, $0) })
        #expect(by["ok"]?.status == .up)
        #expect(by["ok"]?.lastDuration == 15)
        #expect(by["ok"]?.pingCount == 2)
        #expect(by["ok"]?.lastPing == Self.t0.addingTimeInterval(25))
        #expect(by["broken"]?.status == .down)
        #expect(by["broken"]?.lastFailure?.failedRules == ["--expect-json 'sent == generated': false (sent = 3, generated = 5)"])
        #expect(by["broken"]?.lastFailure?.headline == "FAILED: broken exited 0; a rule failed")
        #expect(by["idle"]?.status == .new && by["idle"]?.pingCount == 0)

        // The next run is due at 09:00; grace ends at 09:05.
        let late = try await provider.readStatus(now: Self.t0.addingTimeInterval(3600 + 299), maxFailureBodies: 0)
        #expect(late.checks.first { $0.check.slug == "ok" }?.status == .grace)
        let down = try await provider.readStatus(now: Self.t0.addingTimeInterval(3600 + 300), maxFailureBodies: 0)
        #expect(down.checks.first { $0.check.slug == "ok" }?.status == .down)
    }

    /// `apply` dates a pause; a suspended job's check has `manual_resume`, so a ping after the
    /// pause is counted and changes nothing (a ping before it is its `last_ping`).
    @Test func aPauseTakesEffectBetweenThePingsBeforeAndAfterIt() async throws {
        let (root, clock, context) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var job = F.job("nightly", schedule: "0 1 * * *", grace: 300)
        let spec = F.spec(jobs: [job], provider: .local, root: root)
        try await apply(spec, context)
        job.suspension = Suspension(reason: "vendor API down")
        clock.withLock { $0 = Self.t0.addingTimeInterval(100) }
        try await apply(F.spec(jobs: [job], provider: .local, root: root), context)
        let provider = try #require(try Providers.make(for: spec, context: context) as? LocalProvider)
        let store = RunLogStore(path: provider.runLogPath)
        #expect(store.append(ping(.success, "nightly", 50)) == nil)
        let paused = try await provider.readStatus(now: Self.t0.addingTimeInterval(150), maxFailureBodies: 0)
        #expect(paused.checks.map(\.status) == [.paused])
        #expect(paused.checks.first?.lastPing == Self.t0.addingTimeInterval(50))
        #expect(store.append(ping(.success, "nightly", 200, rid: "r2")) == nil)
        let ignored = try await provider.readStatus(now: Self.t0.addingTimeInterval(250), maxFailureBodies: 0)
        #expect(ignored.checks.first?.check.manualResume == true)
        #expect(ignored.checks.map(\.status) == [.paused])
        #expect(ignored.checks.first?.lastPing == Self.t0.addingTimeInterval(50))
        #expect(ignored.checks.first?.pingCount == 2)
        // Resumed (the suspension lifted): `new` again, `last_ping` cleared, as views.py `resume`.
        job.suspension = nil
        clock.withLock { $0 = Self.t0.addingTimeInterval(300) }
        try await apply(F.spec(jobs: [job], provider: .local, root: root), context)
        let resumed = try await provider.readStatus(now: Self.t0.addingTimeInterval(350), maxFailureBodies: 0)
        #expect(resumed.checks.map(\.status) == [.new])
        #expect(resumed.checks.first?.lastPing == nil)
        #expect(store.append(ping(.success, "nightly", 400, rid: "r3")) == nil)
        let up = try await provider.readStatus(now: Self.t0.addingTimeInterval(450), maxFailureBodies: 0)
        #expect(up.checks.map(\.status) == [.up])
    }

    @Test func aCronCheckInAnUnknownZoneIsALimitation() async throws {
        let (root, _, context) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let spec = F.spec(jobs: [F.job("berlin", timezone: "Europe/Berlin")], provider: .local, root: root)
        try await apply(spec, context)
        let provider = try #require(try Providers.make(for: spec, context: context) as? LocalProvider)
        #expect(RunLogStore(path: provider.runLogPath).append(ping(.success, "berlin", 10)) == nil)
        let snapshot = try await provider.readStatus(now: Self.t0.addingTimeInterval(20), maxFailureBodies: 0)
        #expect(snapshot.checks.isEmpty)
        #expect(snapshot.limitations == ["berlin: its state cannot be computed: zone 'Europe/Berlin' is unknown here"])
    }
}

/// Run log files that cronops did not write: read without a crash, each problem located.
@Suite struct RunLogHostileFileTests {
    @Test func aHugeFileIsReadFromItsEndOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/runs.jsonl"
        let line = RunLogLine.encode(RunLogEvent(kind: .success, at: Date(timeIntervalSince1970: 1_800_000_000), slug: "a", job: "a"))
        // 70 KiB of junk without a newline, then one good line, read with a 64 KiB limit.
        let handle = try #require({ () -> FileHandle? in
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }())
        let junk = Data(repeating: UInt8(ascii: "x"), count: 1 << 10)
        for _ in 0..<70 { handle.write(junk) }
        handle.write(Data("\n".utf8) + Data(line))
        try handle.close()
        let contents = try RunLogStore(path: path).read(readLimit: 64 << 10)
        #expect(contents.events.count == 1)
        #expect(contents.problems.count == 1)
        #expect(contents.problems.first?.hasPrefix("runs.jsonl: ") == true && contents.problems.first?.contains("bytes at its start skipped") == true)
    }

    @Test func deepNestingAndBinaryLinesAreSkipped() {
        var contents = RunLogContents()
        let deep = Array(String(repeating: "[", count: 4000).utf8) + [10]
        let binary: [UInt8] = [0xff, 0xfe, 0x00, 0x7b, 10]
        contents.read(deep + binary, name: "runs.jsonl")
        #expect(contents.events.isEmpty)
        #expect(contents.problems == ["runs.jsonl:1: not a JSON object; skipped", "runs.jsonl:2: not a JSON object; skipped"])
    }
}
