/// Reads the parts of a TZif file (RFC 8536) that offsets depend on.
///
/// Every number that comes out of the file is checked here, once, against the ranges the rest
/// of `ZoneRules` relies on (`ZoneRules.supportedInstants`, `ZoneRules.supportedOffsets`, type
/// indices, ascending transitions), so that the lookups downstream can use plain arithmetic
/// without ever overflowing. A file that breaks a rule is a `ZoneError` naming the byte.
struct TZifReader {
    struct LocalType {
        var offset: Int64
        var isDST: Bool
    }

    struct Parsed {
        var transitions: [Int64]
        var transitionTypes: [Int]
        var types: [LocalType]
        var footer: PosixTZRule?
    }

    let bytes: [UInt8]
    let zone: String
    var position = 0

    init(bytes: [UInt8], zone: String) {
        self.bytes = bytes
        self.zone = zone
    }

    func fail(_ reason: String, at byte: Int) -> ZoneError { ZoneError(zone: zone, reason: reason, byte: byte) }

    var remaining: Int { bytes.count - position }

    /// `n` more bytes, or a "truncated" error saying what was being read.
    mutating func take(_ n: Int, _ what: @autoclosure () -> String) throws(ZoneError) -> ArraySlice<UInt8> {
        guard n <= remaining else {
            throw fail("the file ends after \(bytes.count) bytes, in the middle of \(what())", at: bytes.count)
        }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    /// A big-endian signed integer of 4 or 8 bytes.
    mutating func int(_ size: Int, _ what: @autoclosure () -> String) throws(ZoneError) -> Int64 {
        var v: UInt64 = 0
        for b in try take(size, what()) { v = v << 8 | UInt64(b) }
        if size == 4 { return Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: v))) }
        return Int64(bitPattern: v)
    }

    struct Header {
        /// 1 for version 0 (the original format), else the digit of the version byte.
        var version: Int
        /// Where the header starts in the file, and what to call it in messages.
        var start: Int
        var name: String
        var isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int

        /// Bytes of the data block that follows the header (RFC 8536 §3.2). The counts are
        /// 32-bit, so the sum fits an Int64 with room to spare.
        func dataLength(timeSize: Int) -> Int {
            timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        }
    }

    static let headerLength = 44

    /// The 44-byte header; checks that the data it announces is there, so that a count
    /// claiming gigabytes fails here, before anything is allocated.
    mutating func header(timeSize: Int) throws(ZoneError) -> Header {
        let start = position
        let which = timeSize == 4 ? "the header" : "the second (64-bit) header"
        guard Array(try take(4, which)) == Array("TZif".utf8) else {
            throw fail(start == 0 ? "not a TZif file (it does not start with \"TZif\")" : "\(which) does not start with \"TZif\"", at: start)
        }
        let versionByte = try take(1, which).first!
        let version: Int
        switch versionByte {
        case 0: version = 1
        case UInt8(ascii: "2")...UInt8(ascii: "9"): version = Int(versionByte - UInt8(ascii: "0"))
        default: throw fail("unknown TZif version byte 0x\(String(versionByte, radix: 16))", at: start + 4)
        }
        _ = try take(15, which)
        var counts: [Int] = []
        for _ in 0..<6 {
            // Unsigned 32-bit: a "negative" count is just a huge one, refused below.
            counts.append(Int(UInt32(truncatingIfNeeded: try int(4, which))))
        }
        let h = Header(version: version, start: start, name: which, isutcnt: counts[0], isstdcnt: counts[1], leapcnt: counts[2],
                       timecnt: counts[3], typecnt: counts[4], charcnt: counts[5])
        let length = h.dataLength(timeSize: timeSize)
        guard length <= remaining else {
            throw fail("\(which) announces \(h.timecnt) transitions, \(h.typecnt) types, \(h.leapcnt) leap seconds and \(h.charcnt) bytes of names (\(length) bytes of data), but only \(remaining) bytes follow", at: start + 20)
        }
        return h
    }

    /// The data block after `h`. Its counts are checked here rather than in `header`: the
    /// 32-bit block of a version 2+ file is skipped unread, as zoneinfo skips it.
    mutating func block(_ h: Header, timeSize: Int) throws(ZoneError) -> Parsed {
        // Transition type indices are single bytes, so 256 types at most; RFC 8536 requires one.
        guard (1...256).contains(h.typecnt) else {
            throw fail("\(h.name) says the file has \(h.typecnt) local time types (must be 1–256)", at: h.start + 36)
        }
        guard h.isutcnt == 0 || h.isutcnt == h.typecnt, h.isstdcnt == 0 || h.isstdcnt == h.typecnt else {
            throw fail("\(h.name) counts \(h.isutcnt) UT and \(h.isstdcnt) standard-time indicators for \(h.typecnt) types (each must be 0 or \(h.typecnt))", at: h.start + 20)
        }
        var transitions: [Int64] = []
        transitions.reserveCapacity(h.timecnt)
        for k in 0..<h.timecnt {
            let at = position
            let t = try int(timeSize, "transition \(k)")
            guard ZoneRules.supportedInstants.contains(t) else {
                throw fail("transition \(k) is at \(t) s, outside the supported range of ±2^59 s around 1970", at: at)
            }
            if let previous = transitions.last, t <= previous {
                throw fail("transition \(k) (\(t) s) is not after transition \(k - 1) (\(previous) s)", at: at)
            }
            transitions.append(t)
        }
        var indices: [Int] = []
        indices.reserveCapacity(h.timecnt)
        for k in 0..<h.timecnt {
            let at = position
            let i = Int(try take(1, "the transition types").first!)
            guard i < h.typecnt else {
                throw fail("transition \(k) has type \(i), but the file defines only \(h.typecnt) types", at: at)
            }
            indices.append(i)
        }
        var types: [LocalType] = []
        for k in 0..<h.typecnt {
            let at = position
            let offset = try int(4, "local time type \(k)")
            guard ZoneRules.supportedOffsets.contains(offset) else {
                throw fail("local time type \(k) has a UTC offset of \(offset) s (must be more than -25 h and less than 26 h)", at: at)
            }
            let dst = try take(1, "local time type \(k)").first!
            guard dst <= 1 else { throw fail("local time type \(k) has a DST flag of \(dst) (must be 0 or 1)", at: at + 4) }
            let name = try take(1, "local time type \(k)").first!
            guard Int(name) < h.charcnt else {
                throw fail("local time type \(k) names its abbreviation at byte \(name) of \(h.charcnt)", at: at + 5)
            }
            types.append(LocalType(offset: offset, isDST: dst == 1))
        }
        // Abbreviations, leap seconds and the indicators do not change offsets; the header
        // already made sure they are there.
        _ = try take(h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt, "the data block")
        return Parsed(transitions: transitions, transitionTypes: indices, types: types, footer: nil)
    }

    /// Version 1 files are read from their 32-bit block; later versions skip it (as zoneinfo
    /// does) and read the 64-bit block and the footer, which RFC 8536 requires.
    mutating func read() throws(ZoneError) -> Parsed {
        let first = try header(timeSize: 4)
        guard first.version >= 2 else { return try block(first, timeSize: 4) }
        _ = try take(first.dataLength(timeSize: 4), "the 32-bit data block")
        let second = try header(timeSize: 8)
        var parsed = try block(second, timeSize: 8)
        parsed.footer = try footer()
        return parsed
    }

    /// `\n<POSIX TZ string>\n`; an empty string means "no rule after the last transition".
    mutating func footer() throws(ZoneError) -> PosixTZRule? {
        let start = position
        guard try take(1, "the footer (the TZ rule after the data)").first == UInt8(ascii: "\n") else {
            throw fail("the footer does not start with a newline", at: start)
        }
        guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else {
            throw fail("the footer has no closing newline (the file is cut short)", at: bytes.count)
        }
        let text = bytes[position..<end]
        guard !text.isEmpty else { return nil }
        do {
            return try PosixTZRule(Array(text))
        } catch {
            let shown = String(decoding: text, as: UTF8.self)
            throw fail("footer TZ rule '\(shown)': \(error.reason)", at: position + error.index)
        }
    }
}
