import CronopsCore
import CronopsTestSupport
import Dispatch
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import CronopsCLI

/// The doubles answer from threads of their own: a test that blocks the cooperative pool (as
/// parallel tests do) cannot starve them.
@Suite struct LoopbackDoubleTests {
    /// Blocks every cooperative thread in a synchronous wait that only ends once both doubles
    /// have answered a request sent from a plain thread. With the servers on the pool this
    /// would wait for the 10 s request timeout and fail.
    @Test func doublesAnswerWhileEveryPoolThreadIsBlocked() async throws {
        let receiver = try await PingReceiver.start()
        let double = try await HealthchecksDouble.start()
        defer { Task { await receiver.stop(); await double.stop() } }
        // Other tests running in parallel may hold pool threads for seconds (CPU-bound suites):
        // each attempt gives up after a short window, so this test never stalls them for long.
        for _ in 0..<600 {
            guard let answers = await Self.whilePoolIsBlocked(window: 0.2, {
                (PlainHTTP.post(PlainHTTP.endpoint(receiver.baseURL + "/key/job/start")!, body: "", timeout: 10),
                 PlainHTTP.post(PlainHTTP.endpoint(double.baseURL + "/api/v3/checks/")!, body: "{}", timeout: 10))
            }) else { continue }
            #expect(answers.0 == .status(200), "\(answers.0)")
            // No API key: the double answers 401, which is an answer.
            #expect(answers.1 == .status(401), "\(answers.1)")
            #expect(await receiver.pings().map(\.path) == ["/key/job/start"])
            return
        }
        Issue.record("the cooperative pool was never free long enough to block all of it")
    }

    /// Runs `body` on a plain thread while one task per core blocks a cooperative thread each,
    /// or returns nil if they did not all get a thread within `window` seconds.
    static func whilePoolIsBlocked<T: Sendable>(window: Double, _ body: @escaping @Sendable () -> T) async -> T? {
        let width = ProcessInfo.processInfo.activeProcessorCount
        let arrived = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        for _ in 0..<width {
            Task.detached {
                arrived.signal()
                // Bounded only so that a broken test cannot hold the pool forever.
                _ = release.wait(timeout: .now() + 120)
            }
        }
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let deadline = DispatchTime.now() + window
                var blocked = 0
                while blocked < width, arrived.wait(timeout: deadline) == .success { blocked += 1 }
                let result = blocked == width ? body() : nil
                for _ in 0..<width { release.signal() }
                continuation.resume(returning: result)
            }
        }
    }

    @Test func stopRefusesNewConnectionsAndEndsAReplyHeldBack() async throws {
        let receiver = try await PingReceiver.start { _ in .never }
        let url = receiver.baseURL
        let stopper = Task {
            _ = await receiver.waitForPings(count: 1)
            await receiver.stop()
        }
        let held: PingRetryPolicy.AttemptResult = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: PlainHTTP.post(PlainHTTP.endpoint(url + "/k/held")!, body: "", timeout: 60))
            }
        }
        await stopper.value
        // The held request ends with the server, not with the client's 60 s timeout.
        #expect(held != .status(200))
        let refused = PlainHTTP.post(PlainHTTP.endpoint(url + "/k/after")!, body: "", timeout: 10)
        #expect("\(refused)".contains("refused"), "\(refused)")
        await receiver.idle()
    }

    /// What libcurl may send: `Expect: 100-continue`, then a chunked body.
    @Test func chunkedBodyAfter100ContinueArrivesWhole() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let port = receiver.port
        let exchange: (String, String) = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(fd) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = port.bigEndian
                address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
                _ = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                func send(_ text: String) { _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
                func receive() -> String {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    let n = recv(fd, &buffer, buffer.count, 0)
                    return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
                }
                send("POST /k/chunky/0?rid=r1 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
                let interim = receive()
                send("5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n")
                var response = ""
                while case let part = receive(), !part.isEmpty { response += part }
                continuation.resume(returning: (interim, response))
            }
        }
        #expect(exchange.0 == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(exchange.1.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(exchange.1)")
        let ping = await receiver.waitForPings(count: 1).first
        #expect(ping?.path == "/k/chunky/0")
        #expect(ping?.query == ["rid": "r1"])
        #expect(ping?.bodyText == "hello, world")
    }
}

extension LoopbackDoubleTests {
    /// A monitor that goes away and comes back with what it had.
    @Test func aStoppedDoubleComesBackWithItsStore() async throws {
        let first = try await HealthchecksDouble.start()
        await first.store.seed(name: "kept", slug: "kept", tags: "cronops")
        await first.stop()
        let refused = PlainHTTP.post(PlainHTTP.endpoint(first.baseURL + "/api/v3/checks/")!, body: "", timeout: 10)
        #expect("\(refused)".contains("refused"), "\(refused)")
        try await HealthchecksDouble.with(store: first.store) { again in
            #expect(await again.store.checks.map(\.slug) == ["kept"])
            let answer = PlainHTTP.post(PlainHTTP.endpoint(again.baseURL + "/api/v3/checks/")!, body: "{}", timeout: 10)
            #expect(answer == .status(401))
        }
    }
}
