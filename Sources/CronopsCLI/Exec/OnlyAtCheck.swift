import CronopsCore
import Foundation

/// `--only-at SCHEDULE --tz ZONE` with the schedule engine and the system's zone data.
enum OnlyAtCheck {
    static func isDue(schedule: String, zone: String, now: Date) -> Result<Bool, OnlyAtProblem> {
        .failure(OnlyAtProblem(message: "--only-at is not available in this build (the schedule engine is missing)"))
    }
}

struct OnlyAtProblem: Error {
    var message: String
}
