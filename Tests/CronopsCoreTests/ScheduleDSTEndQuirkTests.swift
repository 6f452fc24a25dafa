import Testing
@testable import CronopsCore

/// Found by the schedule fuzzer, checked against cronsim 2.7 itself: a schedule whose only days
/// are DST-end Sundays in Australia/Lord_Howe (April 1 when it is the first Sunday of April)
/// has no run there within cronsim's horizon, though it runs every few years in UTC. cronops
/// answers as cronsim (and so Healthchecks) does; this pins that, so a change shows up here.
@Suite struct ScheduleDSTEndQuirkTests {
    static let schedule = "*/523 4 */82 4 */7"  // 04:00 on April 1 when it is a Sunday
    static let after: Int64 = 1_790_000_000     // 2026-09-21

    @Test func runsInUTCAndBerlin() throws {
        let s = try CronSchedule.parse(Self.schedule).get()
        // cronsim 2.7: 2029-04-01T04:00, 2035-04-01T04:00, 2040-04-01T04:00 in both.
        #expect(s.next(afterUTC: Self.after, in: .utc, count: 3) == [1_869_710_400, 2_059_012_800, 2_216_865_600])
        let berlin = try TestZones.load("Europe/Berlin")
        #expect(s.next(afterUTC: Self.after, in: berlin, count: 3) == [1_869_703_200, 2_059_005_600, 2_216_858_400])
    }

    @Test func findsNoRunInLordHoweLikeCronsim() throws {
        let s = try CronSchedule.parse(Self.schedule).get()
        #expect(s.next(afterUTC: Self.after, in: try TestZones.load("Australia/Lord_Howe"), count: 3) == [])
    }
}
