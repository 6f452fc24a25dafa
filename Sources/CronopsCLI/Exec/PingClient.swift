import CronopsCore
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends pings with the retry policy and time budget of `PingRetryPolicy`; never throws and
/// never prints the ping key: every message uses the masked URL.
final class PingClient: Sendable {
    let target: PingTarget
    private let session: URLSession

    init(target: PingTarget) {
        self.target = target
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpAdditionalHeaders = ["User-Agent": "cronops-exec"]
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    struct Delivery: Sendable {
        var kind: PingKind
        var delivered: Bool
        var attempts: Int
        var seconds: Double
        /// What went wrong, for the warning on stderr (masked).
        var problem: String?
    }

    func send(_ kind: PingKind, runID: String?, body: String?, policy: PingRetryPolicy) -> Delivery {
        let started = monotonicSeconds()
        guard let url = URL(string: target.url(kind, runID: runID)) else {
            return Delivery(kind: kind, delivered: false, attempts: 0, seconds: 0, problem: "invalid URL")
        }
        var attempt = 1
        var lastProblem = "no attempt fitted in the time budget"
        while let timeout = policy.timeout(attempt: attempt, elapsed: monotonicSeconds() - started) {
            let result = perform(url: url, body: body, timeout: timeout)
            if result.succeeded {
                return Delivery(kind: kind, delivered: true, attempts: attempt, seconds: monotonicSeconds() - started)
            }
            lastProblem = describe(result)
            guard let wait = policy.delay(after: result, attempt: attempt, elapsed: monotonicSeconds() - started) else { break }
            if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
            attempt += 1
        }
        return Delivery(kind: kind, delivered: false, attempts: min(attempt, policy.maxAttempts),
                        seconds: monotonicSeconds() - started, problem: target.redact(lastProblem))
    }

    private func describe(_ result: PingRetryPolicy.AttemptResult) -> String {
        switch result {
        case let .status(code): "HTTP \(code)"
        case let .networkError(message): message
        }
    }

    private func perform(url: URL, body: String?, timeout: Double) -> PingRetryPolicy.AttemptResult {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data((body ?? "").utf8)
        request.setValue("text/plain; charset=utf-8", forHTTPHeaderField: "Content-Type")
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { _, response, error in
            if let http = response as? HTTPURLResponse {
                box.set(.status(http.statusCode))
            } else {
                box.set(.networkError(error.map(Self.explain) ?? "no response"))
            }
            done.signal()
        }
        task.resume()
        // URLSession's own timeout is an idle timeout; this bounds the whole attempt.
        if done.wait(timeout: .now() + timeout + 0.2) == .timedOut {
            task.cancel()
            return .networkError("no answer within \(DurationText.format(timeout))")
        }
        return box.get() ?? .networkError("no response")
    }

    static func explain(_ error: any Error) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .cannotConnectToHost: return "connection refused"
            case .timedOut: return "timed out"
            case .cannotFindHost, .dnsLookupFailed: return "host not found"
            case .notConnectedToInternet, .networkConnectionLost: return "network unreachable or connection lost"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate:
                return "TLS failed (\(urlError.localizedDescription))"
            default: break
            }
        }
        return error.localizedDescription
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: PingRetryPolicy.AttemptResult?

    func set(_ v: PingRetryPolicy.AttemptResult) { lock.withLock { value = v } }
    func get() -> PingRetryPolicy.AttemptResult? { lock.withLock { value } }
}
