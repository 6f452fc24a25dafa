import Foundation
import Testing
@testable import CronopsCore

/// Every fixed-offset zone of the system tz database loads and `next` works in it, west of
/// UTC included (issue 15: `Etc/GMT+5`, `EST`, `MST`, `HST` died with "arithmetic overflow").
@Suite struct ZoneFixedOffsetTests {
    /// Zone name and its offset in 2026, seconds east of UTC. `Etc/GMT+5` is five hours
    /// *behind* UTC (POSIX sign convention).
    static let zones: [(String, Int64)] =
        [("Etc/GMT", 0), ("Etc/UTC", 0), ("Etc/UCT", 0), ("Etc/Zulu", 0), ("Etc/Universal", 0), ("Etc/Greenwich", 0), ("UTC", 0),
         ("EST", -5 * 3600), ("MST", -7 * 3600), ("HST", -10 * 3600)]
        + (1...12).map { ("Etc/GMT+\($0)", Int64(-$0 * 3600)) }
        + (1...14).map { ("Etc/GMT-\($0)", Int64($0 * 3600)) }

    @Test func everyFixedOffsetZoneLoadsAndRuns() throws {
        let start = instant("2026-01-01T00:00:00Z")
        let daily = try schedule("0 1 * * *"), quarter = try schedule("*/15 * * * *")
        #expect(iso(start, try SystemTZ.load("Etc/GMT+5")) == "2025-12-31T19:00:00-05:00")
        for (name, offset) in Self.zones {
            let zone = try SystemTZ.load(name)
            #expect(zone.offset(atUTC: start) == offset, "\(name)")
            // Local 01:00 on the first local day whose 01:00 is after the start, then daily.
            let day = Civil.floorDiv(start + offset - 3600, 86_400) + 1
            #expect(daily.next(afterUTC: start, in: zone, count: 3) == (0..<3).map { (day + $0) * 86_400 + 3600 - offset }, "\(name)")
            #expect(quarter.next(afterUTC: start, in: zone, count: 3) == [start + 900, start + 1800, start + 2700], "\(name)")
            if name.hasPrefix("Etc/") {
                // No history at all: one offset at every instant.
                for t in [Int64.min, -(1 << 59), 0, 1 << 59, Int64.max] { #expect(zone.offset(atUTC: t) == offset, "\(name) at \(t)") }
                #expect(zone.transitions(after: Int64.min, through: Int64.max).isEmpty, "\(name)")
            }
        }
    }
}
