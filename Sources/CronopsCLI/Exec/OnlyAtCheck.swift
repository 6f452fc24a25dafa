import CronopsCore
import FoundationEssentials

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

/// `--scheduled-from NAME` (docs/kubernetes.md, "Exact timing"): the minute a Kubernetes
/// CronJob scheduled this run, for `--only-at` to check instead of the clock's. The controller
/// names each Job `<cronjob>-<scheduled minute since 1970>`, and the emitter passes the pod's
/// `batch.kubernetes.io/job-name` label into NAME, so a pod that starts late still runs.
/// A value that does not name a plausible minute (a Job made by hand, an old cluster without
/// the label) leaves the clock's minute, with one line on stderr saying so.
enum ScheduledMinute {
    /// How far the named minute may lie ahead of the clock: the skew between the controller's
    /// clock and the node's.
    static let maxAhead: Double = 60
    /// How far behind: a pod may wait for a node or an image long after the controller made its
    /// Job, but a name older than this is not a scheduled run's (e.g. `kubectl create job
    /// --from=cronjob/x x-1`, or a Job applied again from a stored manifest).
    static let maxAge: Double = 86_400

    enum Reading: Equatable {
        /// The scheduled minute (its first second).
        case minute(Date)
        /// Why the clock's minute is checked instead.
        case clock(reason: String)
    }

    /// What `value` (NAME's value, nil when unset) says, with the clock at `now`.
    static func read(variable: String, value: String?, now: Date) -> Reading {
        let fallback = ": --only-at checks the clock's minute instead"
        guard let value, !value.isEmpty else {
            return .clock(reason: "--scheduled-from: \(variable) is \(value == nil ? "not set" : "empty") (no Kubernetes Job name)\(fallback)")
        }
        let shown = "\(variable)=\(ShellQuoting.quote(value, argument: true))"
        guard let minutes = trailingMinutes(value) else {
            return .clock(reason: "--scheduled-from: \(shown) does not end in -<minutes since 1970> (not a Job the CronJob controller made)\(fallback)")
        }
        let scheduled = Date(timeIntervalSince1970: Double(minutes) * 60)
        let ahead = scheduled.timeIntervalSince(now)
        if ahead > maxAhead {
            return .clock(reason: "--scheduled-from: \(shown) names \(utc(scheduled)), more than a minute after the clock's \(utc(now))\(fallback)")
        }
        if -ahead > maxAge {
            return .clock(reason: "--scheduled-from: \(shown) names \(utc(scheduled)), more than 24 hours before the clock's \(utc(now))\(fallback)")
        }
        return .minute(scheduled)
    }

    /// The digits after the last `-`, by hand (no Foundation on the wrapper's path); nil
    /// without them or with more than 12 (today is 8 digits; 12 reach past any real date).
    static func trailingMinutes(_ name: String) -> Int64? {
        var minutes: Int64 = 0
        var scale: Int64 = 1
        var count = 0
        for byte in name.utf8.reversed() {
            if byte == UInt8(ascii: "-") { return count > 0 ? minutes : nil }
            guard byte >= 0x30, byte <= 0x39, count < 12 else { return nil }
            minutes += Int64(byte - 0x30) * scale
            scale *= 10
            count += 1
        }
        return nil
    }

    /// NAME's value in `environment` (`NAME=VALUE` strings), found by its bytes.
    static func value(of name: String, in environment: [String]) -> String? {
        for entry in environment {
            var utf8 = entry.utf8[...]
            guard utf8.starts(with: name.utf8) else { continue }
            utf8 = utf8.dropFirst(name.utf8.count)
            guard utf8.first == UInt8(ascii: "=") else { continue }
            return String(utf8.dropFirst()) ?? ""
        }
        return nil
    }

    private static func utc(_ date: Date) -> String {
        ScheduleFormat.isoUTC(Int64(date.timeIntervalSince1970.rounded(.down)))
    }
}
