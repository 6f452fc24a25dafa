import CronopsTestSupport
import Foundation
import Testing
@testable import CronopsCore

/// `retry` and `jitter`: read and checked (job and defaults), rendered as wrapper flags, the
/// check's grace raised to cover them, and the deterministic per-host delay.
@Suite struct RetryJitterTests {
    static func job(_ extra: String, schedule: String = "30 2 * * *") -> String {
        """
        jobs:
          nightly:
            command: /app/nightly.sh
            schedule: "\(schedule)"
            hosts: [web-1]
        \(extra)
        """
    }

    @Test func retryAndJitterAreReadWithTheirDefaults() throws {
        let (spec, d) = compile(jobs: ["jobs/a.yaml": Self.job("    retry: { attempts: 2 }\n    jitter: 5m\n")])
        #expect(d.all.isEmpty, "\(d.all)")
        let job = try #require(spec?.job(named: "nightly"))
        #expect(job.retry == JobRetry(attempts: 2, delay: TimeSpan(seconds: 30), backoff: 1))
        #expect(job.jitter == TimeSpan(seconds: 300))
        let full = compile(jobs: ["jobs/a.yaml": Self.job("    retry: { attempts: 3, delay: 1m, backoff: 1.5 }\n")]).spec
        #expect(full?.job(named: "nightly")?.retry == JobRetry(attempts: 3, delay: TimeSpan(seconds: 60), backoff: 1.5))
        let fromDefaults = compile(project: TestRepo.project.replacingOccurrences(of: "  user: app\n", with: "  user: app\n  retry: { attempts: 1 }\n  jitter: 30s\n"),
                                   jobs: ["jobs/a.yaml": Self.job("")]).spec
        #expect(fromDefaults?.job(named: "nightly")?.retry?.attempts == 1)
        #expect(fromDefaults?.job(named: "nightly")?.jitter?.seconds == 30)
    }

    @Test func waitsGrowByTheBackoff() {
        let retry = JobRetry(attempts: 4, delay: TimeSpan(seconds: 30), backoff: 2)
        #expect((1...4).map(retry.wait(beforeRetry:)) == [30, 60, 120, 240])
        #expect(retry.totalWait == 450)
        #expect(JobRetry(attempts: 10, delay: TimeSpan(seconds: 86_400), backoff: 10).wait(beforeRetry: 10) == Int(Int32.max), "capped, never a trap")
    }

    @Test func badValuesAreLocatedErrors() throws {
        let cases: [(String, String)] = [
            ("    retry: ⟨x⟩{ delay: 30s }\n", "needs 'attempts'"),
            ("    retry: { attempts: ⟨x⟩11 }\n", "it must be between 1 and 10"),
            ("    retry: { attempts: 2, backoff: ⟨x⟩0.5 }\n", "must be between 1"),
            ("    retry: { attempts: 2, backoff: ⟨x⟩fast }\n", "a number such as 2 or 1.5"),
            ("    retry: { attempts: 2, delay: ⟨x⟩2d }\n", "at most 1d"),
            ("    retry: { attempts: 2, ⟨x⟩tries: 3 }\n", "unknown key 'tries'"),
            ("    jitter: ⟨x⟩0s\n", "between 1s and 1d"),
            ("    max_runtime: 200d\n    retry: ⟨x⟩{ attempts: 2 }\n", "needs a grace of"),
        ]
        for (extra, words) in cases {
            let m = MarkedText(Self.job(extra))
            let (spec, d) = compile(jobs: ["jobs/a.yaml": m.text])
            #expect(spec == nil, "\(extra)")
            let error = try #require(d.all.first { $0.severity == .error }, "\(extra)")
            #expect(error.message.contains(words), "\(extra): \(error.message)")
            #expect(error.location == m.location("x", file: "jobs/a.yaml"), "\(extra): \(String(describing: error.location))")
        }
    }

