import Foundation
import Testing
@testable import CronopsCore
import CronopsTestSupport

/// Hand-made hostile zone files and TZ strings: each must be a located `ZoneError` (the byte
/// and what is wrong), never an overflow trap, an out-of-range index or an endless loop; and
/// every file that loads must answer every lookup, even at the ends of Int64.
@Suite struct ZoneHostileFileTests {
    /// The error `file` raises; records an issue when it loads or says something else.
    @discardableResult
    func expectError(_ file: TZifBytes, _ fragment: String, at byte: Int? = nil,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ZoneError? {
        switch file.load() {
        case .success:
            Issue.record("loaded; expected an error containing '\(fragment)'", sourceLocation: sourceLocation)
            return nil
        case let .failure(error):
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix("zone file of time zone 'Test/Zone', byte "), "\(error)", sourceLocation: sourceLocation)
            if let byte { #expect(error.byte == byte, "\(error)", sourceLocation: sourceLocation) }
            return error
        }
    }

    static func fixture(_ path: String) throws -> [UInt8] {
        let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return [UInt8](try Data(contentsOf: dir.appendingPathComponent(path)))
    }

    @Test func theBuilderMakesValidFiles() throws {
        let utc = try TZifBytes().load().get()
        #expect(utc.offset(atUTC: 0) == 0)
        var v1 = TZifBytes(version: 0, transitions: [0, 1_000_000], indices: [1, 0],
                           types: [.init(offset: 3600), .init(offset: 7200, dst: 1)])
        v1.footer = nil
        let rules = try v1.load().get()
        #expect(rules.offset(atUTC: -1) == 3600)
        #expect(rules.offset(atUTC: 500_000) == 7200)
        #expect(rules.offset(atUTC: 2_000_000) == 3600)
    }

    /// The reported bug: no transitions and a footer without DST west of UTC made
    /// `Int64.min + offset` trap.
    @Test(arguments: [("<-05>5", Int64(-18_000)), ("<-12>12", -43_200), ("HST10", -36_000), ("<+14>-14", 50_400), ("UTC0", 0)])
    func fixedOffsetWithoutTransitions(footer: String, offset: Int64) throws {
        let file = TZifBytes(types: [.init(offset: Int32(offset))], names: Array("ZZZ\0".utf8), footer: footer)
        let zone = try file.load().get()
        for t: Int64 in [.min, -(1 << 59) - 1, -1, 0, 1_700_000_000, 1 << 59, .max] {
            #expect(zone.offset(atUTC: t) == offset, "\(t)")
            #expect(zone.offset(forLocal: t, fold: true) == offset, "\(t)")
            #expect(!zone.isSkipped(local: t), "\(t)")
        }
        #expect(zone.transitions(after: Int64.min, through: Int64.max).isEmpty)
        let s = try schedule("0 1 * * *")
        let start = instant("2026-01-01T00:00:00Z")
        let runs = s.next(afterUTC: start, in: zone, count: 3)
        let firstLocalDay = Civil.floorDiv(start + offset - 3600, 86_400) + 1
        #expect(runs == (0..<3).map { (firstLocalDay + $0) * 86_400 + 3600 - offset })
    }

    /// Every prefix of real files (fat and slim, v2 with footer) is an error that points at or
    /// before the cut, never a crash and never a zone that loads with part of its table.
    @Test(arguments: ["cronsim/zoneinfo/Europe/Berlin", "cronsim/zoneinfo/America/Santiago",
                      "cronsim/zoneinfo-slim/Australia/Lord_Howe", "cronsim/zoneinfo/Etc/GMT-14"])
    func everyTruncationIsAnError(path: String) throws {
        let bytes = try Self.fixture(path)
        _ = try ZoneRules(tzif: bytes, name: path)
        var loaded: [Int] = []
        for cut in 0..<bytes.count {
            switch Result(catching: { () throws(ZoneError) in try ZoneRules(tzif: Array(bytes[..<cut]), name: "Cut") }) {
            case .success: loaded.append(cut)
            case let .failure(error):
                #expect(error.byte.map { $0 <= cut } == true, "cut at \(cut): \(error)")
            }
        }
        #expect(loaded.isEmpty, "prefixes that loaded: \(loaded.prefix(10))")
    }

    @Test func countsThatDoNotFitTheFile() {
        // One transition claims 4 GiB of them; the header refuses before reading any.
        expectError(TZifBytes(counts: [3: 0xFFFF_FFFF]), "announces 4294967295 transitions", at: 51 + 20)
        expectError(TZifBytes(counts: [2: 0xFFFF_FFFF]), "4294967295 leap seconds")
        expectError(TZifBytes(counts: [5: 0x7FFF_FFFF]), "2147483647 bytes of names")
        expectError(TZifBytes(counts: [4: 0]), "0 local time types (must be 1–256)", at: 51 + 36)
        expectError(TZifBytes(types: Array(repeating: .init(offset: 0), count: 257)), "257 local time types (must be 1–256)", at: 51 + 36)
        expectError(TZifBytes(counts: [4: 0xFFFF_FFFF]), "4294967295 types, 0 leap seconds and 4 bytes of names (25769803774 bytes of data), but only 16 bytes follow")
        expectError(TZifBytes(counts: [1: 5]), "5 standard-time indicators for 1 types")
        expectError(TZifBytes(counts: [0: 2]), "2 UT and 0 standard-time indicators")
        // The 32-bit block of a v2 file is skipped as zoneinfo skips it: nonsense counts there
        // do not matter as long as the block is really that long...
        let skipped = TZifBytes(v1Counts: [0: 3, 4: 0, 5: 4])
        #expect(skipped.load().map { $0.offset(atUTC: 0) } == .success(0))
        // ...but a length it does not have is still an error.
        expectError(TZifBytes(v1Counts: [3: 0xFFFF_FFFF]), "the header announces 4294967295 transitions", at: 20)
        // A v1 header that announces more than the file has.
        var v1 = TZifBytes(version: 0)
        v1.counts = [3: 1_000_000]
        expectError(v1, "but only", at: 20)
    }

    @Test func transitionsOutOfOrderOrOutOfRange() throws {
        let two: [TZifBytes.LocalType] = [.init(offset: 0), .init(offset: 3600, dst: 1)]
        // The 64-bit block of a v2 file starts at 51 + 44.
        expectError(TZifBytes(transitions: [10, 5], indices: [1, 0], types: two), "transition 1 (5 s) is not after transition 0 (10 s)", at: 95 + 8)
        expectError(TZifBytes(transitions: [5, 5], indices: [1, 0], types: two), "transition 1 (5 s) is not after")
        expectError(TZifBytes(transitions: [Int64.min], indices: [0]), "transition 0 is at -9223372036854775808 s, outside the supported range", at: 95)
        expectError(TZifBytes(transitions: [Int64.max], indices: [0]), "outside the supported range")
        expectError(TZifBytes(transitions: [-(1 << 59) - 1], indices: [0]), "outside the supported range")
        expectError(TZifBytes(transitions: [0, 1], indices: [0, 2], types: two), "transition 1 has type 2, but the file defines only 2 types", at: 95 + 16 + 1)
        expectError(TZifBytes(transitions: [0], indices: [255]), "transition 0 has type 255")
        // The ends of the supported range themselves are fine, and so are lookups beyond them.
        let edges = try TZifBytes(transitions: [-(1 << 59), 1 << 59], indices: [1, 0], types: two, footer: "").load().get()
        // Int64.min is read as -2^59, the first transition itself.
        #expect(edges.offset(atUTC: Int64.min) == 3600)
        #expect(edges.offset(atUTC: 0) == 3600)
        #expect(edges.offset(atUTC: Int64.max) == 0)
        #expect(edges.local(fromUTC: Int64.max).wall == (1 << 59))
        #expect(edges.local(fromUTC: Int64.min).wall == -(1 << 59) + 3600)
    }

    @Test func offsetsNearTheInt32Limits() throws {
        for offset in [Int32.min, Int32.min + 1, -90_000, 93_600, Int32.max] {
            expectError(TZifBytes(types: [.init(offset: offset)], footer: ""), "local time type 0 has a UTC offset of \(offset) s", at: 95)
        }
        for offset: Int32 in [-89_999, 93_599] {
            let zone = try TZifBytes(transitions: [0], indices: [1], types: [.init(offset: 0), .init(offset: offset)], footer: "").load().get()
            #expect(zone.offset(atUTC: Int64.max) == Int64(offset))
            #expect(zone.local(fromUTC: Int64.max).wall == (1 << 59) + Int64(offset))
            #expect(zone.offset(forLocal: Int64.min, fold: false) == 0)
            _ = zone.isSkipped(local: Int64.max)
            #expect(zone.transitions(after: Int64.min, through: Int64.max).map(\.change) == [Int64(offset)])
        }
        expectError(TZifBytes(types: [.init(offset: 0, dst: 2)]), "DST flag of 2", at: 95 + 4)
        expectError(TZifBytes(types: [.init(offset: 0, name: 9)]), "abbreviation at byte 9 of 4", at: 95 + 5)
    }

    @Test func versionMagicAndFooterFraming() {
        expectError(TZifBytes(version: UInt8(ascii: "x")), "unknown TZif version byte 0x78", at: 4)
        var secondMagic = TZifBytes().bytes
        secondMagic[51] = UInt8(ascii: "X")
        switch Result(catching: { () throws(ZoneError) in try ZoneRules(tzif: secondMagic, name: "Z") }) {
        case .success: Issue.record("a second header without magic loaded")
        case let .failure(e): #expect(e.detail.hasSuffix("byte 51: the second (64-bit) header does not start with \"TZif\""))
        }
        let gif = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 60)
        #expect(throws: ZoneError(zone: "Z", reason: "not a TZif file (it does not start with \"TZif\")", byte: 0)) { try ZoneRules(tzif: gif, name: "Z") }
        expectError(TZifBytes(footer: nil), "the file ends after 105 bytes, in the middle of the footer", at: 105)
        let unterminated = TZifBytes().bytes.dropLast()
        #expect(throws: ZoneError(zone: "Z", reason: "the footer has no closing newline (the file is cut short)", byte: unterminated.count)) {
            try ZoneRules(tzif: Array(unterminated), name: "Z")
        }
        var noNewline = TZifBytes().bytes
        noNewline[105] = UInt8(ascii: "x")
        #expect(throws: ZoneError(zone: "Z", reason: "the footer does not start with a newline", byte: 105)) { try ZoneRules(tzif: noNewline, name: "Z") }
    }

    /// Footers that are not POSIX TZ strings, or whose numbers are out of range: the error
    /// names the character, and its byte lies inside the footer (whose text starts at byte 106).
    @Test(arguments: [
        ("CET-1CEST,M13.5.0,M10.5.0/3", "month 13 is out of range (1–12)", 11),
        ("CET-1CEST,M0.5.0,M10.5.0/3", "month 0 is out of range", 11),
        ("CET-1CEST,M3.0.0,M10.5.0/3", "week 0 is out of range (1–5)", 13),
        ("CET-1CEST,M3.6.0,M10.5.0/3", "week 6 is out of range", 13),
        ("CET-1CEST,M3.5.7,M10.5.0/3", "weekday 7 is out of range (0–6)", 15),
        ("CET-1CEST,M3.5,M10.5.0/3", "expected '.' and the weekday", 14),
        ("EST99999999999999999999999999", "hour 99999999999999999999999999 is out of range (0–24)", 3),
        ("EST25", "hour 25 is out of range (0–24)", 3),
        ("EST-24:60", "minute 60 is out of range (0–59)", 7),
        ("EST5:00:99", "second 99 is out of range (0–59)", 8),
        ("EST5EDT-99999999999999999999,M3.2.0,M11.1.0", "hour 99999999999999999999 is out of range", 8),
        ("CET-1CEST,M3.5.0/168,M10.5.0/3", "hour 168 is out of range (0–167)", 17),
        ("CET-1CEST,M3.5.0/-99999999999999999999,M10.5.0/3", "hour 99999999999999999999 is out of range (0–167)", 18),
        ("CET-1CEST,J0,J365", "Julian day 0 is out of range (1–365)", 11),
        ("CET-1CEST,J366,J365", "Julian day 366 is out of range", 11),
        ("CET-1CEST,366,1", "day of the year 366 is out of range (0–365)", 10),
        ("CET-1CEST,M3.5.0", "expected a ',' and the rule for the end of daylight saving time", 16),
        ("CET-1CEST", "expected a ',' and the rule for the start", 9),
        ("CET-1CEST,M3.5.0,M10.5.0/3x", "unexpected text after the end rule", 26),
        ("CET-1CEST,,M10.5.0", "expected the day of the year (a number)", 10),
        ("<+05", "the standard time name opened with '<' is never closed", 0),
        ("X", "expected the standard time name (three or more letters, or <...>)", 0),
        ("-5", "expected the standard time name", 0),
        ("CET-1C", "expected the daylight saving time name", 5),
        ("EST+", "expected the hour (a number)", 4),
    ])
    func badFooters(footer: String, message: String, index: Int) {
        let error = expectError(TZifBytes(footer: footer), "footer TZ rule '\(footer)': at character \(index + 1): \(message)", at: 106 + index)
        if let error { #expect(error.byte.map { (106..<(106 + footer.utf8.count + 1)).contains($0) } == true) }
        #expect(PosixTZRule.parse(footer) == nil)
    }

    /// Rules at the edge of what is allowed load, and every lookup and `next` answers.
    @Test(arguments: [
        "<-24>24:59:59<+24>-24:59:59,J1/-167,J365/167",
        "<+2459>-24:59:59<-2459>24:59:59,M12.5.6/167,M1.1.0/-167",
        "AAA0BBB,0/0,365/0",
        "CET-1CEST,M3.5.0,M10.5.0/3",
    ])
    func extremeRulesAnswerEveryLookup(footer: String) throws {
        let rule = try #require(PosixTZRule.parse(footer))
        for (transitions, indices): ([Int64], [UInt8]) in [([], []), ([-(1 << 59)], [0]), ([0], [0]), ([1 << 59], [0])] {
            let zone = try TZifBytes(transitions: transitions, indices: indices, types: [.init(offset: Int32(rule.standardOffset))], footer: footer).load().get()
            for t in [Int64.min, -(1 << 59), -1, 0, 1_790_000_000, 1 << 59, Int64.max] {
                #expect(ZoneRules.supportedOffsets.contains(zone.offset(atUTC: t)))
                #expect(ZoneRules.supportedOffsets.contains(zone.offset(forLocal: t, fold: true)))
                _ = zone.local(fromUTC: t)
                _ = zone.isSkipped(local: t)
                _ = zone.transitions(after: ZoneRules.clamped(t) - 400 * 86_400, through: t)
            }
            let runs = try schedule("*/30 2 * * *").next(afterUTC: instant("2026-01-01T00:00:00Z"), in: zone, count: 50)
            #expect(runs.count == 50)
            #expect(zip(runs, runs.dropFirst()).allSatisfy { $0 < $1 })
            #expect(try schedule("30 2 * * *").next(afterUTC: instant("2026-01-01T00:00:00Z"), in: zone, count: 400).count == 400)
        }
    }

    /// Seeded random damage to real files (bytes overwritten with 0, 0xFF, 0x80 or anything,
    /// in the headers, the tables or the footer): each result is a ZoneError or a zone that
    /// answers lookups and `next`, never a trap.
    @Test(arguments: ["cronsim/zoneinfo/Europe/Berlin", "cronsim/zoneinfo/America/Santiago", "cronsim/zoneinfo-slim/Australia/Lord_Howe"])
    func randomDamageNeverTraps(path: String) throws {
        let original = try Self.fixture(path)
        var random = SeededRandom(seed: 15)
        let start = instant("2026-01-01T00:00:00Z")
        let schedules = [try schedule("30 2 * * *"), try schedule("*/15 * * * *"), try schedule("0 0 1 1 *")]
        var loaded = 0, refused = 0
        for _ in 0..<1_500 {
            var bytes = original
            for _ in 0...random.below(3) {
                // Half the damage lands in the first 200 bytes (headers and early tables),
                // the rest anywhere, the footer included.
                let i = random.below(2) == 0 ? random.below(min(200, bytes.count)) : random.below(bytes.count)
                bytes[i] = [0, 0xFF, 0x80, UInt8(truncatingIfNeeded: random.next())][random.below(4)]
            }
            guard let zone = try? ZoneRules(tzif: bytes, name: "Damaged") else {
                refused += 1
                continue
            }
            loaded += 1
            for t: Int64 in [.min, -(1 << 59), 0, start, 1 << 59, .max] {
                #expect(ZoneRules.supportedOffsets.contains(zone.offset(atUTC: t)))
                _ = zone.local(fromUTC: t)
                _ = zone.isSkipped(local: t)
            }
            _ = zone.transitions(after: start, through: start + 366 * 86_400)
            for s in schedules { #expect(s.next(afterUTC: start, in: zone, count: 5).count == 5) }
        }
        // Both outcomes occur, so the test exercises both paths.
        #expect(loaded > 50 && refused > 50, "loaded \(loaded), refused \(refused)")
    }

    @Test func aFixedOffsetGivenInCodeIsHeldInRange() {
        for (given, held): (Int64, Int64) in [(.min, -89_999), (.max, 93_599), (-3600, -3600)] {
            let zone = ZoneRules(name: "Fixed", fixedOffset: given)
            #expect(zone.offset(atUTC: .max) == held)
            #expect(zone.local(fromUTC: .min).wall == -(1 << 59) + held)
        }
    }

    @Test func civilTimeAtTheEndsOfInt64() {
        for s in [Int64.min, Int64.min + 1, -1, 0, Int64.max] {
            let c = CivilDateTime(localSeconds: s)
            #expect((0..<24).contains(c.hour) && (0..<60).contains(c.minute) && (0..<60).contains(c.second), "\(s)")
            #expect((1...12).contains(c.date.month) && (1...31).contains(c.date.day), "\(s)")
        }
        #expect(CivilDateTime(localSeconds: -1).iso == "1969-12-31T23:59:59")
        #expect(CivilDateTime(localSeconds: Int64.min).second == 52)
    }
}
