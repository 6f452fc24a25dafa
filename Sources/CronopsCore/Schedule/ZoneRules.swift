/// One zone's offsets from UTC, read from a TZif file of the system tz database.
///
/// Lookups follow CPython's `zoneinfo` to the letter (the `fold` rules of PEP 495, the
/// offset used before the first transition, the POSIX footer after the last), because that
/// is what cronsim's answers are made of. Foundation's `TimeZone` is not used: its data may be
/// ICU's rather than the system's.
public struct ZoneRules: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    /// UTC instants of the transitions: the file's table, then the footer rule's up to
    /// `extendedUntilYear`.
    let utc: [Int64]
    /// Offset (seconds east of UTC) in force from `utc[i]` on.
    let offsets: [Int64]
    /// Wall-clock instants of the transitions for fold 0 (the later reading of each change)
    /// and fold 1 (the earlier one), as zoneinfo computes them.
    let wall0: [Int64]
    let wall1: [Int64]
    /// zoneinfo's `_tti_before`: the offset before the first transition.
    let offsetBeforeFirst: Int64
    let footer: PosixTZRule?
    /// The footer is expanded into the table up to here; later instants are computed per year.
    static let extendedUntilYear = 2500

    /// Instants a zone file may name and lookups work on: ±2^59 s (±18 billion years) is
    /// where zic's "big bang" transition sits, and it leaves room to add any supported
    /// offset, or a year's worth of seconds, without overflowing an Int64. Lookups clamp
    /// their argument into it, so even `Int64.min` gets an answer rather than a trap.
    static let supportedInstants: ClosedRange<Int64> = -(1 << 59)...(1 << 59)
    /// UTC offsets a zone may have: RFC 8536's "more than -25 h and less than 26 h" (real
    /// zones stay within -12 h and +14 h; POSIX TZ strings allow up to 24:59:59 either way).
    static let supportedOffsets: ClosedRange<Int64> = -89_999...93_599

    @inline(__always)
    static func clamped(_ instant: Int64) -> Int64 {
        min(max(instant, supportedInstants.lowerBound), supportedInstants.upperBound)
    }

    /// A wall-clock reading clamped 26 h inside `supportedInstants`, so that the instant it
    /// stands for (wall minus any supported offset) is itself supported and reads back as
    /// the same wall time.
    @inline(__always)
    static func clampedWall(_ wall: Int64) -> Int64 {
        min(max(wall, supportedInstants.lowerBound + 93_600), supportedInstants.upperBound - 93_600)
    }

    public var description: String { name }

    /// UTC, with no transitions.
    public static let utc = ZoneRules(name: "UTC", fixedOffset: 0)

    /// A zone with one offset forever (`Etc/GMT-2`-like).
    /// The offset is held within `supportedOffsets`, like any offset read from a file.
    public init(name: String, fixedOffset unclamped: Int64) {
        let fixedOffset = min(max(unclamped, ZoneRules.supportedOffsets.lowerBound), ZoneRules.supportedOffsets.upperBound)
        self.name = name
        utc = []
        offsets = []
        wall0 = []
        wall1 = []
        offsetBeforeFirst = fixedOffset
        footer = PosixTZRule(standardOffset: fixedOffset, dst: nil)
    }

    /// Parses the bytes of a TZif file (RFC 8536). Version 1 files are read from their 32-bit
    /// block; later versions from the 64-bit block and the footer. `TZifReader` has checked
    /// every instant and offset against `supportedInstants` and `supportedOffsets`, so the
    /// sums below cannot overflow.
    public init(tzif bytes: [UInt8], name: String) throws(ZoneError) {
        self.name = name
        var reader = TZifReader(bytes: bytes, zone: name)
        let parsed = try reader.read()
        var utc = parsed.transitions
        var offsets = parsed.transitionTypes.map { parsed.types[$0].offset }
        // The reader guarantees at least one type.
        var before = parsed.types.first(where: { !$0.isDST })?.offset ?? parsed.types[0].offset
        if let footer = parsed.footer {
            if let last = utc.last {
                if footer.dst != nil {
                    // From the year of the last transition (but not before year 1: nothing
                    // asks about earlier instants, and a transition at -2^59 must not make
                    // this loop run for billions of years) to the end of the expanded table.
                    let firstYear = max(CivilDateTime(localSeconds: last).date.year, 1)
                    if firstYear <= ZoneRules.extendedUntilYear {
                        let years = ZoneRules.extendedUntilYear - firstYear + 1
                        utc.reserveCapacity(utc.count + 2 * years)
                        offsets.reserveCapacity(offsets.count + 2 * years)
                        for year in firstYear...ZoneRules.extendedUntilYear {
                            guard let (first, second) = footer.transitionPair(year: year) else { break }
                            if first.utc > last {
                                utc.append(first.utc)
                                offsets.append(first.offset)
                            }
                            if second.utc > last {
                                utc.append(second.utc)
                                offsets.append(second.offset)
                            }
                        }
                    }
                } else if offsets.last != footer.standardOffset {
                    // A footer without DST whose offset differs from the table's last: zoneinfo
                    // switches to it right after the last transition.
                    utc.append(last + 1)
                    offsets.append(footer.standardOffset)
                }
            } else if footer.dst == nil {
                // No table and a fixed footer (Etc/GMT+5, EST, HST): that offset, always.
                before = footer.standardOffset
            } else {
                for year in 1900...ZoneRules.extendedUntilYear {
                    guard let (first, second) = footer.transitionPair(year: year) else { break }
                    utc.append(first.utc)
                    utc.append(second.utc)
                    offsets.append(first.offset)
                    offsets.append(second.offset)
                }
            }
        }
        offsetBeforeFirst = before
        self.footer = parsed.footer
        self.utc = utc
        self.offsets = offsets
        // zoneinfo's `_ts_to_local`: the first transition is measured against type 0.
        var w0: [Int64] = [], w1: [Int64] = []
        w0.reserveCapacity(utc.count)
        w1.reserveCapacity(utc.count)
        for i in utc.indices {
            let before = i == 0 ? (parsed.types.first?.offset ?? offsets[0]) : offsets[i - 1]
            let after = offsets[i]
            w0.append(utc[i] + max(before, after))
            w1.append(utc[i] + min(before, after))
        }
        wall0 = w0
        wall1 = w1
    }

    public static func == (a: ZoneRules, b: ZoneRules) -> Bool {
        a.name == b.name && a.utc == b.utc && a.offsets == b.offsets && a.offsetBeforeFirst == b.offsetBeforeFirst
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(utc.count)
    }

    // MARK: lookups

    /// Index of the last element ≤ `value` (bisect_right - 1), or -1.
    @inline(__always)
    static func lastIndex(in list: [Int64], notAfter value: Int64) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if list[mid] <= value { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    /// The stretch of UTC time around `instant` with one offset, and where its repeated
    /// wall times end (`foldUntil`: instants before it read with fold = 1).
    struct UTCSpan {
        var lo: Int64
        var hi: Int64
        var offset: Int64
        var foldUntil: Int64
    }

    func utcSpan(_ unclamped: Int64) -> UTCSpan {
        let instant = ZoneRules.clamped(unclamped)
        if footer?.dst != nil, !utc.isEmpty, instant > utc[utc.count - 1] {
            return yearTable(forUTC: instant).utcSpan(instant)
        }
        let i = ZoneRules.lastIndex(in: utc, notAfter: instant)
        if i < 0 {
            return UTCSpan(lo: Int64.min, hi: utc.first ?? Int64.max, offset: offsetBeforeFirst, foldUntil: Int64.min)
        }
        let before = i == 0 ? offsetBeforeFirst : offsets[i - 1]
        let hi = i + 1 < utc.count ? utc[i + 1] : (footer?.dst != nil ? utc[i] + 1 : Int64.max)
        return UTCSpan(lo: utc[i], hi: hi, offset: offsets[i], foldUntil: utc[i] + max(0, before - offsets[i]))
    }

    /// The stretch of wall-clock time around `wall` (read with `fold`) that has one offset.
    struct WallSpan {
        var lo: Int64
        var hi: Int64
        var offset: Int64
    }

    func wallSpan(_ unclamped: Int64, fold: Bool) -> WallSpan {
        let wall = ZoneRules.clampedWall(unclamped)
        let list = fold ? wall1 : wall0
        if footer?.dst != nil, !list.isEmpty, wall > list[list.count - 1] {
            return yearTable(forUTC: wall - offsets[offsets.count - 1]).wallSpan(wall, fold: fold)
        }
        let i = ZoneRules.lastIndex(in: list, notAfter: wall)
        if i < 0 {
            return WallSpan(lo: Int64.min, hi: list.first ?? Int64.max, offset: offsetBeforeFirst)
        }
        let hi = i + 1 < list.count ? list[i + 1] : (footer?.dst != nil ? list[i] + 1 : Int64.max)
        return WallSpan(lo: list[i], hi: hi, offset: offsets[i])
    }

    /// Past the expanded table (after year 2500): a small table of the footer's transitions
    /// around the instant's year.
    func yearTable(forUTC instant: Int64) -> ZoneRules {
        let year = CivilDateTime(localSeconds: instant).date.year
        var utc: [Int64] = [], offsets: [Int64] = []
        for y in (year - 1)...(year + 1) {
            for t in footer!.transitions(year: y) { utc.append(t.utc); offsets.append(t.offset) }
        }
        return ZoneRules(name: name, utc: utc, offsets: offsets, before: footer!.offsetBefore(year: year - 1))
    }

    private init(name: String, utc: [Int64], offsets: [Int64], before: Int64) {
        self.name = name
        self.utc = utc
        self.offsets = offsets
        offsetBeforeFirst = before
        footer = nil
        var w0: [Int64] = [], w1: [Int64] = []
        for i in utc.indices {
            let b = i == 0 ? before : offsets[i - 1]
            w0.append(utc[i] + max(b, offsets[i]))
            w1.append(utc[i] + min(b, offsets[i]))
        }
        wall0 = w0
        wall1 = w1
    }

    /// Offset (seconds east of UTC) in force at a UTC instant (seconds since 1970).
    public func offset(atUTC instant: Int64) -> Int64 { utcSpan(instant).offset }

    /// Python's `utcoffset()` for a wall-clock reading: for a time skipped in spring or
    /// repeated in autumn, fold 0 takes the offset before the change and fold 1 the one after.
    public func offset(forLocal wall: Int64, fold: Bool = false) -> Int64 { wallSpan(wall, fold: fold).offset }

    /// Local reading (seconds since 1970-01-01T00:00 on the wall) and fold of an instant.
    /// Instants beyond `supportedInstants` are read as its nearest end.
    public func local(fromUTC unclamped: Int64) -> (wall: Int64, fold: Bool) {
        let instant = ZoneRules.clamped(unclamped)
        let s = utcSpan(instant)
        return (instant + s.offset, instant < s.foldUntil)
    }

    /// Whether a wall-clock reading never occurs (it lies in a spring-forward gap).
    public func isSkipped(local unclamped: Int64) -> Bool {
        let wall = ZoneRules.clampedWall(unclamped)
        let u = wall - offset(forLocal: wall, fold: false)
        return local(fromUTC: u).wall != wall
    }

    /// Offset changes with `from < instant ≤ to` (both read within `supportedInstants`). The
    /// loop visits each transition once, so its cost is that of the answer.
    public func transitions(after unclampedFrom: Int64, through unclampedTo: Int64) -> [ZoneTransition] {
        let from = ZoneRules.clamped(unclampedFrom), to = ZoneRules.clamped(unclampedTo)
        var result: [ZoneTransition] = []
        var t = from
        while t < to {
            let span = utcSpan(t + 1)
            if span.lo > from, span.lo <= to, span.lo != Int64.min {
                let before = utcSpan(span.lo - 1).offset
                if before != span.offset {
                    result.append(ZoneTransition(utc: span.lo, offsetBefore: before, offsetAfter: span.offset))
                }
            }
            guard span.hi != Int64.max, span.hi > t + 1 else { break }
            t = span.hi - 1
        }
        return result
    }
}

