import CronopsCore
import FoundationEssentials

/// Healthchecks Management API v3: the few calls cronops makes, with the API's URL rules
/// (collections end in `/`, single checks do not), the key in `X-Api-Key`, client-side
/// throttling, retries for 429 / 5xx / network errors, and a circuit breaker shared by all its
/// requests that stops them all when the server has gone away.
public struct HealthchecksClient: Sendable {
    public struct Settings: Sendable {
        /// API base without `/api/v3` (e.g. `https://healthchecks.io`).
        public var apiURL: String
        public var apiKey: Secret
        /// The variable the key came from, for messages.
        public var apiKeyEnv: String
        public var requestsPerMinute: Int
        public var maxInFlight: Int
        /// Seconds per attempt.
        public var timeout: Double
        public var retry: RetryPolicy
        /// How to wait between retries (tests pass a recorder that does not sleep).
        public var sleep: @Sendable (Double) async throws -> Void
        /// Where retry notices go (stderr in the CLI).
        public var log: @Sendable (String) -> Void
        /// Every attempt and its outcome (`--verbose`); nil = quiet.
        public var trace: (@Sendable (String) -> Void)?
        /// When the server counts as gone (see `CircuitBreaker`).
        public var breaker: CircuitBreaker.Policy
        /// Monotonic seconds for the breaker (tests pass a clock their `sleep` advances).
        public var now: @Sendable () -> Double

