import Testing
@testable import CronopsCore

/// The parsed fields the crontab emitter rewrites from.
@Suite struct ScheduleModelTests {
    @Test func fieldsValuesAndFlags() throws {
        let s = try schedule("5/15\t1-3\u{A0}L,LW,15 JAN/4 7,5L,mon#2")
        #expect(s.expression == "5/15 1-3 L,LW,15 JAN/4 7,5L,mon#2")
        #expect(s.fields.map(\.text) == ["5/15", "1-3", "L,LW,15", "JAN/4", "7,5L,mon#2"])
        #expect(s.fields.map(\.offset) == [0, 5, 9, 17, 23])
        #expect(s.minutes.values == [5, 20, 35, 50])
        #expect(s.hours.values == [1, 2, 3])
        #expect(s.daysOfMonth.values == [15])
        #expect(s.lastDayOfMonth && s.lastWeekdayOfMonth)
        #expect(s.months.values == [1, 5, 9])
        #expect(s.daysOfWeek.values == [0])
        #expect(s.lastWeekdaysOfMonth.values == [5])
        #expect(s.nthWeekdays == [NthWeekday(weekday: 1, n: 2)])
        #expect(s.usesExtensions)
        #expect(!s.combinesDaysWithAnd)
        #expect(s.dstMode == .fixedTime)
    }

    @Test func stepsFromASingleValueRunToTheFieldsEnd() throws {
        #expect(try schedule("0 0 * * MON/2").daysOfWeek.values == [0, 1, 3, 5])
        #expect(try schedule("0 0 * * 7/2").daysOfWeek.values == [0])
        #expect(try schedule("5-5/20 * * * *").minutes.values == [5, 25, 45])
        #expect(try schedule("0 0 L/3 * *").lastDayOfMonth)
        #expect(try schedule("*/25 * * * *").minutes.values == [0, 25, 50])
    }

    @Test func macrosExpand() throws {
        let expected = ["@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
                        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"]
        for (macro, expansion) in expected {
            let s = try schedule("  \(macro) ")
            #expect(s.expression == expansion)
            #expect(s.macro == macro)
            #expect(s.source == "  \(macro) ")
        }
    }

    @Test func descriptions() throws {
        #expect(try schedule("0 1 * * *").describe() == "At 01:00 every day")
        #expect(try schedule("*/5 * * * *").describe() == "Every fifth minute of every hour")
        #expect(try schedule("0 0 LW * 5L").describe() == "At 00:00 on the last weekday of the month and on the last Friday of the month")
        #expect(try schedule("0 0 */2 * MON").describe() == "At 00:00 on every second day of month if it's on Monday")
        #expect(try schedule("0 9-17 * * MON-FRI").describe() == "At minute 0 past every hour from 9 through 17 on Monday through Friday")
    }
}
