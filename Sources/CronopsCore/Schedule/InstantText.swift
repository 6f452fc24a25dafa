import FoundationEssentials

/// Reads the instant given to `cronops next --after`.
///
/// Accepted: ISO 8601 with an offset or `Z` (`2026-03-29T01:30:00+01:00`, `…T00:30Z`, seconds
/// and fractions optional, a space instead of `T` allowed), and — a decision, since SPEC is
/// silent — a time without offset, or a bare date, read as wall-clock time in the schedule's
/// zone. A wall time repeated in autumn means its first occurrence; one skipped in spring is
/// an error, since no instant has it.
public enum InstantText {
    /// An instant as servers and the test hooks write it (with `Z` or an offset; a time without
    /// one is read in UTC), or nil when it is not one.
    public static func date(utc text: String) -> Date? {
        guard case let .success(seconds) = parse(text, in: .utc) else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    public static func parse(_ text: String, in zone: ZoneRules) -> Result<Double, InstantError> {
        let s = Array(text.trimmingSpaces.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= s.count, s[i..<(i + n)].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            defer { i += n }
            return Int(String(decoding: s[i..<(i + n)], as: UTF8.self))
        }
        func take(_ c: Character) -> Bool {
            if i < s.count, s[i] == c.asciiValue! { i += 1; return true }
            return false
        }
        let usage = "expected ISO 8601 such as 2026-03-29T01:30:00+01:00, 2026-03-29T00:30:00Z or 2026-03-29T01:30 (local time in the zone)"
        guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2),
              (1...12).contains(month), (1...Civil.daysInMonth(year: year, month: month)).contains(day)
        else { return .failure(InstantError(message: "'\(text)' is not a date and time: \(usage)")) }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        if take("T") || take(" ") {
            guard let h = digits(2), take(":"), let m = digits(2), h < 24, m < 60 else {
                return .failure(InstantError(message: "'\(text)' has no valid time of day: \(usage)"))
            }
            hour = h
            minute = m
            if take(":") {
                guard let sec = digits(2), sec < 60 else { return .failure(InstantError(message: "'\(text)': bad seconds; \(usage)")) }
                second = sec
                if take(".") || take(",") {
                    let begin = i
                    while i < s.count, s[i] >= 0x30 && s[i] <= 0x39 { i += 1 }
                    fraction = Double("0." + String(decoding: s[begin..<i], as: UTF8.self)) ?? 0
                }
            }
        }
        let wall = CivilDateTime(CivilDate(year: year, month: month, day: day), hour: hour, minute: minute, second: second).localSeconds
        if i == s.count {
            if zone.isSkipped(local: wall) {
                let guess = wall - zone.offset(forLocal: wall, fold: false)
                return .failure(InstantError(message: "\(CivilDateTime(localSeconds: wall).iso) does not exist in \(zone.name) (the clocks skip it); give the instant with an offset, such as \(ScheduleFormat.iso(guess, in: zone))"))
            }
            return .success(Double(wall - zone.offset(forLocal: wall, fold: false)) + fraction)
        }
        if take("Z") || take("z") {
            guard i == s.count else { return .failure(InstantError(message: "'\(text)': unexpected text after Z")) }
            return .success(Double(wall) + fraction)
        }
        let sign: Int
        if take("+") { sign = 1 } else if take("-") { sign = -1 } else {
            return .failure(InstantError(message: "'\(text)': unexpected text after the time: \(usage)"))
        }
        guard let oh = digits(2) else { return .failure(InstantError(message: "'\(text)': bad offset; \(usage)")) }
        _ = take(":")
        let om = digits(2) ?? 0
        guard i == s.count, oh < 24, om < 60 else { return .failure(InstantError(message: "'\(text)': bad offset; \(usage)")) }
        return .success(Double(wall - Int64(sign * (oh * 3600 + om * 60))) + fraction)
    }
}

public struct InstantError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
