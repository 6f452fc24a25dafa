import Testing
@testable import CronopsCore
import CronopsTestSupport

/// Hostile and random schedule text: every input gets an answer (a schedule or a located
/// error), never a crash or a hang; accepted ones describe and evaluate.
@Suite struct ScheduleFuzzTests {
    static let alphabet: [String] = ["0", "1", "2", "5", "7", "9", "15", "31", "59", "60", "*", "/", "-", ",", "L", "W", "#",
                                     "LW", "?", "H", " ", " ", " ", "\t", "\u{A0}", "MON", "fri", "JAN", "dec", "sun", "@",
                                     "@daily", "é", "\u{FF11}", "\u{2003}", "\n", "5L", "1#5", "*/", "00"]

    static let pieces = ["*", "1", "5", "7", "1-5", "*/2", "*/7", "3/4", ",2", "-6", "L", "LW", "5L", "1#2", "MON", "jan", "/3"]

    @Test func randomTextNeverCrashes() throws {
        var rng = SeededRandom(seed: 2026)
        let berlin = try TestZones.load("Europe/Berlin")
        var accepted = 0
        for _ in 0..<20_000 {
            var text = ""
            if Bool.random(using: &rng) {
                for _ in 0..<Int.random(in: 0...14, using: &rng) { text += Self.alphabet.randomElement(using: &rng)! }
            } else {
                // Five fields of one to three pieces each: more of these parse.
                text = (0..<5).map { _ in
                    (0..<Int.random(in: 1...2, using: &rng)).map { _ in
                        (Int.random(in: 0..<5, using: &rng) == 0 ? Self.alphabet : Self.pieces).randomElement(using: &rng)!
                    }.joined()
                }.joined(separator: " ")
            }
            switch CronSchedule.parse(text) {
            case let .success(s):
                accepted += 1
                #expect(!s.describe().isEmpty)
                #expect(s.next(afterUTC: 1_790_000_000, in: berlin, count: 3).count == 3, "\(text.debugDescription)")
            case let .failure(e):
                let count = text.unicodeScalars.count
                #expect(e.offset >= 0 && e.offset + e.length <= max(1, count), "\(text.debugDescription): \(e.offset)+\(e.length)")
                #expect(e.message.count > 10)
            }
        }
        #expect(accepted > 40)
    }

    @Test func hugeInputIsRejectedQuickly() throws {
        let huge = String(repeating: "1,", count: 500_000) + "1 * * * *"
        guard case let .failure(e) = CronSchedule.parse(huge) else {
            Issue.record("accepted")
            return
        }
        #expect(e.message.contains("at most 100"))
        #expect(throws: ScheduleError.self) { try CronSchedule.parse(String(repeating: "* ", count: 100_000)).get() }
        // cronsim takes a step past the field's end as "the first value only".
        #expect(try CronSchedule.parse("*/99999999999999999999999 * * * * ").get().minutes.values == [0])
    }
}
