/// A schedule as Healthchecks (cronsim 2.7) understands it.
///
/// SEAM: until the schedule engine lands this checks shape only (five fields or a lower-case
/// macro). The engine replaces this file, keeping `parse`, `source`, `expression` and
/// `ScheduleError`, which the loader and later stages rely on.
import Foundation

public struct CronSchedule: Sendable, Hashable {
    /// As written in the job file.
    public let source: String
    /// Five fields, macros expanded, one space between fields: what the monitor is sent.
    public let expression: String

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    public static func parse(_ text: String) -> Result<CronSchedule, ScheduleError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("@") {
            guard let expanded = macros[trimmed] else {
                return .failure(ScheduleError(offset: 0, length: text.count, message: "unknown macro '\(trimmed)'"))
            }
            return .success(CronSchedule(source: text, expression: expanded))
        }
        let fields = trimmed.split(whereSeparator: { $0.isWhitespace })
        guard fields.count == 5 else {
            return .failure(ScheduleError(offset: 0, length: text.count,
                                          message: "expected 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)"))
        }
        return .success(CronSchedule(source: text, expression: fields.joined(separator: " ")))
    }
}

/// Why a schedule is rejected, pointing at the offending term.
public struct ScheduleError: Error, Equatable, Sendable {
    /// Offset in characters from the start of the schedule text.
    public var offset: Int
    /// How many characters the caret should cover (at least 1).
    public var length: Int
    public var message: String

    public init(offset: Int, length: Int, message: String) {
        self.offset = offset
        self.length = max(1, length)
        self.message = message
    }
}
