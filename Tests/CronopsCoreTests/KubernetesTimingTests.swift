import Foundation
import Testing
@testable import CronopsCore

/// The CronJob a job gets fires at exactly cronsim's instants (native), or at a superset of
/// them with `--only-at` on the wrapper (guarded), over two years, by robfig/cron's own
/// answers: Fixtures/robfig/corpus.json holds robfig v3.0.1's instants (count and a hash
/// over each case's windows) for every schedule and zone of the cronsim corpus (dst, extensions) and
/// for every schedule the emitter writes for them.
@Suite struct KubernetesTimingTests {
    struct Corpus: Decodable {
        var robfig: String
        var from: Int64
        var to: Int64
        var cases: [Case]
    }

    struct Case: Decodable {
        var schedule: String
        var zone: String
        var error: String?
        var windows: [[Int64]]?
        var count: Int?
        var hash: String?
        var first: [Int64]?
    }

    struct JobCase: Decodable {
        var expr: String
        var tz: String?
    }

    struct JobCorpus: Decodable { var cases: [JobCase] }

    static let corpus: (Corpus, [String: Case]) = {
        let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        let corpus = try! JSONDecoder().decode(Corpus.self, from: Data(contentsOf: dir.appendingPathComponent("robfig/corpus.json")))
        return (corpus, Dictionary(corpus.cases.map { ("\($0.zone) \($0.schedule)", $0) }, uniquingKeysWith: { a, _ in a }))
    }()

    /// Every (schedule, zone) of the cronsim corpus files the robfig corpus was built from.
    static func jobCases(_ file: String) throws -> [(String, String)] {
        let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let corpus = try JSONDecoder().decode(JobCorpus.self, from: Data(contentsOf: dir.appendingPathComponent("cronsim/\(file).json")))
        var seen = Set<String>()
        return corpus.cases.compactMap { c in
            guard let tz = c.tz, seen.insert("\(tz) \(c.expr)").inserted else { return nil }
            return (c.expr, tz)
        }
    }

    /// cronsim's instants of `schedule` in `zone` in each window (strictly after its start,
    /// before its end), in order.
    static func instants(_ schedule: CronSchedule, _ zone: ZoneRules, windows: [[Int64]]) -> [Int64] {
        var out: [Int64] = []
        for window in windows {
            var iterator = CronsimIterator(schedule: schedule, zone: zone, startUTC: window[0])
            while let t = iterator.next(), t < window[1] { out.append(t) }
        }
        return out
    }

    /// FNV-1a over the instants, as the corpus hashes robfig's.
    /// The corpus's rule for a schedule robfig cannot parse (so the corpus has no windows for
    /// it): the whole two years when cronsim fires at most 10,000 times in them, else the
    /// first day, a day centred on each offset change and three hours from each month's
    /// first instant.
    static func windows(_ schedule: CronSchedule, _ zone: ZoneRules, from: Int64, to: Int64) -> [[Int64]] {
        var iterator = CronsimIterator(schedule: schedule, zone: zone, startUTC: from)
        var count = 0
        while let t = iterator.next(), t < to {
            count += 1
            if count > 10_000 { break }
        }
        if count <= 10_000 { return [[from, to]] }
        var out: [[Int64]] = [[from, from + 86_400]]
        for transition in zone.transitions(after: from, through: to - 1) {
            out.append([max(transition.utc - 43_200, out.last![1]), transition.utc + 43_200])
        }
        var month = CivilDate(daysSinceEpoch: from / 86_400)
        while true {
            let start = CivilDateTime(month, hour: 0, minute: 0, second: 0).localSeconds
            guard start < to else { break }
            month = month.month == 12 ? CivilDate(year: month.year + 1, month: 1, day: 1) : CivilDate(year: month.year, month: month.month + 1, day: 1)
            let end = CivilDateTime(month, hour: 0, minute: 0, second: 0).localSeconds
            var first = CronsimIterator(schedule: schedule, zone: zone, startUTC: start - 1)
            if let t = first.next(), t < end, t < to { out.append([t - 1, min(t - 1 + 10_800, to)]) }
        }
        out.sort { $0[0] < $1[0] }
        var merged: [[Int64]] = []
        for window in out {
            if let last = merged.last, window[0] <= last[1] { merged[merged.count - 1][1] = max(last[1], window[1]) } else { merged.append(window) }
        }
        return merged
    }

