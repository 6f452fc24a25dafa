import Foundation
import Testing
@testable import CronopsCore

/// The text helpers that stand in for the part of Foundation cronops does not link
/// (`LiteralSearch`, `FixedPoint`, `trimmingWhiteSpace`): each agrees with what Foundation
/// did where Foundation was right, and sees every scalar where Characters would hide one.
@Suite struct TextEssentialsTests {
    @Test(arguments: [
        ("a'b", "'", "''"), ("$(x) $$", "$", "$$"), ("", "x", "y"), ("xx", "xx", "y"), ("aaa", "aa", "b"),
        ("naïve ümlaut", "ü", "ue"), ("1|2|3", "|", "\\|"), ("no match", "zz", "!"),
    ])
    func replacingEveryAgreesWithFoundationOnPlainText(_ text: String, _ target: String, _ replacement: String) {
        #expect(text.replacingEvery(target, with: replacement) == text.replacingOccurrences(of: target, with: replacement))
    }

    @Test func replacingEverySeesScalarsThatCharactersHide() {
        // A quote followed by a combining accent is one Character, and "\r\n" is one Character:
        // an escaper that compared Characters would leave both unescaped.
        #expect("it'\u{301}s".replacingEvery("'", with: "'\\''") == "it'\\''\u{301}s")
        #expect("a\r\nb".replacingEvery("\n", with: "\\n") == "a\r\\nb")
        #expect("a\r\nb".replacing("\n", with: "\\n") == "a\r\nb", "the standard library's replacing compares Characters")
        #expect("e\u{301}".replacingEvery("\u{301}", with: "") == "e")
    }

    @Test func literalRangeFindsTheFirstOrTheLast() {
        let text = "curl a && curl b && curl c"
        let first = try! #require(text.literalRange(of: " && curl "))
        let last = try! #require(text.literalRange(of: " && curl ", last: true))
        #expect(text[..<first.lowerBound] == "curl a")
        #expect(text[last.upperBound...] == "c")
        #expect(text.literalRange(of: "wget") == nil)
        #expect(text.literalRange(of: "") == nil)
        // In a substring, the indices are the substring's (which are its base's).
        let tail = text.dropFirst(5)
        let inTail = try! #require(tail.literalRange(of: "curl"))
        #expect(text[inTail.upperBound...] == " b && curl c")
        #expect("x'\u{301}y".literalRange(of: "'").map { "x'\u{301}y".unicodeScalars[$0.lowerBound] } == "'")
    }

    @Test(arguments: [0.0, 0.625, 0.125, 2.5, 1.005, 99.99999, 1e21, -0.0004, 123.456789, Double.pi])
    func fixedPointIsWhatPrintfWrites(_ value: Double) {
        for places in [0, 2, 3, 4] {
            #expect(FixedPoint.format(value, places: places) == String(format: "%.\(places)f", value))
        }
    }

    @Test func fixedPointRoundsTheBinaryValueHalfToEven() {
        // 0.625 is exact in binary: printf rounds it to even, not up.
        #expect(FixedPoint.format(0.625, places: 2) == "0.62")
        #expect(FixedPoint.format(0.375, places: 2) == "0.38")
        #expect(FixedPoint.format(1e300, places: 2).count == 304, "longer than the first buffer")
    }

    @Test func trimmingWhiteSpaceTakesUnicodeWhiteSpaceFromBothEnds() {
        #expect("  key\n".trimmingWhiteSpace() == "key")
        #expect("\t\u{00A0}a b\u{2028}".trimmingWhiteSpace() == "a b")
        #expect(" \n\t ".trimmingWhiteSpace() == "")
        #expect("x".trimmingWhiteSpace() == "x")
        for text in ["  12 ", "\r\n3\r\n", " a\u{301} "] {
            #expect(text.trimmingWhiteSpace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
