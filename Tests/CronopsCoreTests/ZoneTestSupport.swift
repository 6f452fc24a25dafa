import Foundation
import Testing
@testable import CronopsCore

/// Builds TZif bytes (RFC 8536) field by field, so that a test can break exactly one field.
/// The defaults are a valid version 2 file with one type (UTC) and footer `UTC0`.
struct TZifBytes {
    struct LocalType {
        var offset: Int32
        var dst: UInt8 = 0
        var name: UInt8 = 0
    }

    /// 0 for the original format, else an ASCII digit.
    var version: UInt8 = UInt8(ascii: "2")
    var transitions: [Int64] = []
    var indices: [UInt8] = []
    var types: [LocalType] = [LocalType(offset: 0)]
    var names: [UInt8] = Array("UTC\0".utf8)
    /// The TZ string between the footer's newlines; nil leaves the footer out entirely.
    var footer: String? = "UTC0"
    /// Replaces a count of the (last) header: 0 isutcnt, 1 isstdcnt, 2 leapcnt, 3 timecnt,
    /// 4 typecnt, 5 charcnt.
    var counts: [Int: UInt32] = [:]
    /// The same for the 32-bit header of a version 2+ file (its block stays minimal).
    var v1Counts: [Int: UInt32] = [:]

    var bytes: [UInt8] {
        let v2 = version != 0
        // A v2+ file starts with a minimal v1 block, as zic's "slim" output does.
        var out = v2 ? header(version, [0, 0, 0, 0, 1, 1], v1Counts) + [0, 0, 0, 0, 0, 0] + [0] : []
        out += header(version, [0, 0, 0, UInt32(transitions.count), UInt32(types.count), UInt32(names.count)], counts)
        for t in transitions {
            out += v2 ? Self.bigEndian(UInt64(bitPattern: t), 8) : Self.bigEndian(UInt64(UInt32(truncatingIfNeeded: t)), 4)
        }
        out += indices
        for t in types { out += Self.bigEndian(UInt64(UInt32(bitPattern: t.offset)), 4) + [t.dst, t.name] }
        out += names
        if v2, let footer { out += [10] + Array(footer.utf8) + [10] }
        return out
    }

    private func header(_ version: UInt8, _ counts: [UInt32], _ overrides: [Int: UInt32]) -> [UInt8] {
        var out = Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
        for (i, c) in counts.enumerated() { out += Self.bigEndian(UInt64(overrides[i] ?? c), 4) }
        return out
    }

    static func bigEndian(_ v: UInt64, _ size: Int) -> [UInt8] {
        (0..<size).reversed().map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) }
    }

    /// Parsed, or the ZoneError it raises (anything else fails the test).
    func load(_ name: String = "Test/Zone") -> Result<ZoneRules, ZoneError> {
        Result { () throws(ZoneError) in try ZoneRules(tzif: bytes, name: name) }
    }
}

/// The system tz database the CLI reads (TZDIR as in glibc), for the tests that check the
/// machine's own zone files.
enum SystemTZ {
    static var directory: String {
        ProcessInfo.processInfo.environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        let path = directory + "/" + name
        let data = try #require(FileManager.default.contents(atPath: path), "\(path) is missing: install the tzdata package")
        return [UInt8](data)
    }

    static func load(_ name: String) throws -> ZoneRules { try ZoneRules(tzif: bytes(name), name: name) }
}
