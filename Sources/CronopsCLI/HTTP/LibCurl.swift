import CCurlShim
import CronopsCore
import FoundationEssentials

/// libcurl, opened with dlopen the first time a ping or an API request is sent. Linking it (as FoundationNetworking
/// does) makes every start of the binary load curl and ~30 libraries it depends on, about 8 ms
/// of the wrapper's budget on every cron run, pings or not; opened lazily it costs nothing when
/// there is nothing to send. It is the same libcurl.so.4 Swift's URLSession uses on Linux.
///
/// Every call goes through the CCurlShim C target, which calls curl with its real prototypes
/// (`curl_easy_setopt` is variadic) and refuses an option given a value of the wrong kind.
final class LibCurl: Sendable {
    /// Opened on first use, once (the shim opens libcurl and runs `curl_global_init` under
    /// `pthread_once`, whichever thread pings first); nil when not installed.
    static let shared: LibCurl? = cronops_curl_load() == 1 ? LibCurl() : nil

    private init() {}

    /// One connection (kept alive between requests) for one thread at a time.
    ///
    /// `@unchecked Sendable`, and why that is safe: the easy handle is the only state, and
    /// libcurl lets a handle move between threads as long as two never use it at once. A
    /// session is used by the one request that opened it (`CurlTransport`), or handed between
    /// pings only through `IdleSessions`, whose lock orders one ping's calls before the next's.
    final class Session: @unchecked Sendable {
        private let easy: OpaquePointer

        /// `curl` is proof that libcurl was loaded: every shim call needs that. `trust` is kept
        /// by the handle (curl copies the strings) for every request it sends.
        init?(_ curl: LibCurl, trust: CurlTrust = CurlTrust()) {
            guard let easy = cronops_curl_easy_init() else { return nil }
            self.easy = easy
            if let file = trust.caFile { _ = setString(CRONOPS_CURLOPT_CAINFO, file) }
            if let directory = trust.caDirectory { _ = setString(CRONOPS_CURLOPT_CAPATH, directory) }
        }

        deinit { cronops_curl_easy_cleanup(easy) }

        /// POSTs `body` to `url`; the response body is discarded.
        func post(url: String, body: String, timeout: Double) -> PingRetryPolicy.AttemptResult {
            var headers = ["Content-Type: text/plain; charset=utf-8", "Expect:"]
            headers.append("User-Agent: cronops-exec")
            switch request(method: "POST", url: url, headers: headers, body: Array(body.utf8), timeout: timeout, keepBody: false) {
            case .success(let response): return .status(response.status)
            case .failure(let problem): return .networkError(problem.message)
            }
        }

        struct Response {
            var status: Int
            /// Header names in lower case.
            var headers: [String: String]
            var body: [UInt8]
        }

        struct Problem: Error {
            var code: Int32
            var message: String
        }

        // One setter per kind of option, each a fixed C prototype; the shim refuses an option
        // of another kind (CURLE_BAD_FUNCTION_ARGUMENT) instead of passing it on.
        func setLong(_ option: cronops_curl_option, _ value: Int) -> Int32 {
            cronops_curl_setopt_long(easy, option, value)
        }

        func setString(_ option: cronops_curl_option, _ value: UnsafePointer<CChar>?) -> Int32 {
            cronops_curl_setopt_string(easy, option, value)
        }

        func setPointer(_ option: cronops_curl_option, _ value: UnsafeMutableRawPointer?) -> Int32 {
            cronops_curl_setopt_pointer(easy, option, value)
        }

        func setOffset(_ option: cronops_curl_option, _ value: Int64) -> Int32 {
            cronops_curl_setopt_off_t(easy, option, value)
        }

        func setWriteFunction(_ option: cronops_curl_option, _ value: cronops_curl_write_callback?) -> Int32 {
            cronops_curl_setopt_writefn(easy, option, value)
        }

