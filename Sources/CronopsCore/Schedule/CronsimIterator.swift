/// cronsim 2.7's `CronSim.__next__`, step for step, over whole seconds.
///
/// The walk is kept exactly as cronsim's (advance month, day, hour, minute, second; restart
/// after every change) because its answers around DST changes depend on the order of the
/// steps: fixed-time mode walks the naive wall clock and repairs skipped times at the end;
/// wildcard mode ticks through real instants, so a day that starts inside a gap yields a
/// wall-clock midnight that never existed (cron-semantics.md §3.3). Speed comes from
/// integer arithmetic and from caching the offset span the walk is in, not from shortcuts.
struct CronsimIterator {
    let zone: ZoneRules
    /// The start carried a zone with transitions and the schedule is in wildcard mode: every
    /// tick goes through UTC.
    let aware: Bool
    /// cronsim's `fixup_tz`: fixed-time mode with a zone.
    let fixed: Bool

    // The schedule as masks.
    let minutes: UInt64
    let singleMinute: Int?
    let hours: UInt64
    let days: UInt64
    let lastDay: Bool
    let lastWeekday: Bool
    let months: UInt64
    let weekdays: UInt64
    let lastWeekdays: UInt64
    /// bit weekday*5 + (n-1)
    let nth: UInt64
    let dayAnd: Bool

    /// Python's `self.dt`: a wall-clock reading, plus its fold when aware.
    var wall: Int64
    var fold: Bool

    // Caches of the offset spans last used.
    var utcSpan = ZoneRules.UTCSpan(lo: 0, hi: 0, offset: 0, foldUntil: 0)
    var wallSpan0 = ZoneRules.WallSpan(lo: 0, hi: 0, offset: 0)
    var wallSpan1 = ZoneRules.WallSpan(lo: 0, hi: 0, offset: 0)
    var cachedDay: Int64 = .min
    var cachedDate = CivilDate(year: 1970, month: 1, day: 1)
    /// The last day number known to satisfy the day fields.
    var matchedDay: Int64 = .min

    /// Starts like `CronSim(expr, start.astimezone(zone))`, or with a naive start when
    /// `naive` (Healthchecks' validation run).
    init(schedule s: CronSchedule, zone: ZoneRules, startUTC: Int64, naive: Bool = false) {
        self.zone = zone
        minutes = s.minutes.bits
        singleMinute = s.minutes.count == 1 ? s.minutes.min : nil
        hours = s.hours.bits
        days = s.daysOfMonth.bits
        lastDay = s.lastDayOfMonth
        lastWeekday = s.lastWeekdayOfMonth
        months = s.months.bits
        weekdays = s.daysOfWeek.bits
        lastWeekdays = s.lastWeekdaysOfMonth.bits
        var nth: UInt64 = 0
        for n in s.nthWeekdays { nth |= 1 << UInt64(n.weekday * 5 + n.n - 1) }
        self.nth = nth
        dayAnd = s.combinesDaysWithAnd
        fixed = !naive && s.dstMode == .fixedTime
        aware = !naive && !fixed && !zone.utc.isEmpty
        if naive {
            wall = startUTC
            fold = false
        } else {
            let span = zone.utcSpan(startUTC)
            wall = startUTC + span.offset
            fold = !fixed && startUTC < span.foldUntil
            utcSpan = span
        }
    }

    // MARK: fields of `wall`

    @inline(__always) var dayNumber: Int64 { Civil.floorDiv(wall, 86_400) }
    @inline(__always) var secondOfDay: Int { Int(wall - dayNumber * 86_400) }
    @inline(__always) var hour: Int { secondOfDay / 3600 }
    @inline(__always) var minute: Int { secondOfDay / 60 % 60 }
    @inline(__always) var second: Int { secondOfDay % 60 }

    @inline(__always) mutating func date() -> CivilDate {
        let d = dayNumber
        if d != cachedDay {
            cachedDay = d
            cachedDate = Civil.date(days: d)
        }
        return cachedDate
    }

    // MARK: time arithmetic

    @inline(__always) mutating func offsetForWall(_ w: Int64, fold f: Bool) -> Int64 {
        if f {
            if w < wallSpan1.lo || w >= wallSpan1.hi { wallSpan1 = zone.wallSpan(w, fold: true) }
            return wallSpan1.offset
        }
        if w < wallSpan0.lo || w >= wallSpan0.hi { wallSpan0 = zone.wallSpan(w, fold: false) }
        return wallSpan0.offset
    }

    @inline(__always) mutating func fromUTC(_ u: Int64) {
        if u < utcSpan.lo || u >= utcSpan.hi { utcSpan = zone.utcSpan(u) }
        wall = u + utcSpan.offset
        fold = u < utcSpan.foldUntil
    }

    /// cronsim's `tick`: forward by `seconds` of real time when aware, of wall time otherwise.
    @inline(__always) mutating func tick(_ seconds: Int64) {
        if aware {
            fromUTC(wall - offsetForWall(wall, fold: fold) + seconds)
        } else {
            wall += seconds
        }
    }

    /// Several `tick`s at once, when no offset change can fall between: then stepping by
    /// `seconds` in one go lands where cronsim's repeated ticks land. False when it cannot
    /// tell, and the caller steps as cronsim does.
    @inline(__always) mutating func tickLinearly(_ seconds: Int64) -> Bool {
        guard aware else {
            wall += seconds
            return true
        }
        let u = wall - offsetForWall(wall, fold: fold)
        // The reading must also be a real one (not inside a gap), or the first tick would
        // jump by the gap as well.
        guard u >= utcSpan.lo, u + seconds < utcSpan.hi, u + utcSpan.offset == wall else { return false }
        fromUTC(u + seconds)
        return true
    }

