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

    /// `--scheduled-from`: a guarded CronJob's pod checks the minute its Job was scheduled for
    /// (the trailing minutes of the Job's name), however late the container starts.
    @Test func aLatePodRunsInTheMinuteItsJobNames() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        // 2028-02-29T00:00Z is minute 30,589,920 since 1970.
        let leapMinute = Int(instant("2028-02-29T00:00:00Z").timeIntervalSince1970 / 60)
        #expect(leapMinute == 30_589_920)
        func pod(_ marker: String, job: String?, now: String) async throws -> WrapperRun {
            var environment = ["CRONOPS_EXEC_NOW": now]
            if let job { environment["CRONOPS_SCHEDULED_JOB"] = job }
            return try await WrapperProcess.run(["leap", "--only-at", "0 0 29 2 *", "--tz", "UTC", "--scheduled-from", "CRONOPS_SCHEDULED_JOB",
                                                 "--", "echo \(marker) >> \(dir)/ran"], environment: environment)
        }
        func ran() -> String { (try? String(contentsOfFile: dir + "/ran", encoding: .utf8)) ?? "" }

        // Started 25 minutes late (an image pull): the clock alone would skip it.
        let late = try await pod("late", job: "acme-prod-leap-\(leapMinute)", now: "2028-02-29T00:25:10Z")
        #expect(late.status == 0 && late.stderr.isEmpty, "\(late.stderrText)")
        #expect(ran() == "late\n")
        // The fast path and ArgumentParser read the flag alike (an `=` form leaves the fast path).
        let parsed = try await WrapperProcess.run(["leap", "--only-at", "0 0 29 2 *", "--tz", "UTC", "--scheduled-from=CRONOPS_SCHEDULED_JOB",
                                                   "--", "echo parsed >> \(dir)/ran"],
                                                  environment: ["CRONOPS_EXEC_NOW": "2028-02-29T03:00:00Z",
                                                                "CRONOPS_SCHEDULED_JOB": "acme-prod-leap-\(leapMinute)"])
        #expect(parsed.status == 0 && parsed.stderr.isEmpty, "\(parsed.stderrText)")
        #expect(ran() == "late\nparsed\n")
        // A Job scheduled for a minute that is not due does not run, even when the clock's minute is.
        let notDue = try await pod("not-due", job: "acme-prod-leap-\(leapMinute - 1)", now: "2028-02-29T00:00:05Z")
        #expect(notDue.status == 0 && notDue.stdout.isEmpty && notDue.stderr.isEmpty, "\(notDue.stderrText)")
        #expect(ran() == "late\nparsed\n")

        // No usable Job name: the clock's minute, with one line saying why.
        let cases: [(job: String?, says: String)] = [
            (nil, "CRONOPS_SCHEDULED_JOB is not set"),
            ("", "CRONOPS_SCHEDULED_JOB is empty"),
            ("leap-manual", "CRONOPS_SCHEDULED_JOB=leap-manual does not end in -<minutes since 1970>"),
            ("leap-1x2", "does not end in -<minutes since 1970>"),
            ("leap-", "does not end in -<minutes since 1970>"),
            ("leap-1234567890123", "does not end in -<minutes since 1970>"),
            ("leap-\(leapMinute + 2)", "names 2028-02-29T00:02:00Z, more than a minute after the clock's 2028-02-29T00:00:30Z"),
            ("leap-\(leapMinute - 24 * 60 - 1)", "names 2028-02-27T23:59:00Z, more than 24 hours before the clock's 2028-02-29T00:00:30Z"),
        ]
        for (index, example) in cases.enumerated() {
            let due = try await pod("clock-\(index)", job: example.job, now: "2028-02-29T00:00:30Z")
            #expect(due.status == 0)
            let lines = due.stderrText.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("cronops exec leap: --scheduled-from: ") && lines[0].contains(example.says)
                    && lines[0].hasSuffix(": --only-at checks the clock's minute instead"), "\(example): \(due.stderrText)")
            #expect(ran().hasSuffix("clock-\(index)\n"), "\(example) ran by the clock")
        }
        let skipped = try await pod("skipped", job: "leap-manual", now: "2028-02-29T00:25:10Z")
        #expect(skipped.status == 0 && skipped.stdout.isEmpty && skipped.stderrText.contains("does not end in"))
        #expect(!ran().contains("skipped"), "not due by the clock")
        // Within a minute ahead (clock skew) and up to 24 hours late, the name decides.
        let early = try await pod("early", job: "leap-\(leapMinute)", now: "2028-02-28T23:59:10Z")
        let dayLate = try await pod("day-late", job: "leap-\(leapMinute)", now: "2028-03-01T00:00:00Z")
        #expect(early.stderr.isEmpty && dayLate.stderr.isEmpty)
        #expect(ran().hasSuffix("early\nday-late\n"))

        // The flag alone, or with a name that is no variable's, is a usage error; nothing runs.
        let alone = try await WrapperProcess.run(["leap", "--scheduled-from", "CRONOPS_SCHEDULED_JOB", "--", "touch \(dir)/alone"])
        #expect(alone.status == 64)
        #expect(alone.stderrText == "cronops exec: error: --scheduled-from only goes with --only-at (it names the variable whose Job name gives the minute --only-at checks)\n")
        let badName = try await WrapperProcess.run(["leap", "--only-at", "* * * * *", "--tz", "UTC", "--scheduled-from", "1JOB",
                                                    "--", "echo bad-name >> \(dir)/ran"])
        #expect(badName.status == 64)
        #expect(badName.stderrText.contains("--scheduled-from 1JOB: must be the name of an environment variable"), "\(badName.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/alone") && !ran().contains("bad-name"))
    }
}
