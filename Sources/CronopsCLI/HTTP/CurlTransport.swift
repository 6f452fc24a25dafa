import CronopsMonitor
import Dispatch
import FoundationEssentials

/// The live API transport of `plan` and `apply`: libcurl opened on first use (see `LibCurl`),
/// so the binary does not link FoundationNetworking and `cronops exec` starts without loading
/// curl. Each request runs on its own easy handle on a dispatch worker.
public struct CurlTransport: HTTPTransport {
    /// The CAs to trust: curl's own bundle unless `CURL_CA_BUNDLE` / `SSL_CERT_FILE` /
    /// `SSL_CERT_DIR` name others (`CurlTrust`).
    let trust: CurlTrust

    public init() { trust = CurlTrust(environment: ProcessInfo.processInfo.environment) }

    public func send(_ message: HTTPRequestMessage) async throws -> HTTPResponseMessage {
        guard let curl = LibCurl.shared else {
            throw TransportError.other("libcurl (libcurl4) is not installed; install it to talk to the monitor server")
        }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                guard let session = LibCurl.Session(curl, trust: trust) else {
                    continuation.resume(throwing: TransportError.other("libcurl could not start a request"))
                    return
                }
                // No `Expect: 100-continue` stall on bodies over 1 kB.
                let headers = message.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" } + ["Expect:"]
                let body = message.body.map { [UInt8]($0) } ?? (message.method == "GET" ? nil : [])
                switch session.request(method: message.method, url: message.url.absoluteString, headers: headers,
                                       body: body, timeout: message.timeout) {
                case .success(let r):
                    continuation.resume(returning: HTTPResponseMessage(status: r.status, headers: r.headers, body: Data(r.body)))
                case .failure(let problem):
                    continuation.resume(throwing: Self.transportError(problem))
                }
            }
        }
    }

    /// Curl's own codes, mapped to what the retry policy distinguishes.
    static func transportError(_ problem: LibCurl.Session.Problem) -> TransportError {
        switch problem.code {
        case 28: return .timedOut
        case 7: return .cannotConnect("connection refused")
        case 6: return .cannotConnect("unknown host")
        case 35, 51, 58, 59, 60, 77, 83, 90, 91: return .cannotConnect("TLS failed")
        default: return .other(problem.message)
        }
    }
}
