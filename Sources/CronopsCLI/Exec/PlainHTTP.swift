#if canImport(Glibc)
import Glibc
#endif
import CronopsCore

/// A minimal HTTP/1.1 POST over a plain socket for `http://` ping URLs (a monitor on the same
/// host or LAN): no library to load, so a wrapped run with pings costs about what it costs
/// without. `https://` goes through libcurl. Only the status line of the answer is read.
enum PlainHTTP {
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

    static func post(_ endpoint: Endpoint, body: String, timeout: Double) -> PingRetryPolicy.AttemptResult {
        let deadline = monotonicSeconds() + timeout
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
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            switch connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen, deadline: deadline) {
            case .failure(let problem):
                lastError = problem.message
                if problem.message == "timed out" { return .networkError(problem.message) }
                continue
            case .success:
                return exchange(fd, request(endpoint, body: body), deadline: deadline)
            }
        }
        return .networkError(lastError)
    }

    static func request(_ endpoint: Endpoint, body: String) -> [UInt8] {
        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let head = "POST \(endpoint.target) HTTP/1.1\r\nHost: \(host):\(endpoint.port)\r\nUser-Agent: cronops-exec\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + Array(body.utf8)
    }

    private static func connect(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>!, _ length: socklen_t,
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

    /// Sends the request and reads up to the end of the status line.
    private static func exchange(_ fd: Int32, _ request: [UInt8], deadline: Double) -> PingRetryPolicy.AttemptResult {
        var sent = 0
        while sent < request.count {
            guard wait(fd, for: Int16(POLLOUT), deadline: deadline) else { return .networkError("timed out") }
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, request.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return .networkError("connection lost while sending (\(String(cString: strerror(errno))))")
            }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while !response.contains(0x0A), response.count < 4096 {
            guard wait(fd, for: Int16(POLLIN), deadline: deadline) else { return .networkError("timed out") }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return .networkError("connection lost while reading the answer (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            response += buffer[0..<n]
        }
        // "HTTP/1.1 200 OK"
        let line = String(decoding: response.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
            return .networkError(response.isEmpty ? "connection closed without an answer" : "not an HTTP answer")
        }
        return .status(code)
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
