import FoundationEssentials

/// One HTTP exchange, as the Healthchecks client needs it. Headers of a response are keyed
/// in lower case.
public struct HTTPRequestMessage: Sendable, Equatable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// Seconds without an answer after which the request fails (and may be retried).
    public var timeout: Double

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: Double) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct HTTPResponseMessage: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }
}

/// The network edge: one method, so tests and the CLI can pass in whatever sends requests.
/// Implementations must not follow redirects (a followed 301 turns a POST into a GET).
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequestMessage) async throws -> HTTPResponseMessage
}

/// A request that got no HTTP answer at all.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    case timedOut
    case cannotConnect(String)
    case other(String)

    public var description: String {
        switch self {
        case .timedOut: "no answer within the timeout"
        case .cannotConnect(let why): "cannot connect (\(why))"
        case .other(let why): why
        }
    }
}