    @Test func jitterMustBeShorterThanTheGapBetweenRuns() throws {
        let (spec, d) = compile(jobs: ["jobs/a.yaml": Self.job("    jitter: 20m\n", schedule: "*/15 * * * *")])
        #expect(!d.hasErrors, "the gap is a schedule lint, with the zones: \(d.all)")
        let lints = ScheduleLint.warnings(for: try #require(spec), now: Date(timeIntervalSince1970: 1_800_000_000), zones: { try? TestZones.load($0) })
        let error = try #require(lints.first { $0.code == "E104" })
        #expect(error.severity == .error)
        #expect(error.message.contains("jitter 20m is not shorter than the gap between two of its runs (15m"))
        #expect(error.fixIt == "jitter: 7m30s")
        let ok = compile(jobs: ["jobs/a.yaml": Self.job("    jitter: 14m\n", schedule: "*/15 * * * *")]).spec
        #expect(ScheduleLint.warnings(for: try #require(ok), now: Date(timeIntervalSince1970: 1_800_000_000), zones: { try? TestZones.load($0) })
            .allSatisfy { $0.code != "E104" })
    }

    @Test func jitterIsStablePerHostInsideTheWindowAndSpreadsHosts() {
        let jitter = TimeSpan(seconds: 300)
        let delays = (1...100).map { Jitter.delay(project: "acme", job: "sync", host: "web-\($0)", jitter: jitter).seconds }
        #expect(delays.allSatisfy { (0..<300).contains($0) })
        #expect(Set(delays).count > 50, "a hundred hosts spread over the window")
        #expect(Jitter.delay(project: "acme", job: "sync", host: "web-1", jitter: jitter) == Jitter.delay(project: "acme", job: "sync", host: "web-1", jitter: jitter))
        // Pinned (FNV-1a of "acme\0sync\0web-1" mod 300): the value must not change between
        // releases, or every host's line would move.
        #expect(Jitter.delay(project: "acme", job: "sync", host: "web-1", jitter: jitter).seconds == 150)
        #expect(Jitter.delay(project: "a", job: "bc", host: "d", jitter: jitter) != Jitter.delay(project: "ab", job: "c", host: "d", jitter: jitter),
                "the parts are separated, not run together")
    }

    @Test func theLineCarriesTheFlagsAndTheCheckGetsTheGrace() throws {
        let text = Self.job("    max_runtime: 10m\n    grace: 5m\n    retry: { attempts: 2, delay: 1m, backoff: 2 }\n    jitter: 5m\n")
        let spec = try #require(compile(jobs: ["jobs/a.yaml": text]).spec)
        let job = try #require(spec.job(named: "nightly"))
        let host = try #require(spec.host(named: "web-1"))
        let delay = Jitter.delay(project: spec.project, job: "nightly", host: "web-1", jitter: TimeSpan(seconds: 300))
        let words = WrapperInvocation(job: job, host: host, spec: spec, onlyAt: false, paths: CrontabOptions(zones: { _ in nil }).wrapperPaths(spec: spec)).words.map(\.text)
        let line = words.joined(separator: " ")
        #expect(line.contains("--retry 2 --retry-delay 1m --retry-backoff 2"))
        #expect(line.contains("--start-delay \(delay)") == (delay.seconds > 0))
        // 3 attempts of up to 10m, waits of 1m and 2m, the slack; the lateness 5m + 5m is smaller.
        #expect(DesiredChecks.effectiveGrace(for: job) == 3 * 600 + DesiredChecks.runtimeSlack + 180)
        var plain = job
        plain.retry = nil
        plain.jitter = nil
        #expect(DesiredChecks.effectiveGrace(for: plain) == 600 + DesiredChecks.runtimeSlack)
        plain.jitter = TimeSpan(seconds: 3600)
        #expect(DesiredChecks.effectiveGrace(for: plain) == 300 + 3600, "a late start is allowed for")
    }
}