/// A change of a zone's offset.
public struct ZoneTransition: Sendable, Hashable {
    /// Seconds since 1970 UTC.
    public var utc: Int64
    public var offsetBefore: Int64
    public var offsetAfter: Int64
    /// Positive in spring (wall times are skipped), negative in autumn (repeated).
    public var change: Int64 { offsetAfter - offsetBefore }
}

/// A zone that cannot be used: an unknown name, or a zone file that is not what RFC 8536 (or
/// the POSIX TZ string syntax of its footer) allows.
public struct ZoneError: Error, Equatable, Sendable, CustomStringConvertible {
    public var zone: String
    public var reason: String
    /// The byte of the zone file the problem was found at, when the file's content is at fault.
    public var byte: Int?
    /// The zone file's path, added by the code that read it (the core only sees its bytes).
    public var file: String?

    public init(zone: String, reason: String, byte: Int? = nil, file: String? = nil) {
        self.zone = zone
        self.reason = reason
        self.byte = byte
        self.file = file
    }

    /// The problem without the zone's name, for a caller that names the zone itself:
    /// `zone file /usr/share/zoneinfo/X, byte 44: …` for a broken file, else the reason.
    public var detail: String {
        guard let byte else { return reason }
        return "zone file \(file ?? "of time zone '\(zone)'"), byte \(byte): \(reason)"
    }

    public var description: String { byte == nil ? "time zone '\(zone)': \(reason)" : detail }
}
