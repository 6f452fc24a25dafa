/// Reads the parts of a TZif file (RFC 8536) that offsets depend on.
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

    func fail(_ reason: String) -> ZoneError { ZoneError(zone: zone, reason: "not a valid TZif file: \(reason)") }

    mutating func take(_ n: Int) throws(ZoneError) -> ArraySlice<UInt8> {
        guard n >= 0, position + n <= bytes.count else { throw fail("truncated at byte \(position)") }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func int(_ size: Int) throws(ZoneError) -> Int64 {
        let slice = try take(size)
        var v: UInt64 = 0
        for b in slice { v = v << 8 | UInt64(b) }
        if size == 4 { return Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: v))) }
        return Int64(bitPattern: v)
    }

    struct Header {
        var version: UInt8
        var isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int
    }

    mutating func header() throws(ZoneError) -> Header {
        guard Array(try take(4)) == Array("TZif".utf8) else { throw fail("missing TZif magic") }
        let version = try take(1).first!
        _ = try take(15)
        var counts: [Int] = []
        for _ in 0..<6 {
            let c = try int(4)
            guard c >= 0, c < 1_000_000 else { throw fail("implausible count \(c)") }
            counts.append(Int(c))
        }
        return Header(version: version, isutcnt: counts[0], isstdcnt: counts[1], leapcnt: counts[2],
                      timecnt: counts[3], typecnt: counts[4], charcnt: counts[5])
    }

    mutating func block(_ h: Header, timeSize: Int) throws(ZoneError) -> Parsed {
        var transitions: [Int64] = []
        for _ in 0..<h.timecnt { transitions.append(try int(timeSize)) }
        var indices: [Int] = []
        for _ in 0..<h.timecnt {
            let i = Int(try take(1).first!)
            guard i < h.typecnt else { throw fail("transition type \(i) out of range") }
            indices.append(i)
        }
        var types: [LocalType] = []
        for _ in 0..<h.typecnt {
            let offset = try int(4)
            let dst = try take(1).first! != 0
            _ = try take(1)
            types.append(LocalType(offset: offset, isDST: dst))
        }
        _ = try take(h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt)
        return Parsed(transitions: transitions, transitionTypes: indices, types: types, footer: nil)
    }

    mutating func read() throws(ZoneError) -> Parsed {
        let first = try header()
        var parsed = try block(first, timeSize: 4)
        guard first.version >= UInt8(ascii: "2") else { return parsed }
        let second = try header()
        parsed = try block(second, timeSize: 8)
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\n") else { return parsed }
        position += 1
        guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else { throw fail("unterminated footer") }
        let text = String(decoding: bytes[position..<end], as: UTF8.self)
        if !text.isEmpty {
            guard let rule = PosixTZRule.parse(text) else { throw fail("cannot read the TZ rule '\(text)'") }
            parsed.footer = rule
        }
        return parsed
    }
}
