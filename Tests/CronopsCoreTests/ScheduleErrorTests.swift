import Testing
@testable import CronopsCore

/// Every class of schedule error, with the characters it must point at marked under the
/// text (`^` for the first, `~` for the rest), and the field its message must name.
@Suite struct ScheduleErrorTests {
    static let cases: [(text: String, marks: String, prefix: String)] = [
        ("", "^", "schedule is empty"),
        ("0 1 * *", "^~~~~~~", "schedule has 4 fields"),
        ("0 0 1 * * *", "          ^", "schedule has 6 fields"),
        ("0 0 1 * * * *", "          ^~~", "schedule has 7 fields"),
        ("@reboot", "^~~~~~~", "@reboot has no run times"),
        ("@DAILY", "^~~~~~", "macros are lower case: write @daily"),
        ("@every5m", "^~~~~~~~", "unknown macro '@every5m'"),
        ("@daily 0", "       ^", "a macro such as @daily stands alone"),
        ("? * * * *", "^", "minute: '?' is not supported"),
        ("0 0 15W * *", "    ^~~", "day-of-month: '15W': nearest-weekday 'W'"),
        ("0 0 L-3 * *", "    ^~~", "day-of-month: 'L-3' is not supported"),
        ("H * * * *", "^", "minute: 'H' (Jenkins hash)"),
        ("*/0 * * * *", "  ^", "minute: step must be 1 or more"),
        ("0 22-2 * * *", "  ^~~~", "hour: range '22-2' runs backwards"),
        ("0 0 * * FRI-MON", "        ^~~~~~~", "day-of-week: range 'FRI-MON' runs backwards"),
        ("60 * * * *", "^~", "minute: '60' is out of range 0–59"),
        ("0 24 * * *", "  ^~", "hour: '24' is out of range 0–23"),
        ("0 0 32 * *", "    ^~", "day-of-month: '32' is out of range 1–31"),
        ("0 0 * 13 *", "      ^~", "month: '13' is out of range 1–12"),
        ("0 0 * * 8", "        ^", "day-of-week: '8' is out of range 0–7"),
        ("1,,2 * * * *", "  ^", "minute: empty item in the list"),
        ("0 0 * * 5L#1", "        ^~~~", "day-of-week: '5L#1' is not valid: 'L'"),
        ("0 0 * * 1#6", "          ^", "day-of-week: '1#6': the n in 'weekday#n' must be 1–5"),
        ("0 0 * MON *", "      ^~~", "month: 'MON' is a day name"),
        ("0 0 * * JAN", "        ^~~", "day-of-week: 'JAN' is a month name"),
        ("0 0 30 2 *", "    ^~", "day-of-month: no selected month has a day 30"),
        ("0 0 30 2 MON", "    ^~", "day-of-month: no selected month has a day 30"),
        ("1 1 */100 * MON#4", "    ^~~~~~~~~~~~~", "day-of-month and day-of-week: no day matches both"),
        ("\u{FF11} * * * *", "^", "minute: '\u{FF11}' is not valid"),
        ("5\u{A0}*\u{2003}*\t* 7x", "        ^~", "day-of-week: '7X' is not valid"),
        ("0 0 1 1 " + Array(repeating: "1", count: 49).joined(separator: ","), "        ^" + String(repeating: "~", count: 96),
         "schedule is 105 characters long; Healthchecks accepts at most 100"),
        ("/5 * * * *", "^~", "minute: '/5': a step needs something to step through"),
        ("0 0 * * sun-", "        ^~~~", "day-of-week: range 'SUN-' is missing its end"),
    ]

    @Test(arguments: cases)
    func errorPointsAtTheTerm(text: String, marks: String, prefix: String) throws {
        guard case let .failure(error) = CronSchedule.parse(text) else {
            Issue.record("'\(text)' was accepted")
            return
        }
        let offset = marks.unicodeScalars.firstIndex(of: "^").map { marks.unicodeScalars.distance(from: marks.unicodeScalars.startIndex, to: $0) } ?? -1
        let length = marks.unicodeScalars.filter { $0 == "^" || $0 == "~" }.count
        #expect(error.message.hasPrefix(prefix), "\(error.message)")
        #expect(error.offset == offset, "\(text.debugDescription): offset \(error.offset), expected \(offset)")
        #expect(error.length == length, "\(text.debugDescription): length \(error.length), expected \(length)")
    }

    /// A backwards range's message suggests what was probably meant, in valid syntax.
    @Test(arguments: [("0 0 * * MON-SUN", ["MON-7", "MON-SAT,SUN"], [0, 1, 2, 3, 4, 5, 6]),
                      ("0 0 * * FRI-MON", ["FRI-SAT,SUN-MON"], [0, 1, 5, 6]),
                      ("0 0 * * 5-1", ["5-7,1"], [0, 1, 5, 6]),
                      ("0 0 * * 6-0", ["6-7"], [0, 6]),
                      ("0 0 * DEC-JAN *", ["DEC,JAN"], [1, 12]),
                      ("0 22-2 * * *", ["22-23,0-2"], [0, 1, 2, 22, 23])])
    func backwardsRangesSuggestAValidRewrite(text: String, suggestions: [String], values: [Int]) throws {
        guard case let .failure(error) = CronSchedule.parse(text) else {
            Issue.record("accepted")
            return
        }
        let field = text.split(separator: " ").firstIndex { $0.contains("-") }!
        for suggestion in suggestions {
            #expect(error.message.contains("'\(suggestion)'"), "\(error.message)")
            var parts = text.split(separator: " ").map(String.init)
            parts[field] = suggestion
            let fixed = try CronSchedule.parse(parts.joined(separator: " ")).get()
            let set = [fixed.minutes, fixed.hours, fixed.daysOfMonth, fixed.months, fixed.daysOfWeek][field]
            #expect(set.values == values, "\(suggestion)")
        }
    }

    @Test func nonASCIIUpperCasingIsNotHonoured() {
        // Python upper-cases 'ſ' (long s) to 'S', so cronsim accepts "ſun"; cronops does not.
        #expect(throws: ScheduleError.self) { try CronSchedule.parse("0 0 * * \u{17F}un").get() }
        #expect((try? CronSchedule.parse("0 0 * * sun").get()) != nil)
        // Names are compared as ASCII, so no other scalars can pass for one.
        #expect(throws: ScheduleError.self) { try CronSchedule.parse("0 0 * H\u{241}N *").get() }
    }
}
