import CronopsTestSupport
import Foundation
import Testing

/// A job that signals it runs (`started`) and holds on until the test creates `release`: the
/// tests decide when it ends, however slow a loaded machine is.
func heldJob(_ dir: String, then tail: String = "") -> String {
    "touch \(dir)/started; while [ ! -f \(dir)/release ]; do sleep 0.05; done\(tail)"
}

func release(_ dir: String) {
    FileManager.default.createFile(atPath: dir + "/release", contents: Data())
}

/// Whether process `pid` has `path` open (one of its /proc/PID/fd links points at it).
func holdsOpen(_ pid: pid_t, _ path: String) -> Bool {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
    return fds.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")) == target }
}

/// `--overlap` locks and `--tolerate` counters under `--state-dir`.
@Suite struct ExecStateCLITests {
    @Test func overlapSkipLogsAndExitsZeroWithoutRunning() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let state = try TestPaths.temporaryDirectory().path
        let dir = try TestPaths.temporaryDirectory().path
        let common = ["--ping-url", receiver.baseURL, "--overlap", "skip", "--state-dir", state]
        let first = try WrapperProcess.start(["report"] + common + ["--", heldJob(dir)],
                                             environment: ["CRONOPS_PING_KEY": pingKey])
        #expect(await eventually(timeout: 30) { FileManager.default.fileExists(atPath: dir + "/started") })
        let second = try await WrapperProcess.run(["report"] + common + ["--", "touch \(dir)/second"],
                                                  environment: ["CRONOPS_PING_KEY": pingKey])
        #expect(second.status == 0)
        #expect(second.stdout.isEmpty && second.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir + "/second"))
        let log = await receiver.pings().first { $0.path.hasSuffix("/report/log") }
        #expect(log?.bodyText == "SKIPPED: report did not start: previous run still running (--overlap skip)\n")
        release(dir)
        #expect(await first.wait().status == 0)
        // The lock goes with the run: the next one runs.
        let third = try await WrapperProcess.run(["report"] + common + ["--", "touch \(dir)/third"],
                                                 environment: ["CRONOPS_PING_KEY": pingKey])
        #expect(third.status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/third"))
    }

    @Test func overlapSkipWithoutAMonitorSaysSoOnStderr() async throws {
        let state = try TestPaths.temporaryDirectory().path
        let dir = try TestPaths.temporaryDirectory().path
        let first = try WrapperProcess.start(["q", "--overlap", "skip", "--state-dir", state, "--", heldJob(dir)])
        #expect(await eventually(timeout: 30) { FileManager.default.fileExists(atPath: dir + "/started") })
        let second = try await WrapperProcess.run(["q", "--overlap", "skip", "--state-dir", state, "--", "true"])
        #expect(second.status == 0)
        #expect(second.stderrText.contains("skipped: previous run still running"))
        release(dir)
        _ = await first.wait()
    }

    @Test func overlapWaitRunsAfterThePreviousRunEnds() async throws {
        let state = try TestPaths.temporaryDirectory().path
        let dir = try TestPaths.temporaryDirectory().path
        let first = try WrapperProcess.start(["sync", "--overlap", "wait", "--state-dir", state, "--",
                                              heldJob(dir, then: "; echo first >> \(dir)/order")])
        #expect(await eventually(timeout: 30) { FileManager.default.fileExists(atPath: dir + "/started") })
        let second = try WrapperProcess.start(["sync", "--overlap", "wait", "--max-runtime", "1m", "--state-dir", state, "--",
                                               "echo second >> \(dir)/order"])
        // The second wrapper has opened the lock file the first one holds: it is waiting.
        #expect(await eventually(timeout: 60) { holdsOpen(second.pid, state + "/sync.lock") })
        #expect(!FileManager.default.fileExists(atPath: dir + "/order"), "the second run must wait for the first")
        release(dir)
        #expect(await first.wait().status == 0)
        #expect(await second.wait().status == 0)
        #expect(try String(contentsOfFile: dir + "/order", encoding: .utf8) == "first\nsecond\n")
    }

    @Test func overlapWaitGivesUpAfterMaxRuntime() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let state = try TestPaths.temporaryDirectory().path
        let dir = try TestPaths.temporaryDirectory().path
        let first = try WrapperProcess.start(["long", "--overlap", "wait", "--state-dir", state, "--", heldJob(dir)])
        #expect(await eventually(timeout: 30) { FileManager.default.fileExists(atPath: dir + "/started") })
        let second = try await WrapperProcess.run(["long", "--overlap", "wait", "--max-runtime", "1s", "--state-dir", state,
                                                   "--ping-url", receiver.baseURL, "--", "touch \(dir)/second"],
                                                  environment: ["CRONOPS_PING_KEY": pingKey])
        #expect(second.status == 124)
        #expect(!FileManager.default.fileExists(atPath: dir + "/second"))
        #expect(second.stderrText.contains("did not start: previous run still running after waiting 1s"))
        #expect(await receiver.pings().map(\.path) == ["/\(pingKey)/long/fail"])
        release(dir)
        _ = await first.wait()
    }

    @Test func tolerateLogsTheFirstFailuresAlertsOnTheNextAndResetsOnSuccess() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let state = try TestPaths.temporaryDirectory().path
        func run(_ command: String) async throws -> WrapperRun {
            try await WrapperProcess.run(["flaky", "--tolerate", "2", "--state-dir", state, "--ping-url", receiver.baseURL, "--", command],
                                         environment: ["CRONOPS_PING_KEY": pingKey])
        }
        var finals: [String] = []
        func lastFinal() async -> ReceivedPing? {
            await receiver.pings().last { !$0.path.hasSuffix("/start") }
        }
        for (command, expectedStatus) in [("exit 1", 1), ("exit 1", 1), ("exit 1", 1), ("exit 0", 0), ("exit 2", 2)] as [(String, Int32)] {
            let result = try await run(command)
            #expect(result.status == expectedStatus, "the job's status is never changed by --tolerate")
            finals.append(String(await lastFinal()?.path.split(separator: "/").last ?? ""))
        }
        #expect(finals == ["log", "log", "1", "0", "log"])
        #expect(try String(contentsOfFile: state + "/flaky.failures", encoding: .utf8) == "1\n")
        let pings = await receiver.pings().filter { !$0.path.hasSuffix("/start") }
        #expect(pings[0].bodyText.hasPrefix("TOLERATED FAILED: flaky exited with status 1 (failure 1 of 2 allowed by --tolerate 2)"))
        #expect(pings[2].bodyText.contains("consecutive failures: 3 (--tolerate 2)"))
    }

    @Test func anUnusableStateDirectoryStillRunsTheJob() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
        let result = try await WrapperProcess.run(["j", "--overlap", "skip", "--state-dir", dir + "/file/sub", "--", "echo ran; exit 4"])
        #expect(result.status == 4)
        #expect(result.stdoutText == "ran\n")
        #expect(result.stderrText.contains("warning: state directory unusable"))
    }
}
