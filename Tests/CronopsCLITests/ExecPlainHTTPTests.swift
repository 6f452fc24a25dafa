@testable import CronopsCLI
import CronopsCore
import CronopsTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ExecPlainHTTPTests {
    @Test func parsesHTTPURLs() {
        #expect(PlainHTTP.endpoint("http://127.0.0.1:8000/k/s/start?rid=x") == .init(host: "127.0.0.1", port: 8000, target: "/k/s/start?rid=x"))
        #expect(PlainHTTP.endpoint("http://hc.lan/ping/k/s/0") == .init(host: "hc.lan", port: 80, target: "/ping/k/s/0"))
        #expect(PlainHTTP.endpoint("http://[::1]:9/k/s") == .init(host: "::1", port: 9, target: "/k/s"))
        #expect(PlainHTTP.endpoint("http://host") == .init(host: "host", port: 80, target: "/"))
        #expect(PlainHTTP.endpoint("https://hc-ping.com/k/s") == nil)
        #expect(PlainHTTP.endpoint("http://user@host/k") == nil)
        #expect(PlainHTTP.endpoint("http://host:99999/k") == nil)
    }

    @Test func buildsACompleteRequest() {
        let request = String(decoding: PlainHTTP.request(.init(host: "::1", port: 8000, target: "/k/s/0"), body: "é\n"), as: UTF8.self)
        #expect(request == "POST /k/s/0 HTTP/1.1\r\nHost: [::1]:8000\r\nUser-Agent: cronops-exec\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\nConnection: close\r\n\r\né\n")
        let kept = String(decoding: PlainHTTP.request(.init(host: "h", port: 80, target: "/k/s/0"), body: "", keepAlive: true), as: UTF8.self)
        #expect(kept == "POST /k/s/0 HTTP/1.1\r\nHost: h:80\r\nUser-Agent: cronops-exec\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 0\r\n\r\n")
    }

    /// The final ping goes out on the start ping's connection when the monitor keeps it open
    /// (keep-alive), and on a new one when it does not; both arrive either way.
    @Test(arguments: [(RawServer.Reply.keepAlive, 1), (.closing, 2)])
    func startAndFinalPingShareAConnectionTheMonitorKeeps(_ reply: RawServer.Reply, connections: Int) async throws {
        let server = try RawServer(reply)
        let run = try await WrapperProcess.run(["kept", "--ping-url", "http://127.0.0.1:\(server.port)", "--", "exit 0"],
                                               environment: ["CRONOPS_PING_KEY": pingKey])
        #expect(run.status == 0)
        #expect(run.stderrText.isEmpty, "\(run.stderrText)")
        #expect(server.finish() == (connections: connections, requests: 2))
    }

    /// The key loses the white space around it (a file's newline, a pasted blank), and a key
    /// of white space only is no key.
    @Test func pingKeysAreTrimmedAndBlankOnesRefused() async throws {
        let server = try RawServer(.keepAlive)
        let dir = try TestPaths.temporaryDirectory().path
        try " \u{00A0}\t\n".write(toFile: dir + "/blank", atomically: true, encoding: .utf8)
        let url = "http://127.0.0.1:\(server.port)"
        let blank = try await WrapperProcess.run(["blank", "--ping-url", url, "--ping-key-file", dir + "/blank", "--", "exit 0"])
        #expect(blank.status == 0)
        #expect(blank.stderrText.contains("--ping-key-file \(dir)/blank is unreadable or empty"), "\(blank.stderrText)")
        let padded = try await WrapperProcess.run(["padded", "--ping-url", url, "--", "exit 0"],
                                                  environment: ["CRONOPS_PING_KEY": " \tk3y\u{2003}\n"])
        #expect(padded.status == 0)
        #expect(padded.stderrText.isEmpty, "\(padded.stderrText)")
        #expect(server.finish() == (connections: 1, requests: 2))
        #expect(server.paths == ["/k3y/padded/start", "/k3y/padded/0"])
    }

    /// A kept connection the server let go while idle is replaced by a new one to the same
    /// address; an answer that says `Connection: close` (or gives no length) is not kept.
    @Test(arguments: [
        (RawServer.Reply.keepAliveThenHangUp, 2, true),
        (.closing, 2, false),
        (.withoutLength, 2, false),
        (.keepAlive, 1, true),
    ])
    func keepsOnlyConnectionsTheAnswerLeavesUsable(_ reply: RawServer.Reply, connections: Int, kept: Bool) throws {
        let server = try RawServer(reply)
        let endpoint = try #require(PlainHTTP.endpoint("http://127.0.0.1:\(server.port)/k/s/start"))
        var connection: PlainHTTP.Connection?
        for _ in 0..<2 {
            let result = PlainHTTP.post(endpoint, body: "x", timeout: 10, kept: &connection)
            #expect(result.succeeded, "\(result)")
            #expect((connection != nil) == kept)
        }
        connection = nil
        #expect(server.finish() == (connections: connections, requests: 2))
    }
}

/// A loopback HTTP server on a thread of its own that answers each request in one of a few
/// ways no off-the-shelf server chooses on purpose, and counts connections and requests.
final class RawServer: Sendable {
    enum Reply: Sendable {
        /// Keep-alive answers, and the connection is hung up after each: what a server does
        /// to a connection left idle.
        case keepAliveThenHangUp
        case keepAlive
        case closing
        case withoutLength
    }

    let port: UInt16
    private let fd: Int32
    private let done = DispatchSemaphore(value: 0)
    private let counts = Locked((connections: 0, requests: 0))
    private let seen = Locked<[String]>([])
    /// The request paths, in order (without the query).
    var paths: [String] { seen.withLock { $0 } }

    init(_ reply: Reply) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw HarnessError("raw server: \(String(cString: strerror(errno)))") }
        self.fd = fd
        port = UInt16(bigEndian: address.sin_port)
        let listener = fd
        Thread.detachNewThread { [self] in
            // Until the listening socket is shut down by `finish()`.
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { break }
                counts.withLock { $0.connections += 1 }
                serve(client, reply)
                close(client)
            }
            done.signal()
        }
    }

    private func serve(_ client: Int32, _ reply: Reply) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return }
            pending += buffer[0..<n]
            // A request is its head, a blank line, then Content-Length bytes of body.
            guard let end = pending.indices.dropFirst(3).first(where: { pending[$0 - 3...$0] == [13, 10, 13, 10] }) else { continue }
            let head = String(decoding: pending[...end], as: UTF8.self).lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            guard pending.count >= end + 1 + length else { continue }
            let target = head.split(separator: " ").dropFirst().first.map { String($0.prefix { $0 != "?" }) } ?? ""
            seen.withLock { $0.append(target) }
            pending.removeFirst(end + 1 + length)
            counts.withLock { $0.requests += 1 }
            let answer = switch reply {
            case .keepAlive, .keepAliveThenHangUp: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"
            case .closing: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"
            case .withoutLength: "HTTP/1.1 200 OK\r\n\r\nOK"
            }
            _ = Array(answer.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if case .keepAlive = reply { continue }
            return
        }
    }

    /// Stops accepting and returns what was served.
    func finish() -> (connections: Int, requests: Int) {
        shutdown(fd, Int32(SHUT_RDWR))
        done.wait()
        close(fd)
        return counts.withLock { $0 }
    }
}
