/// A duration written in a job file: `90s`, `15m`, `1h30m`, `2d`, `1w`. Whole seconds.
public struct TimeSpan: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }

    public struct ParseError: Error, Equatable, Sendable {
        /// Offset, in characters, of the first character that is wrong.
        public var offset: Int
        public var message: String
    }

    private static let units: [(Character, Int)] = [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// Parses `<number><unit>` groups, largest unit first, each unit at most once.
    public static func parse(_ text: String) -> Result<TimeSpan, ParseError> {
        if let span = parseWellFormed(text) { return .success(span) }
        return parseExplaining(text)
    }

    /// The common case in one pass over the bytes, without building Characters: a valid
    /// duration is ASCII. Nil for anything else, which `parseExplaining` then reports.
    private static func parseWellFormed(_ text: String) -> TimeSpan? {
        text.withUTF8Bytes(parseWellFormed)
    }

    private static func parseWellFormed(_ bytes: UnsafeBufferPointer<UInt8>) -> TimeSpan? {
        var total = 0, value = 0, digits = 0, lastUnitRank = -1
        for byte in bytes {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard value <= 10_000_000 else { return nil }
                continue
            }
            let rank: Int
            switch byte {
            case UInt8(ascii: "w"): rank = 0
            case UInt8(ascii: "d"): rank = 1
            case UInt8(ascii: "h"): rank = 2
            case UInt8(ascii: "m"): rank = 3
            case UInt8(ascii: "s"): rank = 4
            default: return nil
            }
            guard digits > 0, rank > lastUnitRank else { return nil }
            total += value * units[rank].1
            lastUnitRank = rank
            value = 0
            digits = 0
        }
        return digits == 0 && lastUnitRank >= 0 ? TimeSpan(seconds: total) : nil
    }

    /// The same grammar, Character by Character, for text that is not a plain valid
    /// duration: says what is wrong and where.
    private static func parseExplaining(_ text: String) -> Result<TimeSpan, ParseError> {
        let chars = Array(text)
        guard !chars.isEmpty else {
            return .failure(ParseError(offset: 0, message: "empty duration; write e.g. 15m, 1h30m or 2d"))
        }
        var total = 0
        var i = 0
        var lastUnitRank = -1
        while i < chars.count {
            let start = i
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
            if start == i {
                if chars[i] == " " {
                    let joined = String(chars.filter { $0 != " " })
                    return .failure(ParseError(offset: i, message: "durations have no spaces; write \(joined)"))
                }
                if chars[i] == "-" {
                    return .failure(ParseError(offset: i, message: "durations cannot be negative"))
                }
                return .failure(ParseError(offset: i, message: "expected a number, found '\(chars[i])'; write e.g. 15m, 1h30m or 2d"))
            }
            guard let value = Int(String(chars[start..<i])), value <= 10_000_000 else {
                return .failure(ParseError(offset: start, message: "number too large"))
            }
            guard i < chars.count else {
                return .failure(ParseError(offset: i, message: "missing unit after \(value); use s, m, h, d or w (e.g. \(value)s)"))
            }
            guard let rank = units.firstIndex(where: { $0.0 == chars[i] }) else {
                let rest = String(chars[i...]).trimmingLeadingSpaces
                let hint = unitHint(rest).map { "; did you mean \(value)\($0)?" } ?? "; use s, m, h, d or w"
                return .failure(ParseError(offset: i, message: "unknown unit '\(chars[i])'\(hint)"))
            }
            guard rank > lastUnitRank else {
                return .failure(ParseError(offset: i, message: "units must go from largest to smallest, each once (e.g. 1h30m)"))
            }
            lastUnitRank = rank
            total += value * units[rank].1
            i += 1
        }
        return .success(TimeSpan(seconds: total))
    }

    private static func unitHint(_ word: String) -> Character? {
        let w = word.lowercased()
        for (prefix, unit) in [("sec", "s"), ("min", "m"), ("hour", "h"), ("hr", "h"), ("day", "d"), ("week", "w")] as [(String, Character)]
        where w.hasPrefix(prefix) { return unit }
        return nil
    }

    /// The shortest way to write it, e.g. `1h30m`. A negative span (only ever read from a
    /// server, never parsed) gets a sign; its magnitude is unsigned so that Int.min prints too.
    public var description: String {
        if seconds == 0 { return "0s" }
        var rest = seconds.magnitude
        var out = seconds < 0 ? "-" : ""
        for (unit, size) in Self.units where rest >= UInt(size) {
            out += "\(rest / UInt(size))\(unit)"
            rest %= UInt(size)
        }
        return out
    }
}

extension String {
    var trimmingLeadingSpaces: String { String(drop(while: { $0 == " " })) }
}
