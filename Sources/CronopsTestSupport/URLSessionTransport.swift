import CronopsCore
import CronopsMonitor
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A second, independent transport for tests: URLSession (FoundationNetworking on Linux),
/// ephemeral, no cookies, no cache, and redirects refused so the caller sees the 3xx itself.
/// The shipped binary uses `CurlTransport` instead: linking FoundationNetworking would load
/// libcurl and its ~30 libraries on every start, including every `cronops exec` run.
public final class URLSessionTransport: HTTPTransport, Sendable {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ message: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        var request = URLRequest(url: message.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: message.timeout)
        request.httpMethod = message.method
        for (name, value) in message.headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = message.body
        // FoundationNetworking rounds `timeoutInterval` down to whole seconds (0 = none), so
        // the deadline is enforced here as well.
        return try await withCheckedThrowingContinuation { continuation in
            let once = ResumeOnce(continuation)
            let task = session.dataTask(with: request) { data, response, error in
                if let error {
                    once.resume(.failure(Self.transportError(error)))
                    return
                }
                guard let http = response as? HTTPURLResponse else {
                    once.resume(.failure(TransportError.other("the answer was not HTTP")))
                    return
                }
                var headers: [String: String] = [:]
                for (key, value) in http.allHeaderFields {
                    headers["\(key)".lowercased()] = "\(value)"
                }
                once.resume(.success(HTTPResponseMessage(status: http.statusCode, headers: headers, body: data ?? Data())))
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + message.timeout) {
                if once.resume(.failure(TransportError.timedOut)) { task.cancel() }
            }
            task.resume()
        }
    }

    /// URLError descriptions can include the URL; the API key is never in a URL (it travels
    /// in a header), but keep the message to the error kind anyway.
    static func transportError(_ error: any Error) -> TransportError {
        guard let urlError = error as? URLError else { return .other("network error") }
        switch urlError.code {
        case .timedOut: return .timedOut
        case .cannotConnectToHost: return .cannotConnect("connection refused")
        case .cannotFindHost, .dnsLookupFailed: return .cannotConnect("unknown host")
        case .networkConnectionLost: return .other("connection lost")
        case .notConnectedToInternet: return .cannotConnect("no network")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return .cannotConnect("TLS failed")
        default: return .other("network error \(urlError.code.rawValue)")
        }
    }
}

private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// Resumes a continuation once, whichever of the answer and the deadline comes first.
private final class ResumeOnce: Sendable {
    private let continuation: Locked<CheckedContinuation<HTTPResponseMessage, any Error>?>

    init(_ continuation: CheckedContinuation<HTTPResponseMessage, any Error>) { self.continuation = Locked(continuation) }

    @discardableResult
    func resume(_ result: Result<HTTPResponseMessage, any Error>) -> Bool {
        let c = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        c?.resume(with: result)
        return c != nil
    }
}
