import Foundation
import Testing
@testable import CronopsCore

/// Zones from the TZif files committed beside the corpus (copied from the system tz database
/// by scripts/generate-cronsim-corpus.py), so the tests do not depend on the machine's tzdata.
enum TestZones {
    static let cache = MemoCache<Result<ZoneRules, ZoneError>>()

    static func load(_ name: String) throws -> ZoneRules {
        try cache.value(for: name) { name in
            guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                return .failure(ZoneError(zone: name, reason: "the test bundle has no Fixtures directory"))
            }
            let path = dir.appendingPathComponent("cronsim/zoneinfo/" + name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(ZoneError(zone: name, reason: "missing \(path): add the zone to scripts/generate-cronsim-corpus.py"))
            }
            return Result { () throws(ZoneError) in try ZoneRules(tzif: [UInt8](data), name: name) }
        }.get()
    }
}

func schedule(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CronSchedule {
    switch CronSchedule.parse(text) {
    case let .success(s): return s
    case let .failure(e):
        Issue.record("'\(text)' rejected: \(e.message)", sourceLocation: sourceLocation)
        throw e
    }
}

/// `2026-03-29T03:00:00+02:00` → seconds since 1970 UTC.
func instant(_ iso: String) -> Int64 {
    let s = Array(iso.utf8)
    func n(_ r: Range<Int>) -> Int { Int(String(decoding: s[r], as: UTF8.self))! }
    let local = CivilDateTime(CivilDate(year: n(0..<4), month: n(5..<7), day: n(8..<10)),
                              hour: n(11..<13), minute: n(14..<16), second: n(17..<19)).localSeconds
    if s.count == 20 { return local } // Z
    let sign: Int64 = s[19] == UInt8(ascii: "-") ? -1 : 1
    return local - sign * Int64(n(20..<22) * 3600 + n(23..<25) * 60)
}

/// Seconds since 1970 UTC → `2026-03-29T03:00:00+02:00` in `zone` (its real offset).
func iso(_ t: Int64, _ zone: ZoneRules) -> String { ScheduleFormat.iso(t, in: zone) }
