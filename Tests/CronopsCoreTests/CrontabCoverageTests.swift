import Foundation
import Testing
@testable import CronopsCore

/// The guarded lines must wake the wrapper at every instant the schedule is due in the job's
/// zone (cronsim, DST included); `--only-at` then runs the job exactly then. Checked with the
/// schedule engine over two whole years.
@Suite struct CrontabCoverageTests {
    typealias S = CrontabSample

    static let from: Int64 = 1_767_225_600 // 2026-01-01T00:00Z
    static let through: Int64 = 1_830_297_600 // 2028-01-01T00:00Z

    static let cases: [(schedule: String, zone: String)] = [
        ("30 2 * * *", "Europe/Berlin"),          // spring gap: runs at 03:00
        ("0,15,30,45 2 * * *", "Europe/Berlin"),  // several skipped runs collapse into one
        ("*/20 2 * * *", "Europe/Berlin"),        // wildcard: skipped, and twice in autumn
        ("0 * * * *", "Europe/Berlin"),
        ("0 0 L * *", "Europe/Berlin"),
        ("15 3 * * 5L", "Europe/Berlin"),
        ("0 9 * * *", "Asia/Kathmandu"),
        ("*/7 * * * *", "Asia/Kathmandu"),
        ("45 23 LW * *", "Asia/Kathmandu"),
        ("15 2 * * *", "Australia/Lord_Howe"),    // half-hour gap: runs at 02:30
        ("0,30 1-2 * * *", "Australia/Lord_Howe"),
        ("45 1 * * MON#1", "Australia/Lord_Howe"),
        ("*/30 0 * 9 *", "America/Santiago"),     // local midnight that does not exist
        ("0 12 * * *", "Pacific/Chatham"),        // +12:45 / +13:45
    ]

    static func candidateSchedules(_ fragment: CrontabFragment) throws -> [CronSchedule] {
        try S.jobLines(fragment.text).map { line in
            try CronSchedule.parse(line.split(separator: " ").prefix(5).joined(separator: " ")).get()
        }
    }

    @Test(arguments: ["UTC", "Europe/Berlin", "America/New_York"])
    func candidateLinesCoverEveryDueInstant(hostZone: String) throws {
        let host = try #require(CrontabTestZones.rules(hostZone))
        for (schedule, zone) in Self.cases {
            let job = S.job("j", schedule, zone: zone)
            let fragment = S.fragment(S.spec(jobs: [job], hosts: [S.host(zone: hostZone)]))
            try DebianCrontabCheck.expectAccepted(fragment)
            let lines = S.jobLines(fragment.text)
            let guarded = hostZone != zone || job.schedule.usesExtensions
            #expect(lines.allSatisfy { $0.contains("--only-at '\(schedule)' --tz \(zone) ") == guarded }, "\(lines)")
            let candidates = try Self.candidateSchedules(fragment)
            let jobZone = try #require(CrontabTestZones.rules(zone))
            let due = job.schedule.runs(afterUTC: Self.from, through: Self.through, in: jobZone)
            #expect(due.count > 20, "\(schedule) in \(zone)")
            let missed = due.filter { instant in
                !candidates.contains { $0.isDue(atMinuteOf: Date(timeIntervalSince1970: TimeInterval(instant)), in: host) }
            }
            #expect(missed.isEmpty, "\(schedule) in \(zone) on a \(hostZone) host: never woken at \(missed.prefix(3).map { ScheduleFormat.iso($0, in: jobZone) }); lines: \(lines)")
        }
    }

    /// The wake-ups stay narrow: a daily job in a fixed-offset zone wakes the wrapper once a day.
    @Test func candidatesStayFew() throws {
        let fragment = S.fragment(S.spec(jobs: [S.job("j", "0 9 * * *", zone: "Asia/Kathmandu")]))
        let candidates = try Self.candidateSchedules(fragment)
        let wakeUps = candidates.flatMap { $0.runs(afterUTC: Self.from, through: Self.from + 86_400 * 7, in: .utc) }
        #expect(wakeUps.count == 7)
    }
}
