import CronopsCore
import FuzzSupport

/// The schedule parser on any text, then, for a schedule it accepts, its description and its
/// next runs in UTC and in zones with DST gaps and overlaps (whole-hour and half-hour).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchedule(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
    switch CronSchedule.parse(text) {
    case let .failure(error):
        let count = text.unicodeScalars.count
        fuzzCheck(error.offset >= 0 && error.length >= 0 && error.offset + error.length <= max(1, count),
                  "error span \(error.offset)+\(error.length) outside \(count) scalars")
        fuzzCheck(!error.message.isEmpty, "empty message")
    case let .success(schedule):
        _ = schedule.describe()
        // 1970, now-ish, and the far end of what cron files live to see.
        for start: Int64 in [0, 1_790_000_000, 4_102_444_800] {
            for zone in FuzzZones.all {
                let runs = schedule.next(afterUTC: start, in: zone, count: 3)
                // Accepted means it fires within 50 years in naive (UTC) time, which is what
                // Healthchecks checks; from 2026 no century's missing leap day can stretch a
                // date's cycle past that. Not in a zone: cronsim 2.7 itself finds no run of
                // `*/523 4 */82 4 */7` in Australia/Lord_Howe (whose DST ends on the first
                // Sunday of April), and cronops answers as cronsim does.
                fuzzCheck(start != 1_790_000_000 || zone.name != "UTC" || !runs.isEmpty,
                          "\(text.debugDescription) accepted but never runs in \(zone.name) after \(start)")
                fuzzCheck(zip([start] + runs, runs).allSatisfy { $0 < $1 }, "runs out of order: \(runs) after \(start)")
            }
        }
    }
    return 0
}
