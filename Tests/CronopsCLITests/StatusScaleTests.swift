@testable import CronopsCLI
import CronopsCore
import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// `status` on many checks against the Healthchecks double: one list call plus two requests for
/// each of the 20 newest of 50 failures, whatever the number of checks. 1,000 checks by default,
/// so the suite stays quick and the double answers well inside the client's timeout however
/// loaded the machine is; the figure in docs/status.md is this test with
/// `CRONOPS_BENCH_CHECKS=10000`, which prints the time taken (a figure, never an assertion).
@Suite struct StatusScaleTests {
    @Test func manyChecksTakeOneListCallAndBoundedBodyReads() async throws {
        try await HealthchecksDouble.with { double in
            let count = Int(ProcessInfo.processInfo.environment["CRONOPS_BENCH_CHECKS"] ?? "") ?? 1_000, failing = 50
            let tag = "cronops:\(HealthchecksFixtureSpec.project)"
            var jobs: [Job] = []
            jobs.reserveCapacity(count)
            for i in 0..<count {
                let name = String(format: "job-%05d", i)
                jobs.append(HealthchecksFixtureSpec.job(name, schedule: "\(i % 60) \(i % 24) * * *", hosts: ["app-\(i % 10)"]))
                let id = await double.store.seed(name: name, slug: name, tags: tag, schedule: "\(i % 60) \(i % 24) * * *")
                if i < failing {
                    await double.store.ping(id, "fail", at: StatusTestKit.now.addingTimeInterval(Double(-3600 - i * 60)),
                                            body: "FAILED: \(name) exited with status 1\nexit status: 1\n")
                } else {
                    await double.store.ping(id, "success", at: StatusTestKit.now.addingTimeInterval(-600))
                }
            }
            await double.store.clearLog()
            var spec = HealthchecksFixtureSpec.spec(jobs: jobs, apiURL: double.baseURL)
            spec.hosts = (0..<10).map { Host(name: "app-\($0)", location: SourceLocation(file: "cronops.yaml", line: 1, column: 1)) }
            let started = ContinuousClock.now
            let (code, out) = await StatusTestKit.run(spec, .init(detailedExitCode: true))
            let took = ContinuousClock.now - started
            #expect(code == 2, "\(out.stderr)")
            #expect(out.stdout.hasPrefix("\(count - failing) up, 50 down: job-00000 failed (exited with status 1) 1 h ago, job-00001 failed (exited with status 1) 1 h ago, job-00002 failed (exited with status 1) 1 h ago and 47 more\n"))
            #expect(out.stdout.contains("note: 30 of 50 failing checks show no reason: status reads the last failure of at most 20 checks, the most recent first (--max-failure-bodies)\n"))
            let requests = await double.store.requests
            #expect(requests.count == 1 + 20 * 2)
            #expect(out.stdout.split(separator: "\n").count > count)
            print("status on \(count) checks (\(failing) failing, 20 bodies read): \(took.formatted(.units(allowed: [.seconds, .milliseconds]))), \(requests.count) requests")
            let pageStarted = ContinuousClock.now
            let (pageCode, page) = await StatusTestKit.run(spec, .init(format: .html))
            let pageTook = ContinuousClock.now - pageStarted
            #expect(pageCode == 0, "\(page.stderr)")
            #expect(page.stdout.contains("id=\"host-app-9\""))
            print("status --format html on \(count) checks: \(pageTook.formatted(.units(allowed: [.seconds, .milliseconds]))), \(page.stdout.utf8.count) bytes")
        }
    }
}
