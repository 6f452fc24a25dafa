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

/// A real HTTP ping endpoint on 127.0.0.1 (FlyingFox) that records every request and answers
/// as told: at once, slowly, with an error status, or never.
public final class PingReceiver: Sendable {
    public enum Reply: Sendable {
        case status(Int)
        /// Answer after `seconds`.
        case delayed(Double, status: Int)
        /// Read the request, then stay silent until the client gives up.
        case never
    }

    private let server: HTTPServer
    private let task: Task<Void, Never>
    public let port: UInt16

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts listening on a free loopback port. `reply` decides each answer.
    public static func start(reply: @escaping @Sendable (ReceivedPing) -> Reply = { _ in .status(200) }) async throws -> PingReceiver {
        let recorder = Recorder()
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 60, logger: .disabled)
        await server.appendRoute("*") { request in
            let ping = ReceivedPing(method: request.method.rawValue, path: request.path,
                                    query: Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }),
                                    body: try await request.bodyData)
            await recorder.record(ping)
            switch reply(ping) {
            case let .status(code):
                return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: code < 400 ? "OK" : "Error"), body: Data("OK".utf8))
            case let .delayed(seconds, code):
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: "OK"), body: Data("OK".utf8))
            case .never:
                try? await Task.sleep(nanoseconds: 120 * 1_000_000_000)
                return HTTPResponse(statusCode: .gatewayTimeout)
            }
        }
        let task = Task { _ = try? await server.run() }
        try await server.waitUntilListening(timeout: 10)
        guard case let .ip4(_, port) = await server.listeningAddress else {
            throw POSIXFailure(call: "listen on 127.0.0.1", code: EADDRNOTAVAIL)
        }
        return PingReceiver(server: server, task: task, recorder: recorder, port: port)
    }

    private init(server: HTTPServer, task: Task<Void, Never>, recorder: Recorder, port: UInt16) {
        self.server = server
        self.task = task
        self.port = port
        self.recorderRef = recorder
    }

    private let recorderRef: Recorder

    /// Everything received so far, in arrival order.
    public func pings() async -> [ReceivedPing] { await recorderRef.all }

    /// Waits until at least `count` requests arrived (or `timeout` passed) and returns them all.
    public func waitForPings(count: Int, timeout: Double = 10) async -> [ReceivedPing] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let all = await recorderRef.all
            if all.count >= count { return all }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return await recorderRef.all
    }

    public func stop() async {
        await server.stop(timeout: 0)
        task.cancel()
    }

    actor Recorder {
        var all: [ReceivedPing] = []
        func record(_ ping: ReceivedPing) { all.append(ping) }
    }
}

/// A loopback port nothing listens on: connections to it are refused.
public func closedLoopbackURL() throws -> String {
    "http://127.0.0.1:\(try freeLoopbackPort())"
}

/// Asks the kernel for a free port on 127.0.0.1, then releases it.
func freeLoopbackPort() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXFailure(call: "socket", code: errno) }
    defer { close(fd) }
    var address = loopbackAddress(port: 0)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw POSIXFailure(call: "bind", code: errno) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return UInt16(bigEndian: address.sin_port)
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
