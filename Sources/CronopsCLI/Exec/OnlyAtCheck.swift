import CronopsCore
import Foundation

/// `--only-at SCHEDULE --tz ZONE` (SPEC §2.6 step 1): whether a run of SCHEDULE, read in ZONE
/// with cronsim's DST rules, starts in the minute that holds `now`. `now` is passed in so tests
/// can fix the clock; the zone comes from the system tz database.
enum OnlyAtCheck {
    static func isDue(schedule: String, zone: String, now: Date,
                      zoneDirectory: String = SystemZones.directory()) -> Result<Bool, OnlyAtProblem> {
        let parsed: CronSchedule
        switch CronSchedule.parse(schedule) {
        case let .success(s): parsed = s
        case let .failure(error):
            return .failure(OnlyAtProblem(message: "--only-at \(ShellQuoting.quote(schedule, argument: true)): at column \(error.offset + 1): \(error.message)"))
        }
        let rules: ZoneRules
        do {
            rules = try SystemZones.load(zone, directory: zoneDirectory)
        } catch {
            return .failure(OnlyAtProblem(message: "--tz \(ShellQuoting.quote(zone, argument: true)): \(error.detail)"))
        }
        return .success(parsed.isDue(atMinuteOf: now, in: rules))
    }
}

struct OnlyAtProblem: Error {
    var message: String
}
