import FlyingFox
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one way a test double starts: a real HTTP/1.1 server on 127.0.0.1 (a free port) that
/// answers with a FlyingFox `HTTPHandler` and never needs Swift's cooperative pool. Sockets are
/// served by threads of their own (one accepting, one per connection, blocking I/O) and the
/// handler runs on `DoubleExecutor`, so the double answers even while every pool thread is busy
/// (FlyingFox's own server runs its accept loop and connections in `Task {}`s on the pool).
///
/// Each answer closes its connection (`Connection: close`): clients open a new one per request,
/// which keeps this server free of keep-alive bookkeeping.
public final class LoopbackServer: @unchecked Sendable {
    public let port: UInt16
    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private let handler: any HTTPHandler
    private let listener: Int32
    /// Written to by `stop()` to wake the accepting thread.
    private let wake: (read: Int32, write: Int32)
    private let lock = NSLock()
    private var stopped = false
    private var listenerWaiters: [CheckedContinuation<Void, Never>] = []
    private var listenerIsClosed = false
    private var connections: Set<Int32> = []
    private var handlers: [Int: Task<Void, Never>] = [:]
    private var nextHandler = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    /// Starts listening at once; the server is answering when this returns.
    public static func start(_ handler: some HTTPHandler) throws -> LoopbackServer {
        let (fd, port) = try loopbackSocket(listening: 128)
        var pipeEnds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pipeEnds) == 0 else {
            let code = errno
            close(fd)
            throw POSIXFailure(call: "socketpair", code: code)
        }
        let server = LoopbackServer(handler: handler, listener: fd, wake: (pipeEnds[0], pipeEnds[1]),
                                    port: port)
        let thread = Thread { server.acceptConnections() }
        thread.name = "loopback-accept-\(server.port)"
        thread.start()
        return server
    }

    private init(handler: any HTTPHandler, listener: Int32, wake: (read: Int32, write: Int32), port: UInt16) {
        self.handler = handler
        self.listener = listener
        self.wake = wake
        self.port = port
    }

    /// Stops listening (new connections are refused when this returns), drops open
    /// connections and cancels the handlers still running (a reply held back ends now).
    public func stop() async { await shutDown(dropConnections: true) }

    /// Stops listening only: new connections are refused when this returns, while requests
    /// already being handled are answered. A server going away between two requests.
    public func stopListening() async { await shutDown(dropConnections: false) }

    private func shutDown(dropConnections: Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            var running: [Task<Void, Never>] = []
            if dropConnections {
                for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
                running = Array(handlers.values)
            }
            if listenerIsClosed {
                lock.unlock()
                for task in running { task.cancel() }
                continuation.resume()
                return
            }
            listenerWaiters.append(continuation)
            let first = !stopped
            stopped = true
            lock.unlock()
            if first { _ = write(wake.write, "x", 1) }
            for task in running { task.cancel() }
        }
    }

    /// Returns once no request is being handled: what a test awaits before it looks at the
    /// effect of a request whose client already gave up.
    public func idle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if handlers.isEmpty {
                lock.unlock()
                continuation.resume()
            } else {
                idleWaiters.append(continuation)
                lock.unlock()
            }
        }
    }

    private func acceptConnections() {
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 || fds[1].revents != 0 { break }
            let connection = accept(listener, nil, nil)
            if connection < 0 { continue }
            // Glibc's module has no accept4: a process spawned in between may inherit it, which
            // only delays that copy's close (answers carry a Content-Length, never read to EOF).
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            lock.lock()
            if stopped {
                lock.unlock()
                close(connection)
                break
            }
            connections.insert(connection)
            lock.unlock()
            let thread = Thread { [self] in serve(connection) }
            thread.name = "loopback-\(port)"
            thread.start()
        }
        close(listener)
        close(wake.read)
        close(wake.write)
        lock.lock()
        listenerIsClosed = true
        let waiters = listenerWaiters
        listenerWaiters = []
        lock.unlock()
        for waiter in waiters { waiter.resume() }
    }

    private func serve(_ fd: Int32) {
        defer {
            lock.lock()
            connections.remove(fd)
            lock.unlock()
            close(fd)
        }
        var reader = RequestReader(fd: fd)
        guard let request = reader.read() else { return }
        guard let (response, body) = answer(request) else { return }
        var head = "HTTP/1.1 \(response.statusCode.code) \(response.statusCode.phrase)\r\n"
        for (name, value) in response.headers {
            let lower = name.rawValue.lowercased()
            if lower == "content-length" || lower == "connection" || lower == "transfer-encoding" { continue }
            head += "\(name.rawValue): \(value)\r\n"
        }
        head += "Content-Length: \(request.method == .HEAD ? 0 : body.count)\r\nConnection: close\r\n\r\n"
        var bytes = [UInt8](head.utf8)
        if request.method != .HEAD { bytes += body }
        _ = sendAll(fd, bytes)
    }

    /// Runs the handler on `DoubleExecutor` and waits for it on this connection's own thread.
    private func answer(_ request: HTTPRequest) -> (HTTPResponse, [UInt8])? {
        final class Slot: @unchecked Sendable { var value: (HTTPResponse, [UInt8])? }
        let slot = Slot()
        let done = DispatchSemaphore(value: 0)
        lock.lock()
        if stopped {
            lock.unlock()
            return nil
        }
        let id = nextHandler
        nextHandler += 1
        let handler = self.handler
        handlers[id] = Task(executorPreference: DoubleExecutor.shared) {
            let response = (try? await handler.handleRequest(request)) ?? HTTPResponse(statusCode: .internalServerError)
            let body = (try? await response.bodyData) ?? Data()
            slot.value = (response, [UInt8](body))
            done.signal()
        }
        lock.unlock()
        done.wait()
        lock.lock()
        handlers[id] = nil
        let waiters = handlers.isEmpty ? idleWaiters : []
        if handlers.isEmpty { idleWaiters = [] }
        lock.unlock()
        for waiter in waiters { waiter.resume() }
        return slot.value
    }
}

