/// How instants are written for people and for JSON: ISO 8601 with the zone's real offset.
public enum ScheduleFormat {
    /// `+02:00`, `-03:30`, `+05:45`; seconds only when the offset has them (old LMT).
    public static func offset(_ seconds: Int64) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let a = Int(abs(seconds))
        var text = sign + Civil.pad(a / 3600, 2) + ":" + Civil.pad(a / 60 % 60, 2)
        if a % 60 != 0 { text += ":" + Civil.pad(a % 60, 2) }
        return text
    }

    /// `2026-03-29T03:00:00+02:00` for the instant `utc` in `zone`.
    public static func iso(_ utc: Int64, in zone: ZoneRules) -> String {
        let offset = zone.offset(atUTC: utc)
        return CivilDateTime(localSeconds: utc + offset).iso + ScheduleFormat.offset(offset)
    }

    /// `2026-03-29T01:00:00Z`
    public static func isoUTC(_ utc: Int64) -> String { CivilDateTime(localSeconds: utc).iso + "Z" }
}
