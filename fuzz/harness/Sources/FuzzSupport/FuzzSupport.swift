import CronopsCore
import Foundation

/// The bytes libFuzzer hands a harness, copied (the parsers take arrays or strings).
public func fuzzBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// An invariant of a parser's answer. A broken one aborts, which libFuzzer reports as a crash
/// and saves the input for, just like a trap inside the parser.
public func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    guard !condition else { return }
    FileHandle.standardError.write(Data("fuzz invariant broken at \(file):\(line): \(message())\n".utf8))
    abort()
}

/// Zones from the system tz database, read once. Only zones that the TZif harness does not
/// cover are worth having here: the other harnesses need a few real zones with DST (and one
/// with a half-hour DST) to compute `next` in, not every zone.
public enum FuzzZones {
    public static let names = ["UTC", "Europe/Berlin", "America/Santiago", "Australia/Lord_Howe"]

    public static let loaded: [String: ZoneRules] = {
        var zones: [String: ZoneRules] = ["UTC": .utc]
        for name in names where name != "UTC" {
            guard let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + name) else { continue }
            if let rules = try? ZoneRules(tzif: Array(data), name: name) { zones[name] = rules }
        }
        return zones
    }()

    /// In `names` order, the ones this machine has.
    public static var all: [ZoneRules] { names.compactMap { loaded[$0] } }

    public static func lookup(_ name: String) -> ZoneRules? { loaded[name] }
}
