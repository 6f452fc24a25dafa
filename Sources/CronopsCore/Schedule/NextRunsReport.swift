/// What `cronops next` prints, built without I/O so tests can pin it.
public struct NextRunsReport: Sendable {
    public let schedule: CronSchedule
    public let zone: ZoneRules
    /// Seconds since 1970 UTC, ascending, each strictly after the requested instant.
    public let instants: [Int64]
    /// Seconds each run starts after its scheduled instant (a job's jitter on one host), and
    /// the line that says so; 0 and nil for the schedule itself.
    public var startDelay: Int64 = 0
    public var delayNote: String?

    public init(schedule: CronSchedule, zone: ZoneRules, after: Double, count: Int) {
        self.schedule = schedule
        self.zone = zone
        let start = Int64(after.rounded(.down))
        instants = schedule.next(afterUTC: start, in: zone, count: count)
    }

    /// The sentence, then one line per run: local time, offset, UTC, and a remark where DST
    /// moved the run.
    public var text: String { text(sentence: true) }

    public func text(sentence: Bool) -> String {
        var out = sentence ? schedule.describe() + " (\(zone.name)" + (schedule.macro.map { ", \($0) = \(schedule.expression)" } ?? "") + ")\n" : ""
        if let delayNote { out += delayNote + "\n" }
        for scheduled in instants {
            let t = scheduled + startDelay
            let offset = zone.offset(atUTC: t)
            let local = CivilDateTime(localSeconds: t + offset)
            var line = local.date.iso + " " + Civil.pad(local.hour, 2) + ":" + Civil.pad(local.minute, 2) + ":" + Civil.pad(local.second, 2)
                + " " + ScheduleFormat.offset(offset)
            let utc = CivilDateTime(localSeconds: t)
            line += "  " + utc.date.iso + " " + utc.hhmm + ":" + Civil.pad(utc.second, 2) + " UTC"
            if let remark = remark(for: scheduled, local: CivilDateTime(localSeconds: scheduled + zone.offset(atUTC: scheduled))) {
                line += "  (" + remark + ")"
            }
            out += line + "\n"
        }
        return out
    }

    /// A bare JSON array of ISO 8601 instants with the zone's real offset.
    public var json: String {
        instants.isEmpty ? "[]\n" : "[\n" + instants.map { "  " + Escaping.jsonString(ScheduleFormat.iso($0 + startDelay, in: zone)) }.joined(separator: ",\n") + "\n]\n"
    }

    func remark(for t: Int64, local: CivilDateTime) -> String? {
        if !schedule.hours.contains(local.hour) || !schedule.minutes.contains(local.minute) {
            return "its wall time was skipped by the DST change; it runs at the end of the gap"
        }
        if zone.local(fromUTC: t).fold {
            return "second pass of the repeated hour"
        }
        return nil
    }
}
