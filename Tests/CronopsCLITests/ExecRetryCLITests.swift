import CronopsTestSupport
import Foundation
import Testing

/// `--retry` and `--start-delay` in the real wrapper: attempts counted, waits honoured (recorded
/// through the `CRONOPS_EXEC_WAITS` hook instead of slept), a /log per failed attempt, the
/// attempt count in the final body, no retry after a forwarded signal.
@Suite struct ExecRetryCLITests {
    /// Fails until it has run `failures` times, counting its runs in `dir/runs`.
    static func flaky(_ dir: String, failures: Int) -> String {
        "n=$(cat \(dir)/runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > \(dir)/runs; echo \"run $n\"; [ $n -gt \(failures) ]"
    }

    static func waits(_ file: String) -> [String] {
        ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func aFailedAttemptRunsAgainAfterItsWaitAndTheFinalPingCountsAttempts() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let dir = try TestPaths.temporaryDirectory().path
        let waits = dir + "/waits"
        let result = try await WrapperProcess.run(["flaky", "--ping-url", receiver.baseURL, "--retry", "3", "--retry-delay", "30s",
                                                   "--retry-backoff", "2", "--", Self.flaky(dir, failures: 2)],
                                                  environment: ["CRONOPS_PING_KEY": pingKey, "CRONOPS_EXEC_WAITS": waits])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "run 1\nrun 2\nrun 3\n", "every attempt's output streams through")
        #expect(Self.waits(waits) == ["retry-delay 30", "retry-delay 60"], "30s, then ×2")
        #expect(result.stderrText.contains("attempt 1 of 4 failed (--expect-exit 0: the job exited with status 1); trying again in 30s"))
        let pings = await receiver.waitForPings(count: 4)
        #expect(pings.map { $0.path.components(separatedBy: "/").last ?? "" } == ["start", "log", "log", "0"])
        #expect(pings[1].bodyText.hasPrefix("RETRYING: flaky attempt 1 of 4 exited with status 1; attempt 2 starts in 30s"))
        #expect(pings[3].bodyText.contains("attempts: 3 of 4 (--retry 3)"))
        // One run id for the whole run: the server pairs the final ping with the one /start.
        let rids = Set(pings.compactMap { $0.query["rid"] })
        #expect(rids.count == 1)
    }

    @Test func whenEveryAttemptFailsTheLastOneIsReportedWithTheJobsStatus() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        let waits = dir + "/waits"
        let result = try await WrapperProcess.run(["always", "--retry", "2", "--retry-delay", "10s", "--", Self.flaky(dir, failures: 99)],
                                                  environment: ["CRONOPS_EXEC_WAITS": waits])
        #expect(result.status == 1)
        #expect(result.stdoutText == "run 1\nrun 2\nrun 3\n")
        #expect(Self.waits(waits) == ["retry-delay 10", "retry-delay 10"], "backoff 1: the same wait")
        #expect(result.stderrText.contains("FAILED: always exited with status 1"))
    }

    @Test func aRunTheWrapperWasToldToStopIsNotRetried() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        let waits = dir + "/waits"
        let process = try WrapperProcess.start(["stopped", "--retry", "3", "--", "echo $$ > \(dir)/job; exec sleep 300"],
                                               environment: ["CRONOPS_EXEC_WAITS": waits])
        _ = try await runningProgram("sleep", pidFile: dir + "/job")
        process.signal(SIGTERM)
        let result = await process.wait()
        #expect(result.status == 143)
        #expect(Self.waits(waits).isEmpty, "no retry after a forwarded SIGTERM")
        #expect(!result.stderrText.contains("trying again"))
    }

    @Test func startDelayIsWaitedAfterTheGuardAndBeforeTheStartPing() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let dir = try TestPaths.temporaryDirectory().path
        let waits = dir + "/waits"
        let result = try await WrapperProcess.run(["spread", "--ping-url", receiver.baseURL, "--start-delay", "2m17s", "--",
                                                   "test -f \(waits) && echo waited-first"],
                                                  environment: ["CRONOPS_PING_KEY": pingKey, "CRONOPS_EXEC_WAITS": waits])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "waited-first\n")
        #expect(result.stderrText.isEmpty, "a jittered start says nothing: cron would mail it on every run")
        #expect(Self.waits(waits) == ["start-delay 137"])
        // Not due this minute: no wait at all.
        let guarded = try await WrapperProcess.run(["spread", "--only-at", "0 0 1 1 *", "--tz", "UTC", "--start-delay", "5m", "--", "true"],
                                                   environment: ["CRONOPS_EXEC_WAITS": dir + "/guarded", "CRONOPS_EXEC_NOW": "2027-06-01T12:00:00Z"])
        #expect(guarded.status == 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/guarded"))
    }

    @Test func badRetryFlagsAreUsageErrors() async throws {
        let result = try await WrapperProcess.run(["x", "--retry", "0", "--retry-delay", "soon", "--retry-backoff", "0.5",
                                                   "--start-delay", "-1m", "--", "true"])
        #expect(result.status == 64)
        #expect(result.stderrText.contains("--retry 0: must be 1 to 10"))
        #expect(result.stderrText.contains("--retry-delay soon: expected a number"))
        #expect(result.stderrText.contains("--retry-backoff 0.5: must be a number from 1 to 10"))
        #expect(result.stderrText.contains("--start-delay -1m: durations cannot be negative"))
    }

    @Test func theOverlapLockIsHeldAcrossAttempts() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        let state = try TestPaths.temporaryDirectory().path
        // Attempt 1 fails at once; attempt 2 holds on until the test releases it.
        let job = "if [ -f \(dir)/failed ]; then \(heldJob(dir)); else touch \(dir)/failed; exit 1; fi"
        let first = try WrapperProcess.start(["locked", "--overlap", "skip", "--state-dir", state, "--retry", "1", "--", job],
                                             environment: ["CRONOPS_EXEC_WAITS": dir + "/waits"])
        #expect(await eventually(timeout: 30) { FileManager.default.fileExists(atPath: dir + "/started") })
        // The retry runs under the lock the first attempt took: another run is skipped.
        let second = try await WrapperProcess.run(["locked", "--overlap", "skip", "--state-dir", state, "--", "touch \(dir)/second"])
        #expect(second.status == 0)
        #expect(second.stderrText.contains("skipped: previous run still running"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/second"))
        release(dir)
        let result = await first.wait()
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(Self.waits(dir + "/waits") == ["retry-delay 30"])
    }
}