        /// One request. Redirects are never followed (curl's default): a followed 301 would turn
        /// an API POST into a GET. `headers` are full `Name: value` lines.
        func request(method: String, url: String, headers: [String], body: [UInt8]?, timeout: Double,
                     keepBody: Bool = true) -> Result<Response, Problem> {
            let sink = ResponseSink(keepBody: keepBody)
            let context = Unmanaged.passRetained(sink)
            defer { context.release() }
            let write: cronops_curl_write_callback = { data, size, count, user in
                let sink = Unmanaged<ResponseSink>.fromOpaque(user!).takeUnretainedValue()
                if sink.keepBody, let data { sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count)) }
                return size * count
            }
            let header: cronops_curl_write_callback = { data, size, count, user in
                let sink = Unmanaged<ResponseSink>.fromOpaque(user!).takeUnretainedValue()
                if let data {
                    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
                    if line.hasPrefix("HTTP/") { sink.headers = [:] }
                    if let colon = line.firstIndex(of: ":") {
                        let name = line[..<colon].lowercased()
                        let value = line[line.index(after: colon)...].trimmingWhiteSpace()
                        sink.headers[name] = value
                    }
                }
                return size * count
            }
            var list: OpaquePointer?
            for line in headers { list = cronops_curl_slist_append(list, line) }
            defer { cronops_curl_slist_free_all(list) }
            var errorBuffer = [CChar](repeating: 0, count: Int(CRONOPS_CURL_ERROR_SIZE))
            let milliseconds = max(1, Int(timeout * 1000))
            // POSTFIELDS must not be NULL for a POST with an empty body (curl would read the
            // body from a callback instead): an empty array may have no storage, so point at
            // a byte that is never read.
            var payload = body ?? []
            var none: UInt8 = 0
            let code: Int32 = url.withCString { url in
                method.withCString { methodName in
                    payload.withUnsafeMutableBytes { bodyBytes in
                        errorBuffer.withUnsafeMutableBufferPointer { errors in
                            withUnsafeMutablePointer(to: &none) { none in
                                // Stops at the first option curl refuses.
                                var result: Int32 = 0
                                func step(_ call: @autoclosure () -> Int32) { if result == 0 { result = call() } }
                                step(setString(CRONOPS_CURLOPT_URL, url))
                                if body == nil {
                                    step(setLong(CRONOPS_CURLOPT_HTTPGET, 1))
                                } else {
                                    step(setLong(CRONOPS_CURLOPT_POST, 1))
                                    step(setPointer(CRONOPS_CURLOPT_POSTFIELDS, bodyBytes.baseAddress ?? UnsafeMutableRawPointer(none)))
                                    step(setOffset(CRONOPS_CURLOPT_POSTFIELDSIZE_LARGE, Int64(bodyBytes.count)))
                                }
                                step(setString(CRONOPS_CURLOPT_CUSTOMREQUEST, method == "GET" || method == "POST" ? nil : methodName))
                                step(setPointer(CRONOPS_CURLOPT_HTTPHEADER, list.map { UnsafeMutableRawPointer($0) }))
                                step(setWriteFunction(CRONOPS_CURLOPT_WRITEFUNCTION, write))
                                step(setPointer(CRONOPS_CURLOPT_WRITEDATA, context.toOpaque()))
                                step(setWriteFunction(CRONOPS_CURLOPT_HEADERFUNCTION, header))
                                step(setPointer(CRONOPS_CURLOPT_HEADERDATA, context.toOpaque()))
                                step(setPointer(CRONOPS_CURLOPT_ERRORBUFFER, errors.baseAddress))
                                step(setLong(CRONOPS_CURLOPT_NOSIGNAL, 1))
                                step(setLong(CRONOPS_CURLOPT_TIMEOUT_MS, milliseconds))
                                step(setLong(CRONOPS_CURLOPT_CONNECTTIMEOUT_MS, milliseconds))
                                step(cronops_curl_easy_perform(easy))
                                // Nothing the handle keeps may point into this call's buffers.
                                _ = setPointer(CRONOPS_CURLOPT_ERRORBUFFER, nil)
                                _ = setString(CRONOPS_CURLOPT_CUSTOMREQUEST, nil)
                                _ = setPointer(CRONOPS_CURLOPT_HTTPHEADER, nil)
                                _ = setPointer(CRONOPS_CURLOPT_POSTFIELDS, nil)
                                return result
                            }
                        }
                    }
                }
            }
            guard code == 0 else { return .failure(Problem(code: code, message: describe(code, errorBuffer))) }
            var status = 0
            _ = cronops_curl_getinfo_long(easy, CRONOPS_CURLINFO_RESPONSE_CODE, &status)
            return .success(Response(status: status, headers: sink.headers, body: sink.body))
        }

        /// What curl's write and header callbacks fill in, reached through their user pointer.
        private final class ResponseSink {
            let keepBody: Bool
            var body: [UInt8] = []
            var headers: [String: String] = [:]
            init(keepBody: Bool) { self.keepBody = keepBody }
        }

        private func describe(_ code: Int32, _ buffer: [CChar]) -> String {
            let detail = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            switch code {
            case 6: return "host not found" + (detail.isEmpty ? "" : " (\(detail))")
            case 7: return "connection refused or host unreachable"
            case 28: return "timed out"
            case 35, 51, 58, 59, 60, 77, 83, 90, 91: return "TLS failed (\(detail.isEmpty ? "code \(code)" : detail))"
            default:
                let text = cronops_curl_easy_strerror(code).map { String(cString: $0) } ?? "curl error \(code)"
                return detail.isEmpty ? text : "\(text) (\(detail))"
            }
        }
    }
}
