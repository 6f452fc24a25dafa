import CronopsCore
#if canImport(Glibc)
import Glibc
#endif

/// Sends pings with the retry policy and time budget of `PingRetryPolicy`; never throws and
/// never prints the ping key: every message uses the masked URL.
final class PingClient: Sendable {
    let target: PingTarget
    /// The connection pings share while one at a time uses it (the final ping waits for /start).
    private let idle = Idle<LibCurl.Session>()
    /// The same for `http://` pings over `PlainHTTP` (keep-alive).
    private let idlePlain = Idle<PlainHTTP.Connection>()

    /// Plain `http://` URLs go over a socket (`PlainHTTP`) unless a proxy is configured;
    /// everything else through libcurl.
    private let viaCurl: Bool
    /// The CAs libcurl trusts for https:// (`CurlTrust`: curl's bundle unless the environment names others).
    private let trust: CurlTrust

    /// libcurl is opened by the first ping that needs it (usually /start, beside the job), not
    /// here, so it never delays the job. `environment` decides the transport: an `http_proxy`
    /// (which only libcurl honours) or `CRONOPS_EXEC_PING_VIA_CURL=1` (how the tests cover the
    /// libcurl path without a TLS server) send http:// pings through libcurl too.
    init(target: PingTarget, environment: [String: String]) {
        self.target = target
        let proxy = ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"].contains { environment[$0]?.isEmpty == false }
        trust = CurlTrust(environment: environment)
        viaCurl = proxy || environment["CRONOPS_EXEC_PING_VIA_CURL"] == "1" || !target.base.hasPrefix("http://")
    }

    struct Delivery: Sendable {
        var kind: PingKind
        var delivered: Bool
        var attempts: Int
        var seconds: Double
        /// What went wrong, for the warning on stderr (masked).
        var problem: String?
    }

    /// Whether a connection is open from an earlier ping: the next ping then needs no name
    /// lookup (a hanging resolver is why pings otherwise run on a thread of their own), and
    /// its time is bounded by the attempt timeouts alone.
    var hasOpenConnection: Bool { idlePlain.isHeld || idle.isHeld }

    func send(_ kind: PingKind, runID: String?, body: String?, policy: PingRetryPolicy) -> Delivery {
        let started = monotonicSeconds()
        let url = target.url(kind, runID: runID)
        let attempt: (Double) -> PingRetryPolicy.AttemptResult
        var session: LibCurl.Session?
        // The plain connection this ping holds; handed back for the next one when still open.
        var kept: PlainHTTP.Connection?
        defer { if let kept { idlePlain.put(kept) } }
        if !viaCurl, let endpoint = PlainHTTP.endpoint(url) {
            kept = idlePlain.take()
            attempt = { PlainHTTP.post(endpoint, body: body ?? "", timeout: $0, kept: &kept) }
        } else {
            guard let curl = LibCurl.shared, let opened = idle.take() ?? LibCurl.Session(curl, trust: trust) else {
                return Delivery(kind: kind, delivered: false, attempts: 0, seconds: 0,
                                problem: "libcurl (libcurl.so.4) is not installed; install the libcurl4 package")
            }
            session = opened
            attempt = { opened.post(url: url, body: body ?? "", timeout: $0) }
        }
        defer { if let session { idle.put(session) } }
        var number = 1
        var lastProblem = "no attempt fitted in the time budget"
        while let timeout = policy.timeout(attempt: number, elapsed: monotonicSeconds() - started) {
            let result = attempt(timeout)
            if result.succeeded {
                return Delivery(kind: kind, delivered: true, attempts: number, seconds: monotonicSeconds() - started)
            }
            switch result {
            case let .status(code) where (300..<400).contains(code):
                lastProblem = "HTTP \(code): the monitor redirects; use the URL it redirects to (often https://) as --ping-url"
            case let .status(code): lastProblem = "HTTP \(code)"
            case let .networkError(message): lastProblem = message
            }
            guard let wait = policy.delay(after: result, attempt: number, elapsed: monotonicSeconds() - started) else { break }
            if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
            number += 1
        }
        return Delivery(kind: kind, delivered: false, attempts: min(number, policy.maxAttempts),
                        seconds: monotonicSeconds() - started, problem: target.redact(lastProblem))
    }
}

/// At most one kept-alive connection (a libcurl session or a plain socket), handed to one
/// ping at a time; a ping that finds none (another still running) opens its own.
private final class Idle<Connection: Sendable>: Sendable {
    private let connection = Locked<Connection?>(nil)

    var isHeld: Bool { connection.withLock { $0 != nil } }

    func take() -> Connection? {
        connection.withLock { connection in
            defer { connection = nil }
            return connection
        }
    }

    func put(_ c: Connection) {
        connection.withLock { connection in
            if connection == nil { connection = c }
        }
    }
}
