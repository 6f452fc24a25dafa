import Foundation
import Testing
@testable import CronopsCore
import CronopsTestSupport

@Suite struct ScheduleLintTests {
    static let now = Date(timeIntervalSince1970: Double(instant("2026-11-22T12:00:00Z")))

    func job(_ name: String, _ expr: String, tz: String = "UTC", hosts: [String] = [], maxRuntime: String? = nil,
             line: Int = 1) throws -> Job {
        let file = "jobs/\(name).yaml"
        return Job(name: name, command: "/bin/true", schedule: try schedule(expr), timezone: tz, hosts: hosts,
                   maxRuntime: maxRuntime.flatMap { try? TimeSpan.parse($0).get() },
                   location: SourceLocation(file: file, line: line, column: 3),
                   fieldLocations: ["schedule": SourceLocation(file: file, line: line + 2, column: 15),
                                    "max_runtime": SourceLocation(file: file, line: line + 3, column: 18)])
    }

    func lint(_ jobs: [Job], hosts: [String] = []) -> [Diagnostic] {
        let spec = Spec(project: "p", root: "/r", projectFile: "/r/cronops.yaml", monitor: MonitorSettings(), routes: [],
                        hosts: hosts.map { Host(name: $0, location: SourceLocation(file: "cronops.yaml", line: 1, column: 1)) },
                        jobs: jobs)
        return ScheduleLint.warnings(for: spec, now: Self.now, zones: { try? TestZones.load($0) })
    }

    @Test func fixedTimeJobInTheSpringGap() throws {
        let d = lint([try job("backup", "30 2 * * *", tz: "Europe/Berlin")])
        let gap = d.filter { $0.code == "W100" }
        #expect(gap.count == 1)
        #expect(gap.first?.message == "job 'backup' runs once at 03:00 instead of 02:30 on 2027-03-28: the clocks in Europe/Berlin skip that time (DST starts)")
        #expect(gap.first?.location == SourceLocation(file: "jobs/backup.yaml", line: 3, column: 15))
        let overlap = d.filter { $0.code == "W101" }
        #expect(overlap.count == 1)
        #expect(overlap.first?.message.hasPrefix("job 'backup' runs only once at 02:30 on 2027-10-31, in the first pass (+02:00)") == true)
    }

    @Test func severalTimesInOneGapAreListed() throws {
        let d = lint([try job("q", "0,15,30,45 2 * * *", tz: "Europe/Berlin")]).filter { $0.code == "W100" }
        #expect(d.first?.message.hasPrefix("job 'q' runs once at 03:00 instead of 02:00, 02:15, 02:30 and 02:45 on 2027-03-28") == true)
    }

    @Test func midnightGapInSantiago() throws {
        let d = lint([try job("m", "0 0 * * *", tz: "America/Santiago")]).filter { $0.code == "W100" }
        #expect(d.map(\.message).contains { $0.hasPrefix("job 'm' runs once at 01:00 instead of 00:00 on 2027-09-05") }, "\(d.map(\.message))")
    }

    @Test func wildcardAndSafeJobsGetNoDSTWarning() throws {
        let d = lint([try job("w", "*/15 * * * *", tz: "Europe/Berlin"), try job("f", "0 1 * * *", tz: "Europe/Berlin"),
                      try job("u", "30 2 * * *", tz: "UTC")])
        #expect(d.isEmpty, "\(d.map(\.message))")
    }

    @Test func maxRuntimeAtLeastTheShortestGap() throws {
        let d = lint([try job("sync", "*/30 * * * *", maxRuntime: "45m")])
        #expect(d.map(\.code) == ["W102"])
        #expect(d.first?.message.contains("max_runtime 45m is not shorter than the gap between two of its runs (30m") == true, "\(d.first?.message ?? "")")
        #expect(d.first?.location == SourceLocation(file: "jobs/sync.yaml", line: 4, column: 18))
        #expect(lint([try job("ok", "*/30 * * * *", maxRuntime: "29m")]).isEmpty)
        #expect(lint([try job("daily", "0 1 * * *", maxRuntime: "3h")]).isEmpty)
    }

    @Test func stepsAcrossMidnightCountOnlyWhenTwoMatchingDaysMeet() throws {
        // 23:00 then 00:00 is an hour apart only when both days match.
        #expect(lint([try job("mon", "0 0,23 * * MON", maxRuntime: "2h")]).isEmpty)
        let d = lint([try job("all", "0 0,23 * * *", maxRuntime: "2h")])
        #expect(d.first?.message.contains("(1h, before the run at 2026-11-23T00:00:00+00:00)") == true, "\(d.map(\.message))")
    }

    @Test func maxRuntimeMeetsAGapShortenedByDST() throws {
        // Every two hours; when Berlin's clocks go back, 02:00 runs twice an hour apart.
        let d = lint([try job("e", "0 */2 * * *", tz: "Europe/Berlin", maxRuntime: "90m")])
        #expect(d.map(\.code) == ["W102"])
        #expect(d.first?.message.contains("(1h, before the run at 2027-10-31T02:00:00+01:00)") == true, "\(d.first?.message ?? "")")
    }

    @Test func manyJobsInTheSameMinuteOnOneHost() throws {
        var jobs = try (0..<10).map { try job("j\($0)", $0 == 9 ? "0 0 * * MON" : "0 0 * * *", hosts: ["web-1"], line: 10 * $0 + 1) }
        jobs.append(try job("other", "5 0 * * *", hosts: ["web-1"]))
        let d = lint(jobs, hosts: ["web-1"])
        #expect(d.map(\.code) == ["W103"])
        #expect(d.first?.message.hasPrefix("10 jobs on host 'web-1' start in the same minute (2026-11-23T00:00:00Z): j0, j1") == true, "\(d.first?.message ?? "")")
        #expect(d.first?.notes.count == 9)
        #expect(lint(Array(jobs.dropFirst()), hosts: ["web-1"]).isEmpty)
    }

    /// The busiest minute is counted in an array of the week's minutes; an instant off the
    /// minute takes the sorting path. Both must agree with a plain count, earliest first.
    @Test func busiestInstantCountsLikeAPlainTally() {
        let start: Int64 = 1_795_000_000
        var random = SeededRandom(seed: 42)
        func next(_ n: Int) -> Int { random.below(n) }
        for offMinute in [false, true] {
            for _ in 0..<50 {
                var weights = (0..<(1 + next(300))).map { _ in
                    (instant: (start / 60 + 1 + Int64(next(40))) * 60, weight: 1 + next(5))
                }
                if offMinute { weights.append((start + 7, 1 + next(5))) }
                var tally: [Int64: Int] = [:]
                for w in weights { tally[w.instant, default: 0] += w.weight }
                let top = tally.values.max() ?? 0
                let expected = tally.filter { $0.value == top }.keys.min() ?? 0
                let best = ScheduleLint.busiestInstant(weights, from: start)
                #expect(best.count == top && best.instant == expected, "off the minute: \(offMinute)")
            }
        }
        #expect(ScheduleLint.busiestInstant([], from: start) == (0, 0))
    }
}
