import FlyingFox
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One request a `PingReceiver` got.
public struct ReceivedPing: Sendable, Equatable {
    public var method: String
    /// Without the query, e.g. `/KEY/slug/start`.
    public var path: String
    public var query: [String: String]
    public var body: Data

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// A real HTTP ping endpoint on 127.0.0.1 (a `LoopbackServer`) that records every request and
/// answers as told: at once, after the test opens a gate, with an error status, or never.
public final class PingReceiver: LoopbackDouble {
    public enum Reply: Sendable {
        case status(Int)
        /// Answer once `gate` returns: the test decides when (e.g. when the job has run).
        case after(@Sendable () async -> Void, status: Int)
        /// Read the request, then stay silent until the client gives up (or the receiver stops).
        case never
    }

    public let server: LoopbackServer
    private let recorder: Recorder

    /// Starts listening on a free loopback port. `reply` decides each answer.
    public static func start(reply: @escaping @Sendable (ReceivedPing) -> Reply = { _ in .status(200) }) async throws -> PingReceiver {
        let recorder = Recorder()
        let handler = ClosureHTTPHandler { request in
            let ping = ReceivedPing(method: request.method.rawValue, path: request.path,
                                    query: Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }),
                                    body: try await request.bodyData)
            await recorder.record(ping)
            switch reply(ping) {
            case let .status(code):
                return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: code < 400 ? "OK" : "Error"), body: Data("OK".utf8))
            case let .after(gate, code):
                await gate()
                return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: "OK"), body: Data("OK".utf8))
            case .never:
                // Cancelled by `stop()`; the client's own timeout ends it long before.
                try? await Task.sleep(nanoseconds: 600 * 1_000_000_000)
                return HTTPResponse(statusCode: .gatewayTimeout)
            }
        }
        return PingReceiver(server: try LoopbackServer.start(handler), recorder: recorder)
    }

    private init(server: LoopbackServer, recorder: Recorder) {
        self.server = server
        self.recorder = recorder
    }

    /// Everything received so far, in arrival order.
    public func pings() async -> [ReceivedPing] { await recorder.all }

    /// Waits until at least `count` requests arrived and returns them all; after `timeout`
    /// (which only matters when the test is failing) returns what arrived.
    public func waitForPings(count: Int, timeout: Double = 30) async -> [ReceivedPing] {
        await recorder.wait(count: count, timeout: timeout)
    }

    actor Recorder {
        var all: [ReceivedPing] = []
        private var waiters: [(id: Int, count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        private var nextWaiter = 0

        func record(_ ping: ReceivedPing) {
            all.append(ping)
            let ready = waiters.filter { $0.count <= all.count }
            waiters.removeAll { $0.count <= all.count }
            for waiter in ready { waiter.continuation.resume() }
        }

        func wait(count: Int, timeout: Double) async -> [ReceivedPing] {
            if all.count < count {
                let id = nextWaiter
                nextWaiter += 1
                let timer = Task { [weak self] in
                    try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                    await self?.giveUp(id)
                }
                await withCheckedContinuation { waiters.append((id, count, $0)) }
                timer.cancel()
            }
            return all
        }

        private func giveUp(_ id: Int) {
            guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
            waiters.remove(at: index).continuation.resume()
        }
    }
}

/// A loopback port nothing listens on: connections to it are refused.
public func closedLoopbackURL() throws -> String {
    "http://127.0.0.1:\(try freeLoopbackPort())"
}

/// Asks the kernel for a free port on 127.0.0.1, then releases it.
func freeLoopbackPort() throws -> UInt16 {
    let (fd, port) = try loopbackSocket(listening: nil)
    close(fd)
    return port
}

/// A TCP socket bound to a free port on 127.0.0.1, listening when a backlog is given.
/// Close-on-exec: the tests start processes in parallel (the wrapper, the jobs it runs), and a
/// listening socket they inherited would outlive `stop()` and take connections nobody answers.
func loopbackSocket(listening backlog: Int32?) throws -> (fd: Int32, port: UInt16) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw POSIXFailure(call: "socket", code: errno) }
    var address = loopbackAddress(port: 0)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, backlog.map({ listen(fd, $0) == 0 }) ?? true else {
        let code = errno
        close(fd)
        throw POSIXFailure(call: "bind/listen on 127.0.0.1", code: code)
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, UInt16(bigEndian: address.sin_port))
}

func loopbackAddress(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    return address
}

public struct POSIXFailure: Error, CustomStringConvertible {
    public var call: String
    public var code: Int32
    public var description: String { "\(call): \(String(cString: strerror(code)))" }
}
