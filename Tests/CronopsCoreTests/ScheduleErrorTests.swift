import CronopsTestSupport
import Testing
@testable import CronopsCore

/// Every class of schedule error, with the characters it must point at marked in the text
/// (`⟨from⟩` before the first, `⟨to⟩` after the last; no `⟨to⟩`: one character), and the
/// field its message must name.
@Suite struct ScheduleErrorTests {
    static let cases: [(marked: String, prefix: String)] = [
        ("⟨from⟩", "schedule is empty"),
        ("⟨from⟩0 1 * *⟨to⟩", "schedule has 4 fields"),
        ("0 0 1 * * ⟨from⟩*", "schedule has 6 fields"),
        ("0 0 1 * * ⟨from⟩* *⟨to⟩", "schedule has 7 fields"),
        ("⟨from⟩@reboot⟨to⟩", "@reboot has no run times"),
        ("⟨from⟩@DAILY⟨to⟩", "macros are lower case: write @daily"),
        ("⟨from⟩@every5m⟨to⟩", "unknown macro '@every5m'"),
        ("@daily ⟨from⟩0", "a macro such as @daily stands alone"),
        ("⟨from⟩? * * * *", "minute: '?' is not supported"),
        ("0 0 ⟨from⟩15W⟨to⟩ * *", "day-of-month: '15W': nearest-weekday 'W'"),
        ("0 0 ⟨from⟩L-3⟨to⟩ * *", "day-of-month: 'L-3' is not supported"),
        ("⟨from⟩H * * * *", "minute: 'H' (Jenkins hash)"),
        ("*/⟨from⟩0 * * * *", "minute: step must be 1 or more"),
        ("0 ⟨from⟩22-2⟨to⟩ * * *", "hour: range '22-2' runs backwards"),
        ("0 0 * * ⟨from⟩FRI-MON⟨to⟩", "day-of-week: range 'FRI-MON' runs backwards"),
        ("⟨from⟩60⟨to⟩ * * * *", "minute: '60' is out of range 0–59"),
        ("0 ⟨from⟩24⟨to⟩ * * *", "hour: '24' is out of range 0–23"),
        ("0 0 ⟨from⟩32⟨to⟩ * *", "day-of-month: '32' is out of range 1–31"),
        ("0 0 * ⟨from⟩13⟨to⟩ *", "month: '13' is out of range 1–12"),
        ("0 0 * * ⟨from⟩8", "day-of-week: '8' is out of range 0–7"),
        ("1,⟨from⟩,2 * * * *", "minute: empty item in the list"),
        ("0 0 * * ⟨from⟩5L#1⟨to⟩", "day-of-week: '5L#1' is not valid: 'L'"),
        ("0 0 * * 1#⟨from⟩6", "day-of-week: '1#6': the n in 'weekday#n' must be 1–5"),
        ("0 0 * ⟨from⟩MON⟨to⟩ *", "month: 'MON' is a day name"),
        ("0 0 * * ⟨from⟩JAN⟨to⟩", "day-of-week: 'JAN' is a month name"),
        ("0 0 ⟨from⟩30⟨to⟩ 2 *", "day-of-month: no selected month has a day 30"),
        ("0 0 ⟨from⟩30⟨to⟩ 2 MON", "day-of-month: no selected month has a day 30"),
        ("1 1 ⟨from⟩*/100 * MON#4⟨to⟩", "day-of-month and day-of-week: no day matches both"),
        ("⟨from⟩\u{FF11} * * * *", "minute: '\u{FF11}' is not valid"),
        ("5\u{A0}*\u{2003}*\t* ⟨from⟩7x⟨to⟩", "day-of-week: '7X' is not valid"),
        ("0 0 1 1 ⟨from⟩" + Array(repeating: "1", count: 49).joined(separator: ",") + "⟨to⟩",
         "schedule is 105 characters long; Healthchecks accepts at most 100"),
        ("⟨from⟩/5⟨to⟩ * * * *", "minute: '/5': a step needs something to step through"),
        ("0 0 * * ⟨from⟩sun-⟨to⟩", "day-of-week: range 'SUN-' is missing its end"),
    ]

    @Test(arguments: cases)
    func errorPointsAtTheTerm(marked: String, prefix: String) throws {
        let schedule = MarkedText(marked)
        let text = schedule.text
        guard case let .failure(error) = CronSchedule.parse(text) else {
            Issue.record("'\(text)' was accepted")
            return
        }
        let offset = try #require(schedule.offset("from"))
        let length = schedule.offset("to").map { $0 - offset } ?? 1
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
