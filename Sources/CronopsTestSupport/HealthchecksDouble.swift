import CronopsCore
import FlyingFox
import Foundation

/// A Healthchecks Management API v3 double on a real loopback HTTP server, reproducing the
/// behaviour recorded in healthchecks-api.md: strict validation with the server's exact error
/// bodies, read-only keys (no uuid/channels, 401 on channels/), channels by name or id,
/// `unique` upserts, duplicate slugs, legacy zone rewriting, fields per check kind, 404 as
/// HTML, 301 on a missing slash, 405s. Faults are injected on demand; every request is logged.
public final class HealthchecksDouble: LoopbackDouble {
    /// Fixed fake keys (32 characters, like real ones).
    public static let readWriteKey = "hcw_DoubleReadWriteKey0000000001"
    public static let readOnlyKey = "hcr_DoubleReadOnlyKey00000000001"
    public static let otherProjectKey = "hcw_DoubleOtherProjectKey0000001"

    public let store: HealthchecksStore
    public let server: LoopbackServer

    public static func start(channels: [RemoteChannel] = HealthchecksStore.defaultChannels) async throws -> HealthchecksDouble {
        try await start(store: HealthchecksStore(channels: channels))
    }

    /// A double serving an existing store (its checks, log and faults), e.g. the monitor
    /// coming back after `stop()` or an outage with the checks it had (on a new port).
    public static func start(store: HealthchecksStore) async throws -> HealthchecksDouble {
        HealthchecksDouble(store: store, server: try LoopbackServer.start(HealthchecksHandler(store: store)))
    }

    private init(store: HealthchecksStore, server: LoopbackServer) {
        self.store = store
        self.server = server
    }

    /// Starts a double for one test and stops it afterwards, however the test ends.
    public static func with<T>(channels: [RemoteChannel] = HealthchecksStore.defaultChannels,
                               _ body: (HealthchecksDouble) async throws -> T) async throws -> T {
        try await with(store: HealthchecksStore(channels: channels), body)
    }

    /// `with`, serving an existing store.
    public static func with<T>(store: HealthchecksStore, _ body: (HealthchecksDouble) async throws -> T) async throws -> T {
        let double = try await start(store: store)
        do {
            let result = try await body(double)
            await double.stop()
            return result
        } catch {
            await double.stop()
            throw error
        }
    }

    /// After `writes` more changes (POST/DELETE answered 2xx), the server goes away:
    /// `.refuse` closes its listening socket before that last answer leaves, so from then on
    /// connections are refused; `.blackHole` keeps accepting and never answers. A request
    /// caught mid-way answers 503, as a server shutting down does; none changes anything.
    /// `store.endOutage()` ends a black hole; a refusing double stays down (start another
    /// with `start(store: store)`).
    public func goDown(_ outage: HealthchecksOutage, afterWrites writes: Int) async {
        // The listener closes while this request (one of the connections) is still answered.
        await store.scheduleOutage(outage, afterWrites: writes) { [server] in await server.stopListening() }
        // With no writes to wait for, the outage begins now.
        if let refuse = await store.takeRefuseHook() { await refuse() }
    }

    /// A loopback URL nothing listens on: connection refused.
    public static func refusedURL() async throws -> String {
        try closedLoopbackURL()
    }
}

/// One request as the double saw it.
public struct LoggedRequest: Sendable, Equatable {
    public var method: String
    /// Path with the query string, if any.
    public var target: String
    public var headers: [String: String]
    public var body: String
}

/// A misbehaviour to show on the next matching request(s).
public enum HealthchecksFault: Sendable, Equatable {
    /// 429 with this `Retry-After` value (nil: no header).
    case tooManyRequests(retryAfter: String?)
    case serverError
    /// Answer only after this many seconds (then normally).
    case delay(Double)
    /// 200 with a truncated JSON body.
    case malformedJSON
    /// 301 to this location (what a proxy or a wrong api_url does).
    case redirect(String)
    /// 503, as a server shutting down (or a proxy in front of a stopped one) answers.
    case unavailable
    /// Accept the request and never answer (until `store.endOutage()` or the double stops;
    /// then 503 to a client long gone). The client's timeout must fire.
    case blackHole
}

struct HealthchecksHandler: HTTPHandler {
    let store: HealthchecksStore

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try await request.bodyData
        var headers: [String: String] = [:]
        for (key, value) in request.headers { headers[key.rawValue.lowercased()] = value }
        // The raw target: FlyingFox's `path` is standardised and loses the trailing slash
        // that the API's URL rules depend on.
        let target = request.target.rawValue
        let path = request.target.path(percentEncoded: false)
        let logged = LoggedRequest(method: request.method.rawValue, target: target, headers: headers,
                                   body: String(decoding: body, as: UTF8.self))
        let fault = await store.record(logged)
        switch fault {
        case .tooManyRequests(let retryAfter)?:
            var h: HTTPHeaders = [.contentType: "text/plain"]
            if let retryAfter { h[HTTPHeader("Retry-After")] = retryAfter }
            return HTTPResponse(statusCode: HTTPStatusCode(429, phrase: "Too Many Requests"), headers: h, body: Data("Too Many Requests".utf8))
        case .serverError?:
            return HTTPResponse(statusCode: .internalServerError, headers: [.contentType: "text/html"], body: Data("<h1>Server Error (500)</h1>".utf8))
        case .malformedJSON?:
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: Data("{\"checks\": [{\"name\": ".utf8))
        case .redirect(let location)?:
            return HTTPResponse(statusCode: .movedPermanently, headers: [.location: location], body: Data())
        case .delay(let seconds)?:
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
        case .unavailable?:
            return Self.unavailable
        case .blackHole?:
            await store.hold()
            return Self.unavailable
        case nil:
            break
        }
        let answer = await store.respond(method: request.method.rawValue, path: path, headers: headers, body: body)
        if let goDown = await store.takeRefuseHook() { await goDown() }
        var h = HTTPHeaders()
        for (k, v) in answer.headers { h[HTTPHeader(k)] = v }
        return HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: Self.phrase(answer.status)), headers: h, body: answer.body)
    }

    static let unavailable = HTTPResponse(statusCode: .serviceUnavailable, headers: [.contentType: "text/html"],
                                          body: Data("<h1>503 Service Unavailable</h1>".utf8))

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 301: "Moved Permanently"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