        public init(apiURL: String, apiKey: Secret, apiKeyEnv: String, requestsPerMinute: Int = 90, maxInFlight: Int = 4,
                    timeout: Double = 30, retry: RetryPolicy = RetryPolicy(),
                    sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) },
                    log: @escaping @Sendable (String) -> Void = { _ in }, trace: (@Sendable (String) -> Void)? = nil,
                    breaker: CircuitBreaker.Policy = CircuitBreaker.Policy(),
                    now: @escaping @Sendable () -> Double = CircuitBreaker.monotonicSeconds) {
            self.trace = trace
            self.breaker = breaker
            self.now = now
            self.apiURL = apiURL
            self.apiKey = apiKey
            self.apiKeyEnv = apiKeyEnv
            self.requestsPerMinute = requestsPerMinute
            self.maxInFlight = maxInFlight
            self.timeout = timeout
            self.retry = retry
            self.sleep = sleep
            self.log = log
        }
    }

    public let settings: Settings
    let transport: any HTTPTransport
    let throttle: RequestThrottle
    /// One per client, so one per plan or apply: every request reports to it.
    public let breaker: CircuitBreaker
    let base: URL

    public init(settings: Settings, transport: any HTTPTransport) throws {
        var text = settings.apiURL
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text + "/api/v3/"), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw MonitorError.invalidAPIURL(settings.apiURL)
        }
        self.settings = settings
        self.transport = transport
        self.base = url
        self.throttle = RequestThrottle(requestsPerMinute: settings.requestsPerMinute, maxInFlight: settings.maxInFlight)
        self.breaker = CircuitBreaker(policy: settings.breaker, now: settings.now)
    }

    // MARK: calls

    public struct CheckList: Sendable {
        public var checks: [RemoteCheck]
        /// The key is read-only (the checks came without uuid and channels).
        public var readOnlyView: Bool
        /// The same checks with their state (`status`, `started`, `last_ping`, …), for `status`.
        public var observations: [CheckObservation] = []
    }

    public func listChecks() async throws -> CheckList {
        try await call("GET", path: "checks/") { data in
            let dtos = try CheckListDTO.decode(data)
            let observations = try dtos.map { try $0.observation() }
            return CheckList(checks: observations.map(\.check), readOnlyView: dtos.contains { $0.isReadOnlyView },
                             observations: observations)
        }
    }

    /// One ping of `GET checks/<uuid>/pings/`, as `status` uses it.
    public struct Ping: Sendable, Equatable {
        /// `success`, `fail`, `start`, `log`, `ign`, …
        public var kind: String
        public var at: Date?
        public var number: Int
        public var hasBody: Bool
    }

    /// The check's recent pings, newest first (read-write keys only: a read-only key gets 401).
    public func listPings(id: String) async throws -> [Ping] {
        try await call("GET", path: "checks/" + escaped(id) + "/pings/") { data in
            try JSONDecoder().decode(PingListDTO.self, from: data).pings.map {
                Ping(kind: $0.type, at: $0.instant, number: $0.n, hasBody: $0.bodyURL != nil)
            }
        }
    }

    /// The stored body of ping `number` (at most the server's 10,000 bytes); nil when it has
    /// none or it was pruned (404).
    public func pingBody(id: String, number: Int) async throws -> String? {
        do {
            return try await call("GET", path: "checks/" + escaped(id) + "/pings/\(number)/body") { String(decoding: $0, as: UTF8.self) }
        } catch MonitorError.notFound {
            return nil
        }
    }

    /// nil when the key may not list channels (read-only keys get 401 here).
    public func listChannels() async throws -> [RemoteChannel]? {
        do {
            return try await call("GET", path: "channels/") { try JSONDecoder().decode(ChannelListDTO.self, from: $0).channels }
        } catch MonitorError.rejectedAPIKey {
            return nil
        }
    }

    public enum CreateOutcome: Sendable, Equatable {
        /// With the new check's uuid.
        case created(id: String)
        /// `unique: ["slug"]` matched an existing check (a retried or concurrent create).
        case matchedExisting(id: String)

        public var id: String {
            switch self {
            case .created(let id), .matchedExisting(let id): id
            }
        }
    }

    public func createCheck(_ fields: CheckFields) async throws -> CreateOutcome {
        let body = try encode(CheckBody(fields: fields, unique: ["slug"]))
        var outcome = CreateOutcome.created(id: "")
        _ = try await call("POST", path: "checks/", body: body) { data, status in
            let id = try JSONDecoder().decode(CreatedCheckDTO.self, from: data).uuid
            outcome = status == 200 ? .matchedExisting(id: id) : .created(id: id)
        }
        return outcome
    }

    /// `POST checks/<uuid>/pause`: a repeated pause is a no-op on the server.
    public func pauseCheck(id: String) async throws {
        _ = try await call("POST", path: "checks/" + escaped(id) + "/pause", body: Data("{}".utf8)) { _, _ in }
    }

    /// `POST checks/<uuid>/resume`. Returns false when the check was not paused (the server's
    /// 409 "check is not paused": a retried resume, or someone resumed it by hand).
    public func resumeCheck(id: String) async throws -> Bool {
        do {
            _ = try await call("POST", path: "checks/" + escaped(id) + "/resume", body: Data("{}".utf8)) { _, _ in }
            return true
        } catch MonitorError.unexpectedStatus(_, 409) {
            return false
        }
    }

    public func updateCheck(id: String, _ fields: CheckFields) async throws {
        let body = try encode(CheckBody(fields: fields, unique: nil))
        _ = try await call("POST", path: "checks/" + escaped(id), body: body) { _, _ in }
    }

    /// Returns false when the check was already gone (a retried delete).
    public func deleteCheck(id: String) async throws -> Bool {
        do {
            _ = try await call("DELETE", path: "checks/" + escaped(id)) { _, _ in }
            return true
        } catch MonitorError.notFound {
            return false
        }
    }

    // MARK: plumbing

    private func encode(_ body: CheckBody) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(body)
    }

    /// Ids are uuids; anything else is percent-encoded so it cannot change the path.
    private func escaped(_ id: String) -> String {
        var out = ""
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }

    private func call<T>(_ method: String, path: String, body: Data? = nil,
                         decode: @escaping (Data) throws -> T) async throws -> T {
        var result: T?
        _ = try await call(method, path: path, body: body) { data, _ in result = try decode(data) }
        guard let result else { throw MonitorError.invalidResponse(request: "\(method) \(path)", why: "no body") }
        return result
    }

    /// Sends with throttle and retries. `handle` runs on a 2xx answer; a body it cannot decode
    /// counts as a failed attempt (a proxy's garbage page is usually transient).
    @discardableResult
    private func call(_ method: String, path: String, body: Data? = nil,
                      handle: (Data, Int) throws -> Void) async throws -> Int {
        let url = base.appendingPathComponent(path)
        // appendingPathComponent drops a trailing slash on some platforms: rebuild exactly.
        let exact = URL(string: base.absoluteString + path) ?? url
        let label = "\(method) \(exact.absoluteString)"
        var headers = ["X-Api-Key": settings.apiKey.value, "Accept": "application/json", "User-Agent": "cronops"]
        if body != nil { headers["Content-Type"] = "application/json" }
        let request = HTTPRequestMessage(method: method, url: exact, headers: headers, body: body, timeout: settings.timeout)

        var attempt = 1
        var lastProblem = ""
        while true {
            // The breaker may have opened while this request waited for its turn or its backoff.
            guard await throttle.acquire(unless: breaker) else {
                if attempt == 1 { throw MonitorError.monitorDown(url: settings.apiURL, reason: breaker.openReason ?? "") }
                throw MonitorError.abandoned(request: label, attempts: attempt - 1, lastProblem: lastProblem)
            }
            let started = ContinuousClock.now
            let startedAt = settings.now()
            let outcome: Result<HTTPResponseMessage, any Error>
            do {
                outcome = .success(try await transport.send(request))
            } catch {
                outcome = .failure(error)
            }
            await throttle.release()
            if let trace = settings.trace {
                let took = ContinuousClock.now - started
                let result = (try? outcome.get()).map { "\($0.status), \($0.body.count) bytes" } ?? "\(outcome)"
                trace("\(label) -> \(settings.apiKey.mask(result)) in \(Int((took / .milliseconds(1)).rounded())) ms")
            }

            let problem: String
            var retryAfter: Double?
            switch outcome {
            case .failure(let error):
                problem = (error as? TransportError)?.description ?? "network error"
                breaker.recordFailure(Self.outageReason(error, timeout: settings.timeout), started: startedAt)
            case .success(let response) where Self.gatewayDown.contains(response.status):
                // A proxy answering for a server that is not there.
                problem = "HTTP \(response.status)"
                breaker.recordFailure(problem, started: startedAt)
            case .success(let response):
                breaker.recordAnswer(started: startedAt)
                switch response.status {
                case 200..<300:
                    do {
                        try handle(response.body, response.status)
                        return response.status
                    } catch {
                        problem = "the answer is not valid JSON of the expected shape (\(Self.describe(error)), \(response.body.count) bytes)"
                        if attempt >= settings.retry.maxAttempts {
                            throw MonitorError.invalidResponse(request: label, why: problem)
                        }
                    }
                case 429:
                    problem = "429 Too Many Requests"
                    retryAfter = RetryPolicy.parseRetryAfter(response.headers["retry-after"])
                case 500..<600:
                    problem = "HTTP \(response.status)"
                default:
                    throw error(for: response, request: label)
                }
            }
            lastProblem = problem
            if attempt >= settings.retry.maxAttempts {
                throw MonitorError.gaveUp(request: label, attempts: attempt, lastProblem: problem)
            }
            if breaker.openReason != nil {
                throw MonitorError.abandoned(request: label, attempts: attempt, lastProblem: problem)
            }
            let delay = settings.retry.delay(afterAttempt: attempt, retryAfter: retryAfter)
            settings.log("\(label): \(problem); retrying in \(Self.seconds(delay)) (attempt \(attempt + 1) of \(settings.retry.maxAttempts))")
            await breaker.pause(delay, sleep: settings.sleep)
            try Task.checkCancellation()
            attempt += 1
        }
    }

    /// What a gateway answers when the server behind it is down or not answering.
    static let gatewayDown: Set<Int> = [502, 503, 504]

    /// The short reason the summary gives ("connection refused", "no answer within 30s").
    static func outageReason(_ error: any Error, timeout: Double) -> String {
        switch error as? TransportError {
        case .timedOut?: "no answer within \(seconds(timeout))"
        case .cannotConnect(let why)?: why
        case .other(let why)?: why
        case nil: "network error"
        }
    }

    private func error(for response: HTTPResponseMessage, request: String) -> MonitorError {
        let serverMessage = (try? JSONDecoder().decode(ErrorDTO.self, from: response.body)).map { settings.apiKey.mask($0.error) }
        switch response.status {
        case 300..<400:
            return .redirected(request: request, status: response.status, location: response.headers["location"])
        case 400:
            return .badRequest(request: request, message: serverMessage ?? "400 Bad Request")
        case 401:
            return .rejectedAPIKey(env: settings.apiKeyEnv, reason: serverMessage ?? "401", url: base.absoluteString)
        case 403:
            return .forbidden(request: request)
        case 404:
            return .notFound(request: request)
        default:
            return .unexpectedStatus(request: request, status: response.status)
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: "missing '\(key.stringValue)'"
        case .typeMismatch(_, let c)?, .valueNotFound(_, let c)?: "wrong type at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted?: "invalid JSON"
        default: "unreadable"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))s" : FixedPoint.format(value, places: 2) + "s"
    }
}
