import FoundationEssentials
import Glibc

extension CronSchedule {
    /// The first run strictly after `instant`, in `zone`, as Healthchecks expects it
    /// (cronsim 2.7 with a zone-aware start), or nil when there is none within 50 years.
    ///
    /// Where cronsim would answer with an instant that is not after the start (quirk 1 of
    /// cron-semantics.md §3.3: a fixed-time schedule asked from the second pass of a repeated
    /// hour), that answer is dropped and the following run is taken.
    public func next(after instant: Date, in zone: ZoneRules) -> Date? {
        next(afterUTC: Self.seconds(instant), in: zone).map(Self.date)
    }

    /// The first `count` runs strictly after `instant`, ascending.
    public func next(after instant: Date, in zone: ZoneRules, count: Int) -> [Date] {
        next(afterUTC: Self.seconds(instant), in: zone, count: count).map(Self.date)
    }

    /// Whether a run starts at the minute that holds `instant` (the wrapper's `--only-at`
    /// guard): one evaluator step, no allocation.
    public func isDue(atMinuteOf instant: Date, in zone: ZoneRules) -> Bool {
        let minute = Civil.floorDiv(Self.seconds(instant), 60) * 60
        return next(afterUTC: minute - 1, in: zone) == minute
    }

    /// `next(after:in:)` on seconds since 1970 UTC.
    public func next(afterUTC start: Int64, in zone: ZoneRules) -> Int64? {
        var iterator = CronsimIterator(schedule: self, zone: zone, startUTC: start)
        while let t = iterator.next() {
            if t > start { return t }
        }
        return nil
    }

    /// `next(after:in:count:)` on seconds since 1970 UTC: one walk, each run after the last.
    public func next(afterUTC start: Int64, in zone: ZoneRules, count: Int) -> [Int64] {
        var result: [Int64] = []
        result.reserveCapacity(max(0, min(count, 10_000)))
        var iterator = CronsimIterator(schedule: self, zone: zone, startUTC: start)
        var last = start
        while result.count < count, let t = iterator.next() {
            if t > last {
                result.append(t)
                last = t
            }
        }
        return result
    }

    /// Every run with `from < t ≤ through`.
    public func runs(afterUTC from: Int64, through: Int64, in zone: ZoneRules, limit: Int = 1_000_000) -> [Int64] {
        var result: [Int64] = []
        var iterator = CronsimIterator(schedule: self, zone: zone, startUTC: from)
        var last = from
        while result.count < limit, let t = iterator.next(), t <= through {
            if t > last {
                result.append(t)
                last = t
            }
        }
        return result
    }

    /// Whole seconds, rounded down as cronsim drops microseconds.
    static func seconds(_ date: Date) -> Int64 { Int64(floor(date.timeIntervalSince1970)) }
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}
