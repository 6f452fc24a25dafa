#if canImport(Glibc)
import Glibc
#endif
import CronopsCore

/// A minimal HTTP/1.1 POST over a plain socket for `http://` ping URLs (a monitor on the same
/// host or LAN): no library to load, so a wrapped run with pings costs about what it costs
/// without. `https://` goes through libcurl. The answer is read to its end when it says how
/// long it is, so the connection can carry the next ping (keep-alive); otherwise only its
/// status line is read and the connection closed.
enum PlainHTTP {
    /// A connection kept open after an answer that allows it: the final ping reuses the start
    /// ping's, so it needs no name lookup, no handshake and no thread of its own.
    final class Connection: Sendable {
        let fd: Int32
        let address: Address
        init(fd: Int32, address: Address) {
            self.fd = fd
            self.address = address
        }
        deinit { close(fd) }
    }

    struct Endpoint: Equatable {
        var host: String
        var port: UInt16
        /// Path and query, e.g. `/key/slug/start?rid=…`.
        var target: String
    }

    /// `http://host[:port]/path?query`; nil for anything else.
    static func endpoint(_ url: String) -> Endpoint? {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let target = slash == rest.endIndex ? "/" : String(rest[slash...])
        var host = Substring(authority)
        var port: UInt16 = 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = UInt16(after.dropFirst()) else { return nil }
                port = p
            } else if !after.isEmpty {
                return nil
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let p = UInt16(authority[authority.index(after: colon)...]) else { return nil }
            port = p
        }
        guard !host.isEmpty, !authority.contains("@") else { return nil }
        return Endpoint(host: String(host), port: port, target: target)
    }

    /// One POST on a connection of its own, closed after the answer.
    static func post(_ endpoint: Endpoint, body: String, timeout: Double) -> PingRetryPolicy.AttemptResult {
        var none: Connection?
        return post(endpoint, body: body, timeout: timeout, keepAlive: false, kept: &none)
    }

    /// One POST on `kept` when it is open (a connection the server closed while idle, so that
    /// no byte of an answer came, is replaced by a new one), else on a new connection; `kept`
    /// is then the connection when the answer left it usable, nil otherwise.
    static func post(_ endpoint: Endpoint, body: String, timeout: Double, kept: inout Connection?) -> PingRetryPolicy.AttemptResult {
        post(endpoint, body: body, timeout: timeout, keepAlive: true, kept: &kept)
    }

    private static func post(_ endpoint: Endpoint, body: String, timeout: Double, keepAlive: Bool,
                             kept: inout Connection?) -> PingRetryPolicy.AttemptResult {
        let deadline = monotonicSeconds() + timeout
        let message = request(endpoint, body: body, keepAlive: keepAlive)
        if let connection = kept {
            kept = nil
            switch exchange(connection.fd, message, deadline: deadline) {
            case .closedUnanswered:
                // Let go while idle: the same address again, without a name lookup.
                return reconnect(message, to: connection.address, deadline: deadline, keepAlive: keepAlive, kept: &kept)
                    ?? .networkError("connection refused or host unreachable")
            case let .answered(result, reusable):
                if reusable { kept = connection }
                return result
            case let .failed(result): return result
            }
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let found = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard found == 0, let first = list else {
            return .networkError("host not found (\(String(cString: gai_strerror(found))))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "connection refused or host unreachable"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let address = Address(info.pointee)
            switch connect(to: address, deadline: deadline) {
            case let .failure(problem):
                lastError = problem.message
                if problem.message == "timed out" { return .networkError(problem.message) }
            case let .success(connection):
                return finish(connection, message, deadline: deadline, keepAlive: keepAlive, kept: &kept)
            }
        }
        return .networkError(lastError)
    }

    /// A new connection to `address` and the exchange on it; nil when it cannot connect.
    private static func reconnect(_ message: [UInt8], to address: Address, deadline: Double, keepAlive: Bool,
                             kept: inout Connection?) -> PingRetryPolicy.AttemptResult? {
        switch connect(to: address, deadline: deadline) {
        case let .failure(problem): return .networkError(problem.message)
        case let .success(connection): return finish(connection, message, deadline: deadline, keepAlive: keepAlive, kept: &kept)
        }
    }

    private static func finish(_ connection: Connection, _ message: [UInt8], deadline: Double, keepAlive: Bool,
                               kept: inout Connection?) -> PingRetryPolicy.AttemptResult {
        switch exchange(connection.fd, message, deadline: deadline) {
        case .closedUnanswered: return .networkError("connection closed without an answer")
        case let .answered(result, reusable):
            if keepAlive && reusable { kept = connection }
            return result
        case let .failed(result): return result
        }
    }

    /// A resolved socket address, kept with its connection so that reconnecting needs no lookup.
    struct Address: Sendable {
        var family: Int32
        var type: Int32
        var proto: Int32
        var bytes: [UInt8]

        init(_ info: addrinfo) {
            family = info.ai_family
            type = info.ai_socktype
            proto = info.ai_protocol
            bytes = Array(UnsafeRawBufferPointer(start: info.ai_addr, count: Int(info.ai_addrlen)))
        }
    }

    private static func connect(to address: Address, deadline: Double) -> Result<Connection, ConnectProblem> {
        let fd = socket(address.family, address.type | Int32(SOCK_CLOEXEC.rawValue), address.proto)
        guard fd >= 0 else { return .failure(ConnectProblem(errno)) }
        let connection = Connection(fd: fd, address: address)
        let result = address.bytes.withUnsafeBytes { raw in
            connect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count), deadline: deadline)
        }
        return result.map { connection }
    }

    static func request(_ endpoint: Endpoint, body: String, keepAlive: Bool = false) -> [UInt8] {
        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let head = "POST \(endpoint.target) HTTP/1.1\r\nHost: \(host):\(endpoint.port)\r\nUser-Agent: cronops-exec\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n"
            + (keepAlive ? "" : "Connection: close\r\n") + "\r\n"
        return Array(head.utf8) + Array(body.utf8)
    }

    private static func connect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t,
                                deadline: Double) -> Result<Void, ConnectProblem> {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, address, length) != 0 {
            guard errno == EINPROGRESS else { return .failure(ConnectProblem(errno)) }
            guard wait(fd, for: Int16(POLLOUT), deadline: deadline) else { return .failure(ConnectProblem(message: "timed out")) }
            var error: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
            if error != 0 { return .failure(ConnectProblem(error)) }
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return .success(())
    }

    private enum Exchange {
        /// The status, and whether the connection can carry another request.
        case answered(PingRetryPolicy.AttemptResult, reusable: Bool)
        /// The connection was closed (or reset) before any byte of an answer: a kept
        /// connection the server had let go while it was idle.
        case closedUnanswered
        case failed(PingRetryPolicy.AttemptResult)
    }

    /// Sends the request and reads the answer's head, and its body when its length is given
    /// (a ping's answer is "OK"), so that nothing of it is left to confuse the next request.
    private static func exchange(_ fd: Int32, _ request: [UInt8], deadline: Double) -> Exchange {
        var sent = 0
        while sent < request.count {
            guard wait(fd, for: Int16(POLLOUT), deadline: deadline) else { return .failed(.networkError("timed out")) }
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, request.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                if errno == EPIPE || errno == ECONNRESET { return .closedUnanswered }
                return .failed(.networkError("connection lost while sending (\(String(cString: strerror(errno))))"))
            }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        var headEnd: Int?
        var bodyLength: Int?
        while response.count < 16_384 {
            if let end = headEnd {
                // The head is in; then the body when its length is known, else nothing more.
                guard let length = bodyLength, response.count < end + length else { break }
            }
            guard wait(fd, for: Int16(POLLIN), deadline: deadline) else { return .failed(.networkError("timed out")) }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                if errno == ECONNRESET, response.isEmpty { return .closedUnanswered }
                return .failed(.networkError("connection lost while reading the answer (\(String(cString: strerror(errno))))"))
            }
            if n == 0 {
                if response.isEmpty { return .closedUnanswered }
                break
            }
            response += buffer[0..<n]
            if headEnd == nil, let end = endOfHead(response) {
                headEnd = end
                bodyLength = contentLength(response[..<end])
            }
        }
        // "HTTP/1.1 200 OK"
        let line = String(decoding: response.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
            return .failed(.networkError("not an HTTP answer"))
        }
        let reusable = headEnd.map { end in
            bodyLength.map { response.count == end + $0 } ?? false
        } ?? false
        return .answered(.status(code), reusable: reusable && !closes(response[..<(headEnd ?? 0)]))
    }

    /// The index after the blank line that ends the head.
    private static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 3..<bytes.count where bytes[i] == 0x0A && bytes[i - 1] == 0x0D && bytes[i - 2] == 0x0A && bytes[i - 3] == 0x0D {
            return i + 1
        }
        return nil
    }

    /// The `Content-Length` of a head, when it has exactly one that reads (no chunked body).
    private static func contentLength(_ head: ArraySlice<UInt8>) -> Int? {
        guard headerValues("transfer-encoding", in: head).isEmpty else { return nil }
        let lengths = headerValues("content-length", in: head)
        guard lengths.count == 1, let length = Int(lengths[0]), length >= 0, length <= 8_192 else { return nil }
        return length
    }

    private static func closes(_ head: ArraySlice<UInt8>) -> Bool {
        headerValues("connection", in: head).contains { $0.lowercased().contains("close") }
            || !head.starts(with: "HTTP/1.1 ".utf8)
    }

    /// Every value of the header `name` (lower case) in a head, without surrounding blanks.
    /// Byte by byte on purpose: Substring splitting and trimming make the Swift runtime build
    /// generic types whose requirements it checks by scanning every conformance record of the
    /// binary (3.2 million instructions for three headers, measured with callgrind).
    private static func headerValues(_ name: String, in head: ArraySlice<UInt8>) -> [String] {
        let wanted = Array(name.utf8)
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        var values: [String] = []
        var start = head.firstIndex(of: 0x0A).map { $0 + 1 } ?? head.endIndex  // after the status line
        while start < head.endIndex {
            let end = head[start...].firstIndex(of: 0x0A) ?? head.endIndex
            if let colon = head[start..<end].firstIndex(of: UInt8(ascii: ":")), colon - start == wanted.count,
               zip(head[start..<colon], wanted).allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1 }) {
                var from = colon + 1
                var to = end
                while from < to, isBlank(head[from]) { from += 1 }
                while to > from, isBlank(head[to - 1]) { to -= 1 }
                values.append(String(decoding: head[from..<to], as: UTF8.self))
            }
            start = end + 1
        }
        return values
    }

    private static func wait(_ fd: Int32, for events: Int16, deadline: Double) -> Bool {
        while true {
            let left = deadline - monotonicSeconds()
            if left <= 0 { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(left * 1000) + 1)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return false }
        }
    }

    private struct ConnectProblem: Error {
        var message: String
        init(message: String) { self.message = message }
        init(_ code: Int32) {
            message = code == ECONNREFUSED || code == EHOSTUNREACH || code == ENETUNREACH
                ? "connection refused or host unreachable" : String(cString: strerror(code))
        }
    }
}
