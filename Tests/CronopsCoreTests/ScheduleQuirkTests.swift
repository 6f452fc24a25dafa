import Foundation
import Testing
@testable import CronopsCore

/// The cronsim behaviours cronops had to decide on (cron-semantics.md §3.3) and the DST
/// rules of §3.1, each pinned on a named example.
@Suite struct ScheduleQuirkTests {
    func runs(_ expr: String, _ zone: String, after: String, count: Int = 4) throws -> [String] {
        let z = try TestZones.load(zone)
        return try schedule(expr).next(afterUTC: instant(after), in: z, count: count).map { iso($0, z) }
    }

    /// Quirk 1: cronsim answers 02:50+02:00, 40 minutes before a start in the second pass of
    /// the repeated hour. cronops drops it: `next` is strictly after, and a fixed-time job does
    /// not run twice, so the next run is the following day.
    @Test func quirk1ResultBeforeTheStartIsDropped() throws {
        let zone = try TestZones.load("Europe/Berlin")
        let s = try schedule("50 2 * * *")
        let start = instant("2024-10-27T02:10:00+01:00")
        var raw = CronsimIterator(schedule: s, zone: zone, startUTC: start)
        #expect(raw.next().map { iso($0, zone) } == "2024-10-27T02:50:00+02:00")
        #expect(s.next(afterUTC: start, in: zone).map { iso($0, zone) } == "2024-10-28T02:50:00+01:00")
        #expect(try runs("50 2 * * *", "Europe/Berlin", after: "2024-10-27T02:10:00+01:00", count: 2)
            == ["2024-10-28T02:50:00+01:00", "2024-10-29T02:50:00+01:00"])
    }

    /// Quirk 2: on days whose midnight does not exist (Santiago, Havana, Beirut), wildcard mode
    /// yields local 00:00 anyway; cronops prints the instant it stands for with the real offset.
    @Test func quirk2NonExistentMidnightIsPrintedWithTheRealOffset() throws {
        #expect(try runs("*/30 * 8 9 *", "America/Santiago", after: "2024-09-07T23:50:00-04:00", count: 3)
            == ["2024-09-08T01:00:00-03:00", "2024-09-08T01:30:00-03:00", "2024-09-08T02:00:00-03:00"])
        // Hour 0 does not exist that day, yet one run happens (at 01:00-03:00) and 00:30 is skipped.
        #expect(try runs("*/30 0 8 9 *", "America/Santiago", after: "2024-09-07T12:00:00-04:00", count: 2)
            == ["2024-09-08T01:00:00-03:00", "2025-09-08T00:00:00-03:00"])
        #expect(try runs("0 0 * * *", "America/Havana", after: "2025-03-08T12:00:00-05:00", count: 2)
            == ["2025-03-09T01:00:00-04:00", "2025-03-10T00:00:00-04:00"])
    }

    /// Quirk 3: the same wall time twice in autumn is two instants; compare instants.
    @Test func quirk3RepeatedWallTimesAreDistinctInstants() throws {
        let got = try runs("*/30 * * * *", "Europe/Berlin", after: "2024-10-27T01:50:00+02:00")
        #expect(got == ["2024-10-27T02:00:00+02:00", "2024-10-27T02:30:00+02:00",
                        "2024-10-27T02:00:00+01:00", "2024-10-27T02:30:00+01:00"])
        #expect(Set(got.map { instant($0) }).count == 4)
    }

    @Test func fixedTimeSpringGapRunsOnceAtTheEndOfTheGap() throws {
        #expect(try runs("30 2 * * *", "Europe/Berlin", after: "2026-03-28T12:00:00Z", count: 2)
            == ["2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"])
        #expect(try runs("30 2 * * *", "America/New_York", after: "2026-03-08T00:00:00-05:00", count: 1)
            == ["2026-03-08T03:00:00-04:00"])
        #expect(try runs("0,15,30,45 2 * * *", "Europe/Berlin", after: "2026-03-29T00:00:00+01:00", count: 2)
            == ["2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00"])
        #expect(try runs("0 1-3 * * *", "Antarctica/Troll", after: "2025-03-30T00:00:00Z", count: 2)
            == ["2025-03-30T03:00:00+02:00", "2025-03-31T01:00:00+02:00"])
    }

    @Test func fixedTimeAutumnOverlapRunsOnlyTheFirstPass() throws {
        #expect(try runs("30 2 * * *", "Europe/Berlin", after: "2026-10-25T00:00:00+02:00", count: 2)
            == ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"])
    }

    @Test func wildcardModeSkipsGapsAndRepeatsOverlaps() throws {
        #expect(try runs("0 */2 * * *", "Europe/Berlin", after: "2026-03-28T23:30:00+01:00", count: 2)
            == ["2026-03-29T00:00:00+01:00", "2026-03-29T04:00:00+02:00"])
        // Same minutes, different first character, different behaviour.
        #expect(try runs("*/20 2 * * *", "Europe/Berlin", after: "2026-03-29T00:00:00+01:00", count: 1)
            == ["2026-03-30T02:00:00+02:00"])
        #expect(try runs("0-59/20 2 * * *", "Europe/Berlin", after: "2026-03-29T00:00:00+01:00", count: 1)
            == ["2026-03-29T03:00:00+02:00"])
        #expect(try schedule("5,*/10 2 * * *").dstMode == .fixedTime)
        #expect(try schedule("*/10,5 2 * * *").dstMode == .wildcard)
        #expect(try schedule("@hourly").dstMode == .wildcard)
        #expect(try schedule("@daily").dstMode == .fixedTime)
    }

    @Test func halfAndQuarterHourZones() throws {
        #expect(try runs("15 2 * * *", "Australia/Lord_Howe", after: "2025-10-05T00:00:00+10:30", count: 1)
            == ["2025-10-05T02:30:00+11:00"])
        #expect(try runs("0 3 * * *", "Pacific/Chatham", after: "2025-09-28T00:00:00+12:45", count: 1)
            == ["2025-09-28T03:45:00+13:45"])
        #expect(try runs("0 0 * * *", "Asia/Kathmandu", after: "1985-12-31T12:00:00+05:30", count: 2)
            == ["1986-01-01T00:15:00+05:45", "1986-01-02T00:00:00+05:45"])
    }

    @Test func apiaSkippedDayMovesTheRunToTheNextMidnight() throws {
        #expect(try runs("0 12 * * *", "Pacific/Apia", after: "2011-12-29T13:00:00-10:00", count: 1)
            == ["2011-12-31T00:00:00+14:00"])
    }

    @Test func leapYearsIncluding2100() throws {
        #expect(try runs("0 0 29 2 *", "UTC", after: "2096-03-01T00:00:00Z", count: 1) == ["2104-02-29T00:00:00+00:00"])
        #expect(try runs("0 0 L 2 *", "UTC", after: "2100-01-01T00:00:00Z", count: 1) == ["2100-02-28T00:00:00+00:00"])
        #expect(try runs("0 0 LW * *", "UTC", after: "2026-02-01T00:00:00Z", count: 1) == ["2026-02-27T00:00:00+00:00"])
        #expect(try runs("0 0 LW * *", "UTC", after: "2025-08-01T00:00:00Z", count: 1) == ["2025-08-29T00:00:00+00:00"])
    }

    @Test func dayOfMonthAndDayOfWeekCombineByTheFirstCharacter() throws {
        let s = try schedule("0 0 */2 * MON")
        #expect(s.combinesDaysWithAnd)
        // Odd days that are Mondays only.
        #expect(try runs("0 0 */2 * MON", "UTC", after: "2026-06-01T00:00:00Z", count: 2)
            == ["2026-06-15T00:00:00+00:00", "2026-06-29T00:00:00+00:00"])
        #expect(try !schedule("0 0 1-31/2 * MON").combinesDaysWithAnd)
        #expect(try runs("0 0 1-31/2 * MON", "UTC", after: "2026-06-01T00:00:00Z", count: 3)
            == ["2026-06-03T00:00:00+00:00", "2026-06-05T00:00:00+00:00", "2026-06-07T00:00:00+00:00"])
        #expect(try schedule("0 0 *,1 * MON").combinesDaysWithAnd)
        #expect(try !schedule("0 0 1,* * MON").combinesDaysWithAnd)
    }

    @Test func nextIsStrictlyAfterAndDropsSubseconds() throws {
        let s = try schedule("0 * * * *")
        let ten = instant("2026-01-01T10:00:00Z")
        #expect(s.next(after: Date(timeIntervalSince1970: Double(ten)), in: .utc) == Date(timeIntervalSince1970: Double(ten + 3600)))
        #expect(s.next(after: Date(timeIntervalSince1970: Double(ten) - 0.5), in: .utc) == Date(timeIntervalSince1970: Double(ten)))
        #expect(s.next(after: Date(timeIntervalSince1970: Double(ten)), in: .utc, count: 3).count == 3)
    }

    @Test func isDueAnswersForTheWrappersOnlyAtGuard() throws {
        let berlin = try TestZones.load("Europe/Berlin")
        let fixed = try schedule("30 2 * * *"), wildcard = try schedule("30 * * * *")
        func at(_ s: String) -> Date { Date(timeIntervalSince1970: Double(instant(s)) + 17) }
        #expect(fixed.isDue(atMinuteOf: at("2026-03-29T03:00:00+02:00"), in: berlin))
        #expect(!fixed.isDue(atMinuteOf: at("2026-03-29T03:30:00+02:00"), in: berlin))
        #expect(fixed.isDue(atMinuteOf: at("2026-10-25T02:30:00+02:00"), in: berlin))
        #expect(!fixed.isDue(atMinuteOf: at("2026-10-25T02:30:00+01:00"), in: berlin))
        #expect(wildcard.isDue(atMinuteOf: at("2026-10-25T02:30:00+02:00"), in: berlin))
        #expect(wildcard.isDue(atMinuteOf: at("2026-10-25T02:30:00+01:00"), in: berlin))
        #expect(!wildcard.isDue(atMinuteOf: at("2026-10-25T02:31:00+01:00"), in: berlin))
    }
}
