import Foundation
import Testing
@testable import CronopsCore

@Suite struct ScheduleZoneTests {
    @Test func offsetsFromTheTableAndFromTheFooterRule() throws {
        let berlin = try TestZones.load("Europe/Berlin")
        #expect(berlin.offset(atUTC: instant("2026-07-01T00:00:00Z")) == 7200)
        #expect(berlin.offset(atUTC: instant("2026-01-01T00:00:00Z")) == 3600)
        // Past the file's table (2037): the POSIX footer CET-1CEST,M3.5.0,M10.5.0/3 decides.
        #expect(berlin.offset(atUTC: instant("2100-03-28T00:59:59Z")) == 3600)
        #expect(berlin.offset(atUTC: instant("2100-03-28T01:00:00Z")) == 7200)
        // Past the expanded table (2500): computed per year.
        #expect(berlin.offset(atUTC: instant("2600-07-01T00:00:00Z")) == 7200)
        #expect(berlin.offset(atUTC: instant("2600-12-01T00:00:00Z")) == 3600)
        let sydney = try TestZones.load("Australia/Sydney")
        #expect(sydney.offset(atUTC: instant("2700-01-01T00:00:00Z")) == 39600)
    }

    @Test func foldFollowsPEP495() throws {
        let berlin = try TestZones.load("Europe/Berlin")
        let twoThirty = CivilDateTime(CivilDate(year: 2026, month: 10, day: 25), hour: 2, minute: 30).localSeconds
        #expect(berlin.offset(forLocal: twoThirty, fold: false) == 7200)
        #expect(berlin.offset(forLocal: twoThirty, fold: true) == 3600)
        let spring = CivilDateTime(CivilDate(year: 2026, month: 3, day: 29), hour: 2, minute: 30).localSeconds
        #expect(berlin.isSkipped(local: spring))
        #expect(berlin.offset(forLocal: spring, fold: false) == 3600)
        #expect(berlin.offset(forLocal: spring, fold: true) == 7200)
        #expect(berlin.local(fromUTC: instant("2026-10-25T01:30:00Z")).fold)
        #expect(!berlin.local(fromUTC: instant("2026-10-25T00:30:00Z")).fold)
    }

    @Test func transitionsInARange() throws {
        let t = try TestZones.load("Pacific/Chatham").transitions(after: instant("2026-01-01T00:00:00Z"), through: instant("2027-01-01T00:00:00Z"))
        #expect(t.map(\.change) == [-3600, 3600])
        #expect(t.map { iso($0.utc, try! TestZones.load("Pacific/Chatham")) } == ["2026-04-05T02:45:00+12:45", "2026-09-27T03:45:00+13:45"])
    }

    @Test func posixRules() {
        let rule = PosixTZRule.parse("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0")
        #expect(rule?.standardOffset == 37800)
        #expect(rule?.dst?.offset == 39600)
        #expect(PosixTZRule.parse("EST5EDT,M3.2.0,M11.1.0")?.dst?.start.time == 7200)
        #expect(PosixTZRule.parse("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1")?.dst?.start.time == -7200)
        #expect(PosixTZRule.parse("UTC0")?.dst == nil)
        #expect(PosixTZRule.parse("X") == nil)
        #expect(PosixTZRule.parse("CET-1CEST,M13.5.0,M10.5.0/3") == nil)
    }

    @Test func brokenFilesAreErrorsNotCrashes() throws {
        #expect(throws: ZoneError.self) { try ZoneRules(tzif: [], name: "Empty") }
        #expect(throws: ZoneError.self) { try ZoneRules(tzif: Array("TZif2".utf8) + [UInt8](repeating: 0, count: 10), name: "Short") }
        #expect(throws: ZoneError.self) { try ZoneRules(tzif: Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 60), name: "Image") }
        let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let berlin = try Data(contentsOf: dir.appendingPathComponent("cronsim/zoneinfo/Europe/Berlin"))
        for cut in stride(from: 0, to: berlin.count - 30, by: 97) {
            #expect(throws: ZoneError.self) { try ZoneRules(tzif: [UInt8](berlin.prefix(cut)), name: "Cut") }
        }
    }

    @Test func fixedOffsetAndUTC() throws {
        #expect(ZoneRules.utc.offset(atUTC: 0) == 0)
        let etc = try TestZones.load("Etc/GMT-14")
        #expect(etc.offset(atUTC: 1_000_000_000) == 50400)
        let s = try schedule("0 0 * * *")
        #expect(s.next(afterUTC: instant("2026-01-01T00:00:00Z"), in: etc).map { iso($0, etc) } == "2026-01-02T00:00:00+14:00")
    }

    @Test func instantText() throws {
        let berlin = try TestZones.load("Europe/Berlin")
        #expect(try InstantText.parse("2026-03-29T01:30:00+01:00", in: berlin).get() == Double(instant("2026-03-29T00:30:00Z")))
        #expect(try InstantText.parse("2026-03-29 00:30Z", in: berlin).get() == Double(instant("2026-03-29T00:30:00Z")))
        #expect(try InstantText.parse("2026-03-29T00:30:00.25Z", in: berlin).get() == Double(instant("2026-03-29T00:30:00Z")) + 0.25)
        #expect(try InstantText.parse("2026-03-29", in: berlin).get() == Double(instant("2026-03-28T23:00:00Z")))
        #expect(try InstantText.parse("2026-10-25T02:30", in: berlin).get() == Double(instant("2026-10-25T02:30:00+02:00")))
        #expect(try InstantText.parse("2026-03-29T05:45+0545", in: berlin).get() == Double(instant("2026-03-29T00:00:00Z")))
        for bad in ["2026-02-30", "2026-03-29T25:00Z", "2026-03-29T02:30", "2026-03-29T01:00+1", "now", "2026-03-29T01:00Zulu"] {
            #expect(throws: InstantError.self, "\(bad)") { try InstantText.parse(bad, in: berlin).get() }
        }
    }
}
