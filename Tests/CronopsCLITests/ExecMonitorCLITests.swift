import CronopsTestSupport
import Foundation
import Testing

/// The two ways pings leave the wrapper for an http:// monitor: a plain socket, and libcurl
/// (used for https://, and forced here so it is covered without a TLS server).
let transports: [[String: String]] = [[:], ["CRONOPS_EXEC_PING_VIA_CURL": "1"]]

/// The monitor never changes the job's outcome: refused, silent, slow and failing monitors.
@Suite struct ExecMonitorCLITests {
    /// That a monitor that is slow to answer /start does not hold the job back is shown
    /// without a clock by `aStartPingHeldUntilTheJobRanDoesNotDelayIt`.
    let stampCommand = "exit 3"

    @Test(arguments: transports)
    func refusedConnectionsLeaveTheExitStatusAndWarnWithoutTheKey(_ transport: [String: String]) async throws {
        let url = try closedLoopbackURL()
        let process = try WrapperProcess.start(["refused", "--ping-url", url, "--", stampCommand],
                                               environment: ["CRONOPS_PING_KEY": pingKey].merging(transport) { a, _ in a })
        let result = await process.wait()
        #expect(result.status == 3)
        // Refusals fail fast: a few retries with short waits, well inside the budgets.
        #expect(result.seconds < 10, "took \(result.seconds) s")
        #expect(result.stderrText.contains("warning: could not ping the monitor (\(url)/<ping-key>/refused/start)"))
        #expect(result.stderrText.contains("connection refused"))
        #expect(result.stderrText.contains("the job's exit status is unchanged"))
        #expect(!result.stderrText.contains(pingKey))
    }

    @Test(arguments: transports)
    func aListenerThatNeverAnswersCostsABoundedDelay(_ transport: [String: String]) async throws {
        let silent = try SilentListener()
        let process = try WrapperProcess.start(["silent", "--ping-url", silent.baseURL, "--", stampCommand],
                                               environment: ["CRONOPS_PING_KEY": pingKey].merging(transport) { a, _ in a })
        let result = await process.wait()
        #expect(result.status == 3)
        // Budgets: /start 5 s (the final ping waits for it), final 12 s; generous for a loaded host.
        #expect(result.seconds < 25, "took \(result.seconds) s")
        #expect(result.stderrText.contains("could not ping the monitor"))
        #expect(!result.stderrText.contains(pingKey))
        withExtendedLifetime(silent) {}
    }

    @Test func aServerThatReadsTheRequestButNeverAnswersCostsABoundedDelay() async throws {
        let receiver = try await PingReceiver.start { _ in .never }
        defer { Task { await receiver.stop() } }
        let process = try WrapperProcess.start(["hanging", "--ping-url", receiver.baseURL, "--", stampCommand],
                                               environment: ["CRONOPS_PING_KEY": pingKey])
        let result = await process.wait()
        #expect(result.status == 3)
        #expect(result.seconds < 25, "took \(result.seconds) s")
        #expect(result.stderrText.contains("timed out"))
        // The server did get the requests; it just never answered them.
        #expect(await receiver.pings().contains { $0.path.hasSuffix("/hanging/start") })
    }

    @Test(arguments: transports)
    func serverErrorsAreRetriedThenWarned(_ transport: [String: String]) async throws {
        let receiver = try await PingReceiver.start { _ in .status(503) }
        defer { Task { await receiver.stop() } }
        let result = try await WrapperProcess.run(["flaky", "--ping-url", receiver.baseURL, "--", "exit 0"],
                                                  environment: ["CRONOPS_PING_KEY": pingKey].merging(transport) { a, _ in a })
        #expect(result.status == 0)
        let pings = await receiver.pings()
        #expect(pings.filter { $0.path.hasSuffix("/start") }.count == 3)
        #expect(pings.filter { $0.path.hasSuffix("/flaky/0") }.count == 3)
        #expect(result.stderrText.contains("HTTP 503 after 3 attempts"))
    }

