import Testing
@testable import CronopsCore

/// Numbers at and past the limits of Int in durations and schedules: each is refused with a
/// located message or read as cronsim reads it, never an arithmetic trap.
@Suite struct ParserLimitsTests {
    @Test(arguments: [
        ("99999999999999999999w", 0), ("10000001s", 0), ("1w99999999999999999999999d", 2),
        ("9223372036854775807m", 0), ("9223372036854775808s", 0),
    ])
    func hugeDurationsAreRefusedAtTheNumber(_ text: String, _ offset: Int) {
        guard case let .failure(error) = TimeSpan.parse(text) else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(error.offset == offset)
        #expect(error.message == "number too large")
    }

    @Test func theLargestDurationFitsComfortably() throws {
        // Every unit at the 10,000,000 bound at once: far below Int.max.
        let most = try TimeSpan.parse("10000000w10000000d10000000h10000000m10000000s").get()
        #expect(most.seconds == 10_000_000 * (604_800 + 86_400 + 3_600 + 60 + 1))
    }

    @Test func negativeAndExtremeSpansPrint() {
        // Durations from a server (a check's grace or timeout) are printed, not parsed: a
        // negative or absurd one prints as what it is rather than trapping or vanishing.
        #expect(TimeSpan(seconds: -5400).description == "-1h30m")
        #expect(TimeSpan(seconds: Int.min).description == "-15250284452471w3d15h30m8s")
        #expect(TimeSpan(seconds: Int.max).description == "15250284452471w3d15h30m7s")
    }

    @Test(arguments: [
        // cronsim takes a step past the field's end as "the first value only".
        ("5/99999999999999999999 * * * *", [5]), ("59/9223372036854775807 * * * *", [59]),
        ("0-59/9223372036854775807 * * * *", [0]), ("*/9223372036854775807 * * * *", [0]),
    ])
    func hugeStepsSelectTheFirstValue(_ text: String, _ minutes: [Int]) throws {
        #expect(try CronSchedule.parse(text).get().minutes.values == minutes)
    }

    @Test(arguments: ["1#99999999999999999999", "99999999999999999999L", "99999999999999999999", "1-99999999999999999999"])
    func hugeNumbersInFieldsAreOutOfRange(_ dayOfWeek: String) {
        let text = "0 0 * * " + dayOfWeek
        guard case let .failure(error) = CronSchedule.parse(text) else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(error.offset >= 8 && error.offset + error.length <= text.unicodeScalars.count, "\(error)")
    }
}