    /// `datetime.combine(needle, time(), tzinfo=…)`: midnight, fold 0.
    @inline(__always) mutating func setMidnight(_ d: CivilDate) {
        let days = d.daysSinceEpoch
        wall = days * 86_400
        fold = false
        cachedDay = days
        cachedDate = d
    }

    // MARK: matching

    @inline(__always) static func has(_ mask: UInt64, _ v: Int) -> Bool { mask & (1 << UInt64(v)) != 0 }

    func matchDOM(_ d: CivilDate) -> Bool {
        if CronsimIterator.has(days, d.day) { return true }
        if lastWeekday, d.day >= 26, d.day == CronsimIterator.lastWeekday(year: d.year, month: d.month) { return true }
        if lastDay, d.day >= 28, d.day == Civil.daysInMonth(year: d.year, month: d.month) { return true }
        return false
    }

    func matchDOW(_ d: CivilDate) -> Bool {
        let dow = Civil.isoWeekday(days: d.daysSinceEpoch) % 7
        if CronsimIterator.has(weekdays, dow) { return true }
        if CronsimIterator.has(lastWeekdays, dow), d.day + 7 > Civil.daysInMonth(year: d.year, month: d.month) { return true }
        if nth != 0, CronsimIterator.has(nth, dow * 5 + (d.day + 6) / 7 - 1) { return true }
        return false
    }

    @inline(__always) func matchDay(_ d: CivilDate) -> Bool {
        dayAnd ? (matchDOM(d) && matchDOW(d)) : (matchDOM(d) || matchDOW(d))
    }

    static func lastWeekday(year: Int, month: Int) -> Int {
        let last = Civil.daysInMonth(year: year, month: month)
        let dow = Civil.isoWeekday(days: Civil.days(year: year, month: month, day: last))
        return dow == 7 ? last - 2 : dow == 6 ? last - 1 : last
    }

    // MARK: the walk

    mutating func advanceMonth() {
        var d = date()
        guard !CronsimIterator.has(months, d.month) else { return }
        repeat {
            d = d.month == 12 ? CivilDate(year: d.year + 1, month: 1, day: 1) : CivilDate(year: d.year, month: d.month + 1, day: 1)
        } while !CronsimIterator.has(months, d.month)
        setMidnight(d)
    }

    mutating func advanceDay() -> Bool {
        if dayNumber == matchedDay { return false }
        var d = date()
        if matchDay(d) {
            matchedDay = cachedDay
            return false
        }
        repeat {
            d = d.day < Civil.daysInMonth(year: d.year, month: d.month)
                ? CivilDate(year: d.year, month: d.month, day: d.day + 1)
                : (d.month == 12 ? CivilDate(year: d.year + 1, month: 1, day: 1) : CivilDate(year: d.year, month: d.month + 1, day: 1))
            if d.day == 1 { break }
        } while !matchDay(d)
        setMidnight(d)
        return true
    }

    mutating func advanceHour() -> Bool {
        let h = hour
        if CronsimIterator.has(hours, h) { return false }
        wall -= Int64(secondOfDay % 3600)
        let rest = hours >> UInt64(h + 1)
        let target = rest == 0 ? 24 : min(24, h + 1 + rest.trailingZeroBitCount)
        if tickLinearly(Int64(target - h) * 3600) { return true }
        while !CronsimIterator.has(hours, hour) {
            tick(3600)
            if hour == 0 { break }
        }
        return true
    }

    mutating func advanceMinute() -> Bool {
        let m = minute
        if CronsimIterator.has(minutes, m) { return false }
        wall -= Int64(second)
        if let target = singleMinute {
            tick(Int64(((target - m) % 60 + 60) % 60) * 60)
        } else {
            let rest = minutes >> UInt64(m + 1)
            let target = rest == 0 ? 60 : min(60, m + 1 + rest.trailingZeroBitCount)
            if tickLinearly(Int64(target - m) * 60) { return true }
        }
        while !CronsimIterator.has(minutes, minute) {
            tick(60)
            if minute == 0 { break }
        }
        return true
    }

    mutating func advanceSecond() -> Bool {
        let s = second
        if s == 0 { return false }
        tick(Int64(60 - s))
        while second != 0 {
            tick(1)
            if second == 0 { break }
        }
        return true
    }

    mutating func advance() -> Bool {
        let startYear = date().year
        while true {
            advanceMonth()
            if date().year > startYear + 50 { return false }
            if advanceDay() { continue }
            if advanceHour() { continue }
            if advanceMinute() { continue }
            if advanceSecond() { continue }
            return true
        }
    }

    /// The next instant (seconds since 1970 UTC) cronsim would return, or nil where cronsim
    /// raises StopIteration (nothing within 50 years). May lie before the start in fixed-time
    /// mode (quirk 1); `CronSchedule.next` filters that.
    mutating func next() -> Int64? {
        tick(1)
        guard advance() else { return nil }
        if fixed {
            while isImaginary(wall) { wall += 60 }
            return wall - offsetForWall(wall, fold: false)
        }
        if aware { return wall - offsetForWall(wall, fold: fold) }
        return wall - (zone.utc.isEmpty ? zone.offsetBeforeFirst : 0)
    }

    /// cronsim's `is_imaginary` for fold 0: the reading does not survive a round trip.
    @inline(__always) mutating func isImaginary(_ w: Int64) -> Bool {
        let u = w - offsetForWall(w, fold: false)
        if u < utcSpan.lo || u >= utcSpan.hi { utcSpan = zone.utcSpan(u) }
        return u + utcSpan.offset != w
    }
}
