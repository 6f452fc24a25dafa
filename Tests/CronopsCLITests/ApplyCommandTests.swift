@testable import CronopsCLI
import CronopsCore
import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

@Suite struct ApplyCommandTests {
    typealias K = PlanTestKit
    typealias F = HealthchecksFixtureSpec

    @Test func progressPerActionThenSummaryAndPartialFailureExitsOne() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: K.jobs(), apiURL: double.baseURL)
            // Both attempts of one create (apply may send the three at once).
            await double.store.inject(.serverError, method: "POST", bodyContains: "\"db-backup\"", times: 2)
            let (failed, out) = await K.apply(spec)
            #expect(failed == 1)
            #expect(out.stderr.hasPrefix("  + create  db-backup "))  // the plan first, then progress
            #expect(out.stderr.contains("Plan: 3 to create"))
            #expect(out.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("  + create ") && $0.hasSuffix(": created") }.count == 2)
            #expect(out.stderr.contains("  ! create "))
            #expect(out.stdout == "Apply: 2 of 3 changes done, 1 failed; run `cronops apply` again to finish.\n")
            let (fixed, out2) = await K.apply(spec)
            #expect(fixed == 0)
            #expect(out2.stdout == "Apply: 1 of 1 changes done.\n")
            let (idle, out3) = await K.apply(spec)
            #expect(idle == 0)
            #expect(out3.stdout == "Apply: no changes; 3 checks already match.\n")
            #expect(await double.store.checks.count == 3)
        }
    }

    /// The server stops after the 5th of 25 creates. With one request at a time and 2
    /// attempts each: two creates fail (their 4 refused attempts open the breaker), the other
    /// 18 are not sent, listed (the first 10 without --verbose), exit 1. Back up, the next
    /// apply makes exactly the 20 missing checks.
    @Test func aMonitorThatStopsMidApplyIsReportedAndTheNextApplyFinishes() async throws {
        try await HealthchecksDouble.with { double in
            let jobs = (1...25).map { F.job(String(format: "job-%02d", $0)) }
            await double.goDown(.refuse, afterWrites: 5)
            let (code, out) = await K.apply(F.spec(jobs: jobs, apiURL: double.baseURL), .init(quiet: true))
            #expect(code == 1)
            #expect(out.stdout == "Apply: 5 of 25 changes done, 2 failed, 18 not attempted: the monitor at \(double.baseURL) "
                + "stopped answering (connection refused). Run `cronops apply` again to finish.\n")
            let lines = out.stderr.split(separator: "\n").map(String.init)
            #expect(lines.filter { $0.hasSuffix(": created") }.count == 5)
            #expect(lines.filter { $0.hasPrefix("  ! create job-06 failed: ") || $0.hasPrefix("  ! create job-07 failed: ") }.count == 2)
            #expect(lines.filter { $0.hasSuffix(": not attempted") } == (8...17).map { String(format: "  ? create job-%02d: not attempted", $0) })
            #expect(lines.last == "  ... and 8 more not attempted (--verbose lists them all)")
            #expect(await double.store.requestsSinceOutage.isEmpty)  // refused: nothing reached it

            let back = try await HealthchecksDouble.start(store: double.store)
            await back.store.endOutage()
            let (fixed, again) = await K.apply(F.spec(jobs: jobs, apiURL: back.baseURL), .init(quiet: true))
            #expect(fixed == 0)
            #expect(again.stdout == "Apply: 20 of 20 changes done.\n")
            #expect(await back.store.checks.map(\.slug).sorted() == jobs.map(\.name))
            await back.stop()
        }
    }

    /// The shipped binary (live clock, libcurl, 4 requests at once, real backoff) against a
    /// server that stops after 3 of 12 creates: exit 1 and the summary, the next run (server
    /// back) makes the other 9. Retries sleeping 1-4 s wake when the breaker opens.
    @Test func theBinaryStopsWhenTheMonitorGoesAwayAndFinishesWhenItIsBack() async throws {
        try await HealthchecksDouble.with { double in
            let dir = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try K.writeProject(dir, apiURL: double.baseURL)
            let names = (1...12).map { String(format: "job-%02d", $0) }
            try ("jobs:\n" + names.map { "  \($0):\n    command: /bin/true\n    schedule: \"@daily\"\n" }.joined())
                .write(to: dir.appendingPathComponent("jobs/a.yaml"), atomically: true, encoding: .utf8)
            let env = ["HC_API_KEY": HealthchecksDouble.readWriteKey]
            await double.goDown(.refuse, afterWrites: 3)
            let stopped = try await runCronops(["apply", "--config", dir.path, "--quiet"], environment: env)
            #expect(stopped.status == 1, "\(stopped.stderr)")
            #expect(stopped.stdout.hasPrefix("Apply: 3 of 12 changes done, "), "\(stopped.stdout)")
            #expect(stopped.stdout.contains(" not attempted: the monitor at \(double.baseURL) stopped answering ("))
            #expect(stopped.stdout.hasSuffix(". Run `cronops apply` again to finish.\n"))
            #expect(await double.store.checks.count == 3)

            let back = try await HealthchecksDouble.start(store: double.store)
            await back.store.endOutage()
            try K.writeProject(dir, apiURL: back.baseURL)
            let again = try await runCronops(["apply", "--config", dir.path, "--quiet"], environment: env)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout == "Apply: 9 of 9 changes done.\n")
            #expect(await back.store.checks.map(\.slug).sorted() == names)
            await back.stop()
        }
    }

    @Test func verboseListsEveryChangeNotAttempted() {
        let actions = (1...12).map { PlanAction(kind: .create, slug: "job-\($0)") }
        #expect(ApplyRunner.notAttemptedLines(actions, all: true).split(separator: "\n").count == 12)
        let short = ApplyRunner.notAttemptedLines(actions, all: false).split(separator: "\n")
        #expect(short.count == 11)
        #expect(short.last == "  ... and 2 more not attempted (--verbose lists them all)")
        #expect(ApplyRunner.notAttemptedLines([], all: false).isEmpty)
    }

    @Test func savedPlanIsAppliedOrRefusedWhenStale() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: K.jobs(), apiURL: double.baseURL)
            let path = K.temporaryFile("plan.json")
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(await K.plan(spec, .init(out: path)).0 == 0)
            await double.store.seed(name: "manual", slug: "manual")
            let (stale, out) = await K.apply(spec, .init(planFile: path))
            #expect(stale == 1)
            #expect(out.stderr.contains("the plan is stale"))
            #expect(await double.store.writeRequests.isEmpty)

            #expect(await K.plan(spec, .init(out: path)).0 == 0)
            await double.store.clearLog()
            let (ok, _) = await K.apply(spec, .init(planFile: path))
            #expect(ok == 0)
            #expect(await double.store.writeRequests.count == 3)
            #expect(await double.store.requests.count == 2 + 3)
        }
    }

    @Test func pruneFlagMustMatchTheSavedPlan() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: K.jobs(), apiURL: double.baseURL)
            let path = K.temporaryFile("plan.json")
            defer { try? FileManager.default.removeItem(atPath: path) }
            _ = await K.plan(spec, .init(out: path))
            let (code, out) = await K.apply(spec, .init(planFile: path, prune: true))
            #expect(code == 1)
            #expect(out.stderr.contains("--prune"))
        }
    }

    @Test func readOnlyKeyIsRefusedClearly() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: K.jobs(), apiURL: double.baseURL)
            let (code, out) = await K.apply(spec, key: HealthchecksDouble.readOnlyKey)
            #expect(code == 1)
            #expect(out.stderr.contains("read-only") && out.stderr.contains("read-write key"))
            #expect(await double.store.writeRequests.isEmpty)
        }
    }

    @Test func unreadablePlanFileIsExplained() async throws {
        let path = K.temporaryFile("plan.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"format_version\": 1}".utf8).write(to: URL(fileURLWithPath: path))
        let (code, out) = await K.apply(F.spec(jobs: K.jobs()), .init(planFile: path))
        #expect(code == 1)
        #expect(out.stderr.contains("not a cronops plan file"))
    }

    /// The real binary against the double: flags, exit codes, stdout/stderr split, and the key
    /// (given through the environment) nowhere in what it prints or saves.
    @Test func theBinaryPlansAndAppliesAgainstHealthchecks() async throws {
        try await HealthchecksDouble.with { double in
            let dir = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("jobs"), withIntermediateDirectories: true)
            try """
                version: 1
                project: acme-prod
                monitor:
                  provider: healthchecks
                  api_url: \(double.baseURL)
                  api_key_env: HC_API_KEY
                routes:
                  ops: { channels: ["ops-email", "ops-shell"] }
                defaults:
                  alerts: [ops]
                """.write(to: dir.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
            try """
                jobs:
                  nightly:
                    command: /bin/true
                    schedule: "@daily"
                    timezone: Europe/Berlin
                    max_runtime: 2h
                """.write(to: dir.appendingPathComponent("jobs/a.yaml"), atomically: true, encoding: .utf8)
            let key = HealthchecksDouble.readWriteKey
            let env = ["HC_API_KEY": key]
            let planFile = dir.appendingPathComponent("plan.json").path
            let plan = try await runCronops(["plan", "--config", dir.path, "--detailed-exitcode", "--format", "markdown", "--out", planFile],
                                      environment: env)
            #expect(plan.status == 2, "\(plan.stderr)")
            #expect(plan.stdout.contains("| + | create | `nightly` |"))
            let apply = try await runCronops(["apply", planFile, "--config", dir.path, "--verbose"], environment: env)
            #expect(apply.status == 0, "\(apply.stderr)")
            #expect(apply.stdout == "Apply: 1 of 1 changes done.\n")
            #expect(apply.stderr.contains("POST \(double.baseURL)/api/v3/checks/ -> 201"))
            let check = await double.store.checks(slug: "nightly").first
            #expect(check?.schedule == "0 0 * * *" && check?.tz == "Europe/Berlin" && check?.grace == 7260)
            #expect(check?.channels.count == 2)
            let again = try await runCronops(["plan", "--config", dir.path, "--detailed-exitcode"], environment: env)
            #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
            let saved = try String(contentsOfFile: planFile, encoding: .utf8)
            for text in [plan.stdout, plan.stderr, apply.stdout, apply.stderr, again.stdout, again.stderr, saved] {
                #expect(!text.contains(key))
            }
        }
    }

    /// Every output stream, the plan file and the retry log, in success and failure, with the
    /// key set: the key itself must never appear.
    @Test func theAPIKeyIsNeverPrinted() async throws {
        let key = HealthchecksDouble.readWriteKey
        var everything = ""
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: K.jobs(), apiURL: double.baseURL)
            let path = K.temporaryFile("plan.json")
            defer { try? FileManager.default.removeItem(atPath: path) }
            for format in PlanFormat.allCases {
                let (_, out) = await K.plan(spec, .init(format: format, out: path))
                everything += out.stdout + out.stderr
                everything += String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            }
            await double.store.inject(.tooManyRequests(retryAfter: "0"), times: 1)
            await double.store.inject(.serverError, method: "POST", times: 2)
            let (_, applied) = await K.apply(spec, .init(planFile: path))
            everything += applied.stdout + applied.stderr
            let (_, again) = await K.apply(spec)
            everything += again.stdout + again.stderr
            // A server that echoes the key in an error message is masked too.
            let (_, wrong) = await K.plan(spec, .init(), key: "hcw_ThisKeyDoesNotExist000000000")
            everything += wrong.stdout + wrong.stderr
            #expect(!wrong.stderr.contains("hcw_ThisKeyDoesNotExist000000000"))
        }
        #expect(everything.contains("Apply:"))
        #expect(everything.contains("retrying"))
        #expect(!everything.contains(key))
        #expect(!everything.contains(String(key.dropFirst(4))))
    }
}
