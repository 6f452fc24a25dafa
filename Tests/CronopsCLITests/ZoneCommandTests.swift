import Foundation
import Testing
import CronopsCore
@testable import CronopsCLI

/// Zones through the real binary: fixed-offset zones west of UTC work in every command that
/// loads a zone (they trapped with "arithmetic overflow"), and a broken zone file is a
/// located message with exit status 1, never a crash.
@Suite struct ZoneCommandTests {
    @Test func westOfUTCWorksInNextValidateAndCrontab() async throws {
        let next = try await runCronops(["next", "0 1 * * *", "--tz", "Etc/GMT+5", "--after", "2026-03-28T00:00:00Z", "--count", "2", "--json"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout == "[\n  \"2026-03-28T01:00:00-05:00\",\n  \"2026-03-29T01:00:00-05:00\"\n]\n")

        let repo = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try """
            version: 1
            project: zones
            hosts:
              west-1: { cron: debian, timezone: EST, format: cron.d }
              east-1: { cron: cronie, timezone: Etc/GMT-14, format: cron.d }

            """.write(to: repo.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
        try """
            jobs:
              west:
                command: /bin/true
                schedule: "0 1 * * *"
                timezone: Etc/GMT+12
                hosts: [west-1, east-1]
              hawaii:
                command: /bin/true
                schedule: "30 2 * * *"
                timezone: HST
                hosts: [west-1]

            """.write(to: repo.appendingPathComponent("jobs/a.yaml"), atomically: true, encoding: .utf8)
        let validate = try await runCronops(["validate", repo.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        let crontab = try await runCronops(["crontab", "--config", repo.path, "--host", "west-1"])
        #expect(crontab.status == 0, "\(crontab.stderr)")
        // 01:00 at UTC-12 is 08:00 at EST (UTC-5); 02:30 at HST (UTC-10) is 07:30 at EST.
        #expect(crontab.stdout.contains("\n0 8 * * * root "), "\(crontab.stdout)")
        #expect(crontab.stdout.contains("\n30 7 * * * root "), "\(crontab.stdout)")
    }

    @Test func aBrokenZoneFileIsALocatedErrorWithExitStatusOne() async throws {
        let tzdir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tzdir) }
        let berlin = try #require(FileManager.default.contents(atPath: SystemZones.directory() + "/Europe/Berlin"))
        try FileManager.default.createDirectory(at: tzdir.appendingPathComponent("Broken"), withIntermediateDirectories: true)
        let cut = tzdir.appendingPathComponent("Broken/Cut")
        try berlin.prefix(200).write(to: cut)
        var footer = [UInt8](berlin)
        #expect(footer.suffix(3) == Array("/3\n".utf8))
        footer.replaceSubrange((footer.count - 3)..<footer.count, with: Array("/999\n".utf8))
        try Data(footer).write(to: tzdir.appendingPathComponent("Broken/Footer"))
        try FileManager.default.createDirectory(at: tzdir.appendingPathComponent("Broken/Directory"), withIntermediateDirectories: true)

        let truncated = try await runCronops(["next", "0 1 * * *", "--tz", "Broken/Cut"], environment: ["TZDIR": tzdir.path])
        #expect(truncated.status == 1)
        #expect(truncated.stdout.isEmpty)
        #expect(truncated.stderr.hasPrefix("cronops next: zone file \(cut.path), byte "), "\(truncated.stderr)")
        #expect(truncated.stderr.contains("the file ends after 200 bytes") || truncated.stderr.contains("but only"), "\(truncated.stderr)")

        let badFooter = try await runCronops(["next", "0 1 * * *", "--tz", "Broken/Footer"], environment: ["TZDIR": tzdir.path])
        #expect(badFooter.status == 1)
        #expect(badFooter.stderr.contains("Broken/Footer, byte "), "\(badFooter.stderr)")
        #expect(badFooter.stderr.contains("hour 999 is out of range (0–167)"), "\(badFooter.stderr)")

        let directory = try await runCronops(["next", "0 1 * * *", "--tz", "Broken/Directory"], environment: ["TZDIR": tzdir.path])
        #expect(directory.status == 1)
        #expect(directory.stderr.contains("is a directory or special file, not a zone file"), "\(directory.stderr)")

        guard case let .failure(onlyAt) = OnlyAtCheck.isDue(schedule: "0 1 * * *", zone: "Broken/Cut", now: Date(), zoneDirectory: tzdir.path) else {
            Issue.record("--only-at accepted a truncated zone file")
            return
        }
        #expect(onlyAt.message.hasPrefix("--tz Broken/Cut: zone file \(cut.path), byte "), "\(onlyAt.message)")
    }

    /// `validate` (through the crontab check) points at the job's `timezone:` and says how to
    /// see what is wrong with the file.
    @Test func validateReportsABrokenZoneFileAtTheJob() async throws {
        let root = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let berlin = try #require(FileManager.default.contents(atPath: SystemZones.directory() + "/Europe/Berlin"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tz/Europe"), withIntermediateDirectories: true)
        try berlin.prefix(100).write(to: root.appendingPathComponent("tz/Europe/Berlin"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("repo/jobs"), withIntermediateDirectories: true)
        try """
            version: 1
            project: zones
            hosts:
              h1: { cron: debian, timezone: UTC, format: cron.d }

            """.write(to: root.appendingPathComponent("repo/cronops.yaml"), atomically: true, encoding: .utf8)
        try """
            jobs:
              nightly:
                command: /bin/true
                schedule: "0 1 * * *"
                timezone: Europe/Berlin
                hosts: [h1]

            """.write(to: root.appendingPathComponent("repo/jobs/a.yaml"), atomically: true, encoding: .utf8)
        let r = try await runCronops(["validate", root.appendingPathComponent("repo").path], environment: ["TZDIR": root.appendingPathComponent("tz").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("jobs/a.yaml:5:"), "\(r.stderr)")
        #expect(r.stderr.contains("error[E306]: job 'nightly': time zone 'Europe/Berlin' cannot be read from this machine's tz database"), "\(r.stderr)")
        #expect(r.stderr.contains("`cronops next --tz Europe/Berlin` shows what is wrong with its zone file"), "\(r.stderr)")
    }

    @Test func anOversizedZoneFileIsRefusedUnread() throws {
        let tzdir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tzdir) }
        let big = tzdir.appendingPathComponent("Big")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: UInt64(SystemZones.maximumFileSize) + 1)
        try handle.close()
        #expect(throws: ZoneError(zone: "Big", reason: "zone file \(big.path) is \(SystemZones.maximumFileSize + 1) bytes; zone files are a few kilobytes, so it is not one (limit \(SystemZones.maximumFileSize))")) {
            try SystemZones.load("Big", directory: tzdir.path)
        }
    }
}