    static func hash(_ instants: [Int64]) -> String {
        var h: UInt64 = 14_695_981_039_346_656_037
        for t in instants { h = (h ^ UInt64(bitPattern: t)) &* 1_099_511_628_211 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// What robfig says for (schedule, zone) equals cronsim's reading of `reading` in `zone`.
    static func robfigAgrees(_ entry: Case, with reading: CronSchedule, in zone: ZoneRules) -> Bool {
        guard entry.error == nil, let windows = entry.windows else { return false }
        let ours = instants(reading, zone, windows: windows)
        return ours.count == entry.count && hash(ours) == entry.hash
    }

    @Test(arguments: ["dst", "extensions"])
    func emittedCronJobsFireAtCronsimsInstantsOrASupersetWithTheGuard(file: String) throws {
        let (corpus, entries) = Self.corpus
        #expect(corpus.robfig.hasSuffix("v3.0.1"))
        let cases = try Self.jobCases(file)
        #expect(cases.count > 300)
        let utc = ZoneRules.utc
        var failures: [String] = []
        var native = 0, guarded = 0, robfigDiffers = 0, guardedThoughEqual = 0
        for (expression, zoneName) in cases {
            let schedule = try CronopsCoreTests.schedule(expression)
            let zone = try TestZones.load(zoneName)
            let emitted = try #require(KubernetesSchedule.make(schedule: schedule, zone: zoneName, rules: zone, window: CrontabOptions.defaultZoneWindow))
            let job = try #require(entries["\(zoneName) \(expression)"], "\(expression) in \(zoneName) is not in the robfig corpus")
            let jobWindows = job.windows ?? Self.windows(schedule, zone, from: corpus.from, to: corpus.to)
            let equalAsWritten = Self.robfigAgrees(job, with: schedule, in: zone)
            if !equalAsWritten { robfigDiffers += 1 }
            guard let entry = entries["\(emitted.timeZone) \(emitted.schedule)"] else {
                failures.append("emitted \(emitted) for \(expression.debugDescription) in \(zoneName) is not in the robfig corpus")
                continue
            }
            switch emitted {
            case .native(let text, _):
                native += 1
                // robfig's instants of what is written are cronsim's of the job's schedule.
                if !Self.robfigAgrees(entry, with: schedule, in: zone) {
                    failures.append("native \(text.debugDescription) in \(zoneName) for \(expression.debugDescription): robfig \(entry.error ?? "first \(entry.first ?? []), \(entry.count ?? 0) instants") differs from cronsim")
                }
            case .guarded(let text, _):
                guarded += 1
                if equalAsWritten { guardedThoughEqual += 1 }
                // robfig reads the emitted UTC schedule as cronsim does (checked over its own
                // windows), so cronsim's reading stands for robfig's over the job's windows.
                let reading = try CronopsCoreTests.schedule(text)
                guard Self.robfigAgrees(entry, with: reading, in: utc) else {
                    failures.append("guarded \(text.debugDescription) in Etc/UTC: robfig \(entry.error ?? "") differs from cronsim's reading")
                    continue
                }
                // Every instant cronsim has the job due at, the guarded schedule fires at.
                let due = Self.instants(schedule, zone, windows: jobWindows)
                if let missed = due.first(where: { t in
                    var iterator = CronsimIterator(schedule: reading, zone: utc, startUTC: t - 1)
                    return iterator.next() != t
                }) {
                    failures.append("guarded \(text.debugDescription) for \(expression.debugDescription) in \(zoneName) never fires at \(iso(missed, zone))")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count):\n\(failures.prefix(12).joined(separator: "\n"))")
        // Both kinds occur, and the corpus holds schedules robfig reads differently.
        #expect(native > 50 && guarded > 50 && robfigDiffers > 50)
        print("\(file): \(cases.count) schedules and zones; \(native) native, \(guarded) guarded (\(guardedThoughEqual) of them where robfig would have agreed); robfig differs from cronsim on \(robfigDiffers) as written")
    }

    /// The corpus shows what the guard is for: robfig's own reading of schedules cronsim reads
    /// otherwise (a stepped star in a day field, DST, day of week 7, L).
    @Test func robfigDiffersFromCronsimWhereTheEmitterGuards() throws {
        let (_, entries) = Self.corpus
        // `*/2` in day of month: cronsim ANDs it with the weekday (first character `*`), robfig ORs.
        let stepped = try #require(entries["Europe/Berlin 0 0 */2 * MON"])
        #expect(!Self.robfigAgrees(stepped, with: try CronopsCoreTests.schedule("0 0 */2 * MON"), in: try TestZones.load("Europe/Berlin")))
        #expect(entries["America/New_York 0 0 L * *"]?.error != nil, "robfig has no L")
        // 02:30 every day in Berlin: cronsim runs it at 03:00 on the day the clocks skip 02:30.
        let gap = try #require(entries["Europe/Berlin 30 2 * * *"])
        #expect(!Self.robfigAgrees(gap, with: try CronopsCoreTests.schedule("30 2 * * *"), in: try TestZones.load("Europe/Berlin")))
    }
}

/// The native/guarded decision, case by case, with the reason a guarded CronJob carries.
@Suite struct KubernetesScheduleTests {
    static func make(_ expression: String, _ zone: String) throws -> KubernetesSchedule {
        try #require(KubernetesSchedule.make(schedule: try schedule(expression), zone: zone, rules: try TestZones.load(zone),
                                             window: CrontabOptions.defaultZoneWindow))
    }

    @Test func nativeWhereRobfigReadsTheScheduleAsCronsimDoes() throws {
        #expect(try Self.make("0 6 * * MON-FRI", "America/New_York") == .native(schedule: "0 6 * * 1-5", timeZone: "America/New_York"))
        // Day of week 7 (robfig knows 0-6) becomes the plain list; names become numbers.
        #expect(try Self.make("0 12 * JAN,jul 5-7", "Europe/Berlin") == .native(schedule: "0 12 * 1,7 0,5,6", timeZone: "Europe/Berlin"))
        #expect(try Self.make("*/15 * * * *", "Asia/Kolkata") == .native(schedule: "*/15 * * * *", timeZone: "Asia/Kolkata"))
    }

    @Test(arguments: [
        ("0 3 L * *", "Europe/Berlin", "0 1,2 * * *", "no L"),
        ("0 0 */2 * MON", "UTC", "0 0 * * *", "day-of-month and day-of-week"),
        ("30 2 * * *", "Europe/Berlin", "0,30 0,1 * * *", "meets a DST change"),
        ("0 12 * * *", "Australia/Lord_Howe", "0,30 1 * * *", "less than an hour"),
        ("15 10 * * *", "Asia/Beirut", "15 7,8 * * *", "at midnight"),
    ])
    func guardedInUTCWithTheReason(expression: String, zone: String, utcSchedule: String, reason: String) throws {
        let made = try Self.make(expression, zone)
        guard case let .guarded(text, why) = made else { Issue.record("\(expression) in \(zone): \(made)"); return }
        #expect(text == utcSchedule)
        #expect(made.timeZone == "Etc/UTC")
        #expect(why.contains(reason), "\(why)")
    }
}
