import Foundation
import Testing
import CronopsTestSupport
@testable import CronopsCLI

/// `--only-at SCHEDULE --tz ZONE` with a fixed clock, across DST changes (cronsim semantics).
@Suite struct ExecOnlyAtCLITests {
    func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func due(_ schedule: String, _ zone: String, _ utc: String) -> Bool? {
        try? OnlyAtCheck.isDue(schedule: schedule, zone: zone, now: instant(utc)).get()
    }

    /// Every due minute of a UTC day, as "HH:MM".
    func dueMinutes(_ schedule: String, _ zone: String, day: String) -> [String] {
        let start = instant(day + "T00:00:00Z")
        return (0..<(24 * 60)).compactMap { minute in
            let t = start.addingTimeInterval(Double(minute * 60) + 17)
            guard (try? OnlyAtCheck.isDue(schedule: schedule, zone: zone, now: t).get()) == true else { return nil }
            return String(format: "%02d:%02d", minute / 60, minute % 60)
        }
    }

    @Test func springGapRunsAtTheEndOfTheGap() {
        // 2027-03-28 Berlin: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist, the run is 03:00 CEST = 01:00 UTC.
        #expect(dueMinutes("30 2 * * *", "Europe/Berlin", day: "2027-03-28") == ["01:00"])
        #expect(due("30 2 * * *", "Europe/Berlin", "2027-03-28T01:00:42Z") == true)
        #expect(due("30 2 * * *", "Europe/Berlin", "2027-03-28T01:30:00Z") == false)
        // The day before, 02:30 CET = 01:30 UTC.
        #expect(dueMinutes("30 2 * * *", "Europe/Berlin", day: "2027-03-27") == ["01:30"])
    }

    @Test func autumnOverlapRunsAFixedTimeJobOnceAndAWildcardJobTwice() {
        // 2027-10-31 Berlin: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
        #expect(dueMinutes("30 2 * * *", "Europe/Berlin", day: "2027-10-31") == ["00:30"])
        #expect(dueMinutes("30 * * * *", "Europe/Berlin", day: "2027-10-31").filter { $0 < "03:00" } == ["00:30", "01:30", "02:30"])
    }

    @Test func badScheduleOrZoneIsAUsageError() {
        let schedule = MarkedText("⟨bad⟩61 * * * *")
        guard case let .failure(p1) = OnlyAtCheck.isDue(schedule: schedule.text, zone: "UTC", now: Date()) else {
            Issue.record("61 is not a minute")
            return
        }
        #expect(p1.message.hasPrefix("--only-at '61 * * * *': at column \(schedule.markers["bad"]!.column)"))
        guard case let .failure(p2) = OnlyAtCheck.isDue(schedule: "* * * * *", zone: "Mars/Olympus", now: Date()) else {
            Issue.record("unknown zone")
            return
        }
        #expect(p2.message.hasPrefix("--tz Mars/Olympus"))
    }

    @Test func theWrapperRunsOnlyWhenDue() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        let due = try await WrapperProcess.run(["every", "--only-at", "* * * * *", "--tz", "Europe/Berlin", "--", "echo ran"])
        #expect(due.status == 0)
        #expect(due.stdoutText == "ran\n")
        // 29 February at midnight, with the clock fixed on either side of it.
        let receiver = try await CronopsTestSupport.PingReceiver.start()
        defer { Task { await receiver.stop() } }
        func leap(_ now: String) async throws -> WrapperRun {
            try await WrapperProcess.run(["leap", "--only-at", "0 0 29 2 *", "--tz", "UTC", "--ping-url", receiver.baseURL,
                                          "--", "echo \(now) >> \(dir)/ran"],
                                         environment: ["CRONOPS_PING_KEY": pingKey, "CRONOPS_EXEC_NOW": now])
        }
        let notDue = try await leap("2027-03-01T00:00:10Z")
        #expect(notDue.status == 0)
        #expect(notDue.stdout.isEmpty && notDue.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir + "/ran"))
        #expect(await receiver.pings().isEmpty)
        let leapDay = try await leap("2028-02-29T00:00:59Z")
        #expect(leapDay.status == 0)
        #expect(try String(contentsOfFile: dir + "/ran", encoding: .utf8) == "2028-02-29T00:00:59Z\n")
        #expect(await receiver.waitForPings(count: 2).map(\.path) == ["/\(pingKey)/leap/start", "/\(pingKey)/leap/0"])
        let minuteLater = try await leap("2028-02-29T00:01:00Z")
        #expect(minuteLater.status == 0)
        #expect(try String(contentsOfFile: dir + "/ran", encoding: .utf8) == "2028-02-29T00:00:59Z\n")
        let badNow = try await WrapperProcess.run(["leap", "--only-at", "* * * * *", "--", "touch \(dir)/bad-now"],
                                                  environment: ["CRONOPS_EXEC_NOW": "29 February", "CRONOPS_EXEC_DRAIN": "soon"])
        #expect(badNow.status == 64)
        #expect(badNow.stderrText.contains("CRONOPS_EXEC_NOW='29 February' is not an ISO-8601 instant"), "\(badNow.stderrText)")
        #expect(badNow.stderrText.contains("CRONOPS_EXEC_DRAIN='soon' is not a number of seconds"), "\(badNow.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/bad-now"))
        let bad = try await WrapperProcess.run(["bad", "--only-at", "* * *", "--tz", "UTC", "--", "true"])
        #expect(bad.status == 64)
    }
}
