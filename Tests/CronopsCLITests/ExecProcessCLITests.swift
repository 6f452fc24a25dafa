import CronopsTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The job as a process: output relayed exactly, memory bounded, time limits and signals.
@Suite struct ExecProcessCLITests {
    @Test func binaryOutputPassesThroughByteExact() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        var bytes: [UInt8] = Array(0...255) + Array((0...255).reversed())
        var state: UInt32 = 12345
        for _ in 0..<200_000 {
            state = state &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/blob"))
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let result = try await WrapperProcess.run(["blob", "--ping-url", receiver.baseURL, "--stdout-forbids", "never-there",
                                                   "--", "cat \(dir)/blob; cat \(dir)/blob >&2"],
                                                  environment: ["CRONOPS_PING_KEY": pingKey])
        #expect(result.status == 0)
        #expect(result.stdout == bytes)
        #expect(result.stderr == bytes)
        let body = await receiver.waitForPings(count: 2).last?.body ?? Data()
        #expect(body.count <= 10_000)
        #expect(String(validating: [UInt8](body), as: UTF8.self) != nil, "the ping body must be valid UTF-8")
    }

    @Test func hundredMegabytesWithBoundedMemoryAndTheTailDelivered() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let dir = try TestPaths.temporaryDirectory().path
        let command = "head -c 100000000 /dev/zero | tr '\\0' 'x'; echo; echo 'LAST LINE {\"sent\": 1}'; echo 'stderr end' >&2"
        let result = try await WrapperProcess.run(["big", "--ping-url", receiver.baseURL, "--stdout-forbids", "(?i)traceback",
                                                   "--stdout-contains", "LAST LINE", "--", command],
                                                  environment: ["CRONOPS_PING_KEY": pingKey], stdoutPath: dir + "/out")
        #expect(result.status == 0, "\(result.stderrText)")
        let size = (try? FileManager.default.attributesOfItem(atPath: dir + "/out")[.size] as? Int) ?? 0
        #expect(size == 100_000_000 + 1 + 22)
        unlink(dir + "/out")
        // 100 MB went through; the wrapper keeps 4 MiB per stream for rules and 10 kB for the
        // ping, so its peak memory is that of a run with almost no output plus a few MiB.
        let small = try await WrapperProcess.run(["small", "--stdout-forbids", "(?i)traceback", "--stdout-contains", "LAST LINE", "--",
                                                  "echo 'LAST LINE'"])
        #expect(result.maxRSSKiB - small.maxRSSKiB < 32 * 1024,
                "max RSS \(result.maxRSSKiB) KiB with 100 MB of output, \(small.maxRSSKiB) KiB with one line")
        let body = await receiver.waitForPings(count: 2).last?.bodyText ?? ""
        #expect(body.hasSuffix("LAST LINE {\"sent\": 1}\nstderr end\n"))
        #expect(body.contains(" of \(100_000_000 + 1 + 22 + 11) bytes"), "\(body.prefix(300))")
        #expect(body.utf8.count <= 10_000)
    }

    @Test func maxRuntimeKillsTheJobAndTheGrandchildItStarted() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let dir = try TestPaths.temporaryDirectory().path
        // A kill grace of 2 minutes: only the SIGTERM can have stopped it within the test.
        let result = try await WrapperProcess.run(["stuck", "--ping-url", receiver.baseURL, "--max-runtime", "1s", "--",
                                                   "sleep 300 & echo $! > \(dir)/grandchild; echo started; sleep 300"],
                                                  environment: ["CRONOPS_PING_KEY": pingKey, "CRONOPS_EXEC_KILL_GRACE": "120"])
        #expect(result.status == 124)
        #expect(result.seconds >= 1, "stopped after \(result.seconds) s, before --max-runtime")
        #expect(result.seconds < 120, "the SIGTERM did not stop it")
        let grandchild = try pidFile(dir + "/grandchild")
        #expect(await eventually { processIsGone(grandchild) }, "grandchild \(grandchild) survived")
        let final = await receiver.waitForPings(count: 2).last
        #expect(final?.path.hasSuffix("/stuck/fail") == true)
        #expect(final?.bodyText.hasPrefix("FAILED: stuck was stopped after --max-runtime 1s\n") == true)
        #expect(final?.bodyText.hasSuffix("started\n") == true)
    }

    @Test func aJobIgnoringSIGTERMIsKilledAfterTheGrace() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        let result = try await WrapperProcess.run(["stubborn", "--max-runtime", "1s", "--",
                                                   "trap '' TERM; sleep 300 & echo $! > \(dir)/grandchild; while :; do sleep 1; done"],
                                                  environment: ["CRONOPS_EXEC_KILL_GRACE": "1"])
        #expect(result.status == 124)
        // The SIGKILL comes no sooner than --max-runtime plus the grace.
        #expect(result.seconds >= 2, "took \(result.seconds) s")
        let grandchild = try pidFile(dir + "/grandchild")
        #expect(await eventually { processIsGone(grandchild) })
        #expect(result.stderrText.contains("✗ --max-runtime 1s: still running after 1s; stopped by the wrapper"))
    }

    @Test func sigtermToTheWrapperIsForwardedToTheJob() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let dir = try TestPaths.temporaryDirectory().path
        let process = try WrapperProcess.start(["stopped", "--ping-url", receiver.baseURL, "--",
                                                "trap 'echo got TERM; exit 7' TERM; sleep 300 & echo $! > \(dir)/bg; wait"],
                                               environment: ["CRONOPS_PING_KEY": pingKey])
        // Signal once `sleep` runs: a SIGTERM while the shell is still forking it would leave
        // the sleep to the SIGKILL after the grace (right, but not what this test is about).
        let bg = try await runningProgram("sleep", pidFile: dir + "/bg")
        process.signal(SIGTERM)
        let result = await process.wait()
        #expect(result.status == 7)
        #expect(result.stdoutText == "got TERM\n")
        // The whole group got it: the background sleep is gone too, with no SIGKILL needed.
        #expect(await eventually { processIsGone(bg) })
        #expect(!result.stderrText.contains("SIGKILL"), "\(result.stderrText)")
        #expect(await receiver.waitForPings(count: 2).last?.path.hasSuffix("/stopped/7") == true)
    }

    @Test func sigintToTheWrapperStopsAJobThatDoesNotTrapIt() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        let process = try WrapperProcess.start(["interrupted", "--", "echo $$ > \(dir)/job; exec sleep 300"])
        _ = try await runningProgram("sleep", pidFile: dir + "/job")
        process.signal(SIGINT)
        let result = await process.wait()
        #expect(result.status == 130)
        #expect(result.stderrText.contains("stopped by SIGINT sent to the wrapper"))
    }

    @Test func aBackgroundChildHoldingTheOutputDoesNotHoldTheWrapperForever() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        let result = try await WrapperProcess.run(["daemonizes", "--", "sleep 300 & echo $! > \(dir)/bg; echo started"],
                                                  environment: ["CRONOPS_EXEC_DRAIN": "1"])
        #expect(result.status == 0)
        #expect(result.stdoutText == "started\n")
        // Output is relayed for the drain time after the job's own process exits, then the
        // wrapper ends while the background child still holds the pipe.
        #expect(result.seconds >= 1, "took \(result.seconds) s")
        let bg = try pidFile(dir + "/bg")
        #expect(!processIsGone(bg), "the wrapper waited for the background child")
        kill(bg, SIGKILL)
    }

    @Test func aShellThatCannotStartIsReported() async throws {
        let result = try await WrapperProcess.run(["missing", "--", "no-such-command-xyz"])
        #expect(result.status == 127)
        #expect(result.stderrText.contains("not found"))
    }
}
