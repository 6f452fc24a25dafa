import ArgumentParser
import CronopsCore
import CronopsTestSupport
import Foundation
import Testing
@testable import CronopsCLI

@Suite struct NextCommandTests {
    static let now = Date(timeIntervalSince1970: 1_774_612_800) // 2026-03-27T12:00:00Z
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The TZif copies committed with the cronsim corpus, so outputs do not follow the
    /// machine's tzdata updates.
    static let zoneDirectory = repoRoot.appendingPathComponent("Tests/CronopsCoreTests/Fixtures/cronsim/zoneinfo").path

    func run(_ args: [String], spec: Spec? = nil) throws -> NextCommand.Output {
        let command = try NextCommand.parse(args)
        return try command.execute(now: Self.now, zones: { try SystemZones.load($0, directory: Self.zoneDirectory) }, loadSpec: {
            guard let spec else { throw ExitCode.failure }
            return spec
        })
    }

    @Test func textListsLocalTimeOffsetAndUTCAfterTheSentence() throws {
        let out = try run(["30 2 * * *", "--tz", "Europe/Berlin", "--count", "3"])
        #expect(out.exitCode == 0)
        #expect(out.stdout == """
            At 02:30 every day (Europe/Berlin)
            2026-03-28 02:30:00 +01:00  2026-03-28 01:30:00 UTC
            2026-03-29 03:00:00 +02:00  2026-03-29 01:00:00 UTC  (its wall time was skipped by the DST change; it runs at the end of the gap)
            2026-03-30 02:30:00 +02:00  2026-03-30 00:30:00 UTC

            """)
    }

    @Test func jsonIsABareArrayWithRealOffsets() throws {
        let out = try run(["*/30 * 8 9 *", "--tz", "America/Santiago", "--after", "2024-09-07T23:50:00-04:00", "--count", "2", "--json"])
        #expect(out.stdout == "[\n  \"2024-09-08T01:00:00-03:00\",\n  \"2024-09-08T01:30:00-03:00\"\n]\n")
        let decoded = try JSONDecoder().decode([String].self, from: Data(out.stdout.utf8))
        #expect(decoded.count == 2)
    }

    @Test func defaultZoneIsUTCAndMacrosAreShownExpanded() throws {
        let out = try run(["@daily", "--count", "1"])
        #expect(out.stdout == "At 00:00 every day (UTC, @daily = 0 0 * * *)\n2026-03-28 00:00:00 +00:00  2026-03-28 00:00:00 UTC\n")
        let quiet = try run(["@daily", "--count", "1", "--quiet"])
        #expect(quiet.stdout == "2026-03-28 00:00:00 +00:00  2026-03-28 00:00:00 UTC\n")
    }

    @Test func afterWithoutOffsetIsWallTimeInTheZone() throws {
        let out = try run(["0 * * * *", "--tz", "Asia/Kathmandu", "--after", "2026-01-01T10:30", "--count", "1", "--json"])
        #expect(out.stdout == "[\n  \"2026-01-01T11:00:00+05:45\"\n]\n")
        let skipped = try run(["0 * * * *", "--tz", "Europe/Berlin", "--after", "2026-03-29T02:30"])
        #expect(skipped.exitCode == 1)
        #expect(skipped.stderr.contains("does not exist in Europe/Berlin"))
        let bad = try run(["0 * * * *", "--after", "yesterday"])
        #expect(bad.exitCode == 1)
        #expect(bad.stderr.hasPrefix("cronops next: --after: 'yesterday' is not a date and time"))
    }

    @Test func invalidScheduleShowsACaretUnderTheTerm() throws {
        let out = try run(["0 0 * * 1-8"])
        #expect(out.exitCode == 1)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr == """
            cronops next: invalid schedule: day-of-week: '8' is out of range 0–7 (0 and 7 are Sunday)
              0 0 * * 1-8
                        ^

            """)
    }

    @Test func invalidZoneExitsOne() throws {
        let out = try run(["0 0 * * *", "--tz", "Europe/Atlantis"])
        #expect(out.exitCode == 1)
        #expect(out.stderr.contains("time zone 'Europe/Atlantis': unknown time zone"))
        let system = try NextCommand.parse(["0 0 * * *", "--tz", "Europe/Atlantis"])
            .execute(now: Self.now, zones: { try SystemZones.load($0) }, loadSpec: { throw CancellationError() })
        #expect(system.stderr == "cronops next: time zone 'Europe/Atlantis': unknown time zone: no file /usr/share/zoneinfo/Europe/Atlantis in the system tz database (is the tzdata package installed?)\n")
        let escape = try run(["0 0 * * *", "--tz", "../../etc/passwd"])
        #expect(escape.stderr.contains("not an IANA zone name"))
    }

    @Test func jobTakesTheJobsScheduleAndZone() throws {
        let job = Job(name: "backup", command: "/bin/true", schedule: try CronSchedule.parse("15 2 * * *").get(),
                      timezone: "Australia/Lord_Howe", location: SourceLocation(file: "jobs/a.yaml", line: 2, column: 3))
        let spec = Spec(project: "p", root: "/", projectFile: "/cronops.yaml", monitor: MonitorSettings(), routes: [], hosts: [], jobs: [job])
        let out = try run(["--job", "backup", "--after", "2025-10-04T12:00:00Z", "--count", "1", "--json"], spec: spec)
        #expect(out.stdout == "[\n  \"2025-10-05T02:30:00+11:00\"\n]\n")
        let missing = try run(["--job", "nope"], spec: spec)
        #expect(missing.exitCode == 1)
        #expect(missing.stderr == "cronops next: no job named 'nope' (jobs: backup)\n")
    }

    @Test func argumentsAreCheckedTogether() {
        #expect(throws: (any Error).self) { try NextCommand.parse([]) }
        #expect(throws: (any Error).self) { try NextCommand.parse(["0 0 * * *", "--job", "x"]) }
        #expect(throws: (any Error).self) { try NextCommand.parse(["--job", "x", "--tz", "UTC"]) }
        #expect(throws: (any Error).self) { try NextCommand.parse(["0 0 * * *", "--count", "0"]) }
    }

    @Test func hostAddsTheJobsJitterOnThatHost() throws {
        var job = HealthchecksFixtureSpec.job("sync", schedule: "0 9 * * *", timezone: "Europe/Berlin", hosts: ["web-1"])
        job.jitter = TimeSpan(seconds: 300)
        var spec = HealthchecksFixtureSpec.spec(jobs: [job])
        spec.hosts = [Host(name: "web-1", location: SourceLocation(file: "cronops.yaml", line: 1, column: 1))]
        let delay = Jitter.delay(project: spec.project, job: "sync", host: "web-1", jitter: TimeSpan(seconds: 300))
        let plain = try run(["--job", "sync", "--count", "1", "--json"], spec: spec)
        let jittered = try run(["--job", "sync", "--host", "web-1", "--count", "1", "--json"], spec: spec)
        #expect(plain.stdout == "[\n  \"2026-03-28T09:00:00+01:00\"\n]\n")
        let seconds = String(format: "%02d:%02d", delay.seconds / 60, delay.seconds % 60)
        #expect(jittered.stdout == "[\n  \"2026-03-28T09:\(seconds)+01:00\"\n]\n")
        let text = try run(["--job", "sync", "--host", "web-1", "--count", "1"], spec: spec)
        #expect(text.stdout.contains("On web-1 each run starts \(delay) after its scheduled time (jitter 5m); the times below are the starts."))
        #expect(try run(["--job", "sync", "--host", "nope"], spec: spec).exitCode == 1)
        #expect(throws: (any Error).self) { try NextCommand.parse(["0 0 * * *", "--host", "web-1"]) }
    }

    /// The example repository must validate without schedule warnings; a repository built
    /// to trigger them must get each one.
    @Test func scheduleWarningsOnExampleRepositories() throws {
        let acme = RepositoryLoader().load(config: Self.repoRoot.appendingPathComponent("examples/acme").path)
        let spec = try #require(acme.spec)
        #expect(ScheduleWarnings.diagnostics(for: spec, now: Self.now).all.isEmpty)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-next-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "version: 1\nproject: warn\nhosts:\n  web-1: { cron: debian, timezone: UTC }\n"
            .write(to: dir.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
        var jobs = "jobs:\n  backup:\n    command: /bin/true\n    schedule: \"30 2 * * *\"\n    timezone: Europe/Berlin\n    hosts: [web-1]\n"
        jobs += "  sync:\n    command: /bin/true\n    schedule: \"*/10 * * * *\"\n    max_runtime: 15m\n    hosts: [web-1]\n"
        for i in 0..<10 { jobs += "  nightly-\(i):\n    command: /bin/true\n    schedule: \"@daily\"\n    hosts: [web-1]\n" }
        try jobs.write(to: dir.appendingPathComponent("jobs/all.yaml"), atomically: true, encoding: .utf8)
        let loaded = RepositoryLoader().load(config: dir.path)
        let warned = try #require(loaded.spec, "\(loaded.diagnostics.all.map(\.message))")
        let codes = ScheduleWarnings.diagnostics(for: warned, now: Self.now).all.map(\.code).sorted()
        #expect(codes == ["W100", "W101", "W102", "W103"])
    }
}