    @Test(arguments: transports)
    func notFoundIsNotRetried(_ transport: [String: String]) async throws {
        let receiver = try await PingReceiver.start { _ in .status(404) }
        defer { Task { await receiver.stop() } }
        let result = try await WrapperProcess.run(["unknown", "--ping-url", receiver.baseURL, "--", "exit 5"],
                                                  environment: ["CRONOPS_PING_KEY": pingKey].merging(transport) { a, _ in a })
        #expect(result.status == 5)
        #expect(await receiver.pings().map(\.path).map { $0.split(separator: "/").last! } == ["start", "5"])
        #expect(result.stderrText.contains("HTTP 404 after 1 attempt"))
    }

    /// The receiver answers /start only once the job has run: a wrapper that waited for /start
    /// before starting the job would see it time out (and warn). (The job only touches a file,
    /// so it runs well inside /start's 5 s budget even on a loaded machine.) The final ping must still
    /// wait for the /start answer, so Healthchecks sees them in order.
    @Test(arguments: transports)
    func aStartPingHeldUntilTheJobRanDoesNotDelayItAndPrecedesTheFinalPing(_ transport: [String: String]) async throws {
        let dir = try TestPaths.temporaryDirectory().path
        final class Flag: @unchecked Sendable {
            private let lock = NSLock()
            private var value = false
            var isSet: Bool { lock.withLock { value } }
            func set() { lock.withLock { value = true } }
        }
        let startAnswered = Flag(), finalAfterStartAnswer = Flag()
        let receiver = try await PingReceiver.start { ping in
            if ping.path.hasSuffix("/start") {
                return .after({
                    _ = await eventually(timeout: 60) { FileManager.default.fileExists(atPath: dir + "/ran") }
                    startAnswered.set()
                }, status: 200)
            }
            if startAnswered.isSet { finalAfterStartAnswer.set() }
            return .status(200)
        }
        defer { Task { await receiver.stop() } }
        let result = try await WrapperProcess.run(["held", "--ping-url", receiver.baseURL, "--", "touch \(dir)/ran"],
                                                  environment: ["CRONOPS_PING_KEY": pingKey].merging(transport) { a, _ in a })
        #expect(result.status == 0)
        #expect(result.stderrText.isEmpty, "\(result.stderrText)")
        // On a loaded machine the first /start attempt may time out before the job has run and
        // be retried; every attempt is held the same way, so only the order matters.
        let kinds = await receiver.pings().map { String($0.path.split(separator: "/").last!) }
        #expect(kinds.first == "start" && kinds.last == "0" && kinds.dropLast().allSatisfy { $0 == "start" }, "\(kinds)")
        #expect(finalAfterStartAnswer.isSet, "the final ping was sent before /start was answered")
    }

    @Test(arguments: transports)
    func aRedirectIsNotFollowedAndExplained(_ transport: [String: String]) async throws {
        let receiver = try await PingReceiver.start { _ in .status(301) }
        defer { Task { await receiver.stop() } }
        let result = try await WrapperProcess.run(["moved", "--ping-url", receiver.baseURL, "--", "true"],
                                                  environment: ["CRONOPS_PING_KEY": pingKey].merging(transport) { a, _ in a })
        #expect(result.status == 0)
        #expect(await receiver.pings().count == 2)
        #expect(result.stderrText.contains("HTTP 301: the monitor redirects"))
    }

    @Test func aMissingKeyStillRunsTheJobAndSaysSo() async throws {
        let result = try await WrapperProcess.run(["nokey", "--ping-url", "http://127.0.0.1:9", "--", "echo ran; exit 2"])
        #expect(result.status == 2)
        #expect(result.stdoutText == "ran\n")
        #expect(result.stderrText.contains("no ping key (CRONOPS_PING_KEY is not set); running without pings"))
    }
}
