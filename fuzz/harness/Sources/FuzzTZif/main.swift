import CronopsCore
import FuzzSupport

/// A TZif file as the system tz database might hold it (or a corrupted one): read it, then ask
/// the questions cronops asks of a zone, over the range of instants schedules are computed in.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTZif(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let zone: ZoneRules
    do {
        zone = try ZoneRules(tzif: fuzzBytes(data, size), name: "Fuzz/Zone")
    } catch {
        fuzzCheck(!error.reason.isEmpty, "empty reason")
        return 0
    }
    // 1900, 1970, 2026, 2100 and 2500 (where the footer's expansion ends), and past it.
    for instant: Int64 in [-2_208_988_800, 0, 1_790_000_000, 4_102_444_800, 16_725_225_600, 32_503_680_000] {
        let offset = zone.offset(atUTC: instant)
        let (wall, fold) = zone.local(fromUTC: instant)
        _ = zone.offset(forLocal: wall, fold: fold)
        _ = zone.isSkipped(local: wall)
        _ = offset
    }
    let transitions = zone.transitions(after: 1_790_000_000, through: 1_790_000_000 + 366 * 86_400)
    fuzzCheck(zip(transitions, transitions.dropFirst()).allSatisfy { $0.utc < $1.utc }, "transitions out of order")
    if case let .success(schedule) = CronSchedule.parse("30 2 * * *") {
        _ = schedule.next(afterUTC: 1_790_000_000, in: zone, count: 3)
    }
    return 0
}