/// Reads one HTTP/1.1 request (Content-Length or chunked body, `Expect: 100-continue`) from a
/// blocking socket.
struct RequestReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var position = 0
    /// Larger requests are refused: the doubles only ever see small API calls and pings.
    static let limit = 16 << 20

    init(fd: Int32) { self.fd = fd }

    mutating func read() -> HTTPRequest? {
        guard let requestLine = line(), case let parts = requestLine.split(separator: " "), parts.count == 3 else { return nil }
        var headers = HTTPHeaders()
        while let header = line(), !header.isEmpty {
            guard let colon = header.firstIndex(of: ":") else { return nil }
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.addValue(value, for: HTTPHeader(String(header[..<colon])))
        }
        if headers[HTTPHeader("Expect")]?.lowercased() == "100-continue" {
            guard sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return nil }
        }
        var body: [UInt8] = []
        if headers[.transferEncoding]?.lowercased().contains("chunked") == true {
            while true {
                guard let sizeLine = line(), let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16),
                      size >= 0, body.count + size <= Self.limit else { return nil }
                if size == 0 {
                    while let trailer = line(), !trailer.isEmpty {}
                    break
                }
                guard let chunk = bytes(size), line() == "" else { return nil }
                body += chunk
            }
        } else if let text = headers[.contentLength] {
            guard let length = Int(text), length >= 0, length <= Self.limit, let chunk = bytes(length) else { return nil }
            body = chunk
        }
        let target = String(parts[1])
        let query = target.firstIndex(of: "?")
        return HTTPRequest(method: HTTPMethod(String(parts[0])), version: HTTPVersion(String(parts[2])),
                           target: .init(path: String(target[..<(query ?? target.endIndex)]),
                                         query: query.map { String(target[target.index(after: $0)...]) } ?? ""),
                           headers: headers, body: HTTPBodySequence(data: Data(body)))
    }

    /// The next line without its CRLF; nil at end of stream.
    private mutating func line() -> String? {
        while true {
            if let end = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                var stop = end
                if stop > position && buffer[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                let text = String(decoding: buffer[position..<stop], as: UTF8.self)
                position = end + 1
                return text
            }
            guard buffer.count - position < 64 << 10, fill() else { return nil }
        }
    }

    private mutating func bytes(_ count: Int) -> [UInt8]? {
        while buffer.count - position < count {
            guard fill() else { return nil }
        }
        defer { position += count }
        return Array(buffer[position..<(position + count)])
    }

    private mutating func fill() -> Bool {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            buffer += chunk[0..<n]
            return true
        }
    }
}

/// Writes all of `bytes`; false when the peer went away (no SIGPIPE).
@discardableResult
func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return false }
        offset += n
    }
    return true
}

/// What every loopback double is: something served by a `LoopbackServer`, with its address and
/// its stop. The doubles differ only in their handler and what they record.
public protocol LoopbackDouble: Sendable {
    var server: LoopbackServer { get }
}

extension LoopbackDouble {
    public var port: UInt16 { server.port }
    /// `http://127.0.0.1:<port>`: what `monitor.api_url` or `--ping-url` is set to.
    public var baseURL: String { server.baseURL }
    public func stop() async { await server.stop() }
    /// Returns once no request is being handled (see `LoopbackServer.idle()`).
    public func idle() async { await server.idle() }
}
