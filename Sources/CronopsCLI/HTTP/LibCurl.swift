#if canImport(Glibc)
import Glibc
#endif
import CronopsCore
import Foundation

/// libcurl, opened with dlopen the first time a ping or an API request is sent. Linking it (as FoundationNetworking
/// does) makes every start of the binary load curl and ~30 libraries it depends on, about 8 ms
/// of the wrapper's budget on every cron run, pings or not; opened lazily it costs nothing when
/// there is nothing to send. It is the same libcurl.so.4 Swift's URLSession uses on Linux.
final class LibCurl: @unchecked Sendable {
    // The few entry points used. `curl_easy_setopt` is variadic in C; on Linux (x86-64 SysV
    // and AArch64) a variadic callee reads integer and pointer arguments exactly as a fixed
    // prototype passes them, so it is called through fixed prototypes per argument kind.
    private typealias EasyInit = @convention(c) () -> OpaquePointer?
    private typealias SetLong = @convention(c) (OpaquePointer?, Int32, Int) -> Int32
    private typealias SetPointer = @convention(c) (OpaquePointer?, Int32, UnsafeRawPointer?) -> Int32
    private typealias Perform = @convention(c) (OpaquePointer?) -> Int32
    private typealias GetLong = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<Int>) -> Int32
    private typealias Cleanup = @convention(c) (OpaquePointer?) -> Void
    private typealias StrError = @convention(c) (Int32) -> UnsafePointer<CChar>?
    private typealias GlobalInit = @convention(c) (Int) -> Int32
    private typealias SlistAppend = @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
    private typealias SlistFree = @convention(c) (OpaquePointer?) -> Void

    private let easyInit: EasyInit
    private let setLong: SetLong
    private let setPointer: SetPointer
    private let perform: Perform
    private let getLong: GetLong
    private let cleanup: Cleanup
    private let strerror: StrError
    private let slistAppend: SlistAppend
    private let slistFree: SlistFree

    // From curl.h.
    private static let optURL: Int32 = 10002, optErrorBuffer: Int32 = 10010, optWriteFunction: Int32 = 20011
    private static let optPostFields: Int32 = 10015, optUserAgent: Int32 = 10018, optHTTPHeader: Int32 = 10023
    private static let optPost: Int32 = 47, optPostFieldSize: Int32 = 60, optNoSignal: Int32 = 99
    private static let optTimeoutMS: Int32 = 155, optConnectTimeoutMS: Int32 = 156
    private static let optWriteData: Int32 = 10001, optHeaderData: Int32 = 10029, optHeaderFunction: Int32 = 20079
    private static let optCustomRequest: Int32 = 10036, optHTTPGet: Int32 = 80, optNoBody: Int32 = 44
    private static let infoResponseCode: Int32 = 0x200002
    private static let globalAll = 3

    /// Opened on first use, once (a lazy static is initialised once, thread-safely, so
    /// `curl_global_init` runs once whichever thread pings first); nil when not installed.
    static let shared: LibCurl? = open()

    private static func open() -> LibCurl? {
        guard let handle = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL) ?? dlopen("libcurl.so", RTLD_LAZY | RTLD_LOCAL) else {
            return nil
        }
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: type) }
        }
        guard let globalInit = symbol("curl_global_init", as: GlobalInit.self),
              let easyInit = symbol("curl_easy_init", as: EasyInit.self),
              let setLong = symbol("curl_easy_setopt", as: SetLong.self),
              let setPointer = symbol("curl_easy_setopt", as: SetPointer.self),
              let perform = symbol("curl_easy_perform", as: Perform.self),
              let getLong = symbol("curl_easy_getinfo", as: GetLong.self),
              let cleanup = symbol("curl_easy_cleanup", as: Cleanup.self),
              let strerror = symbol("curl_easy_strerror", as: StrError.self),
              let slistAppend = symbol("curl_slist_append", as: SlistAppend.self),
              let slistFree = symbol("curl_slist_free_all", as: SlistFree.self),
              globalInit(globalAll) == 0
        else { return nil }
        return LibCurl(easyInit: easyInit, setLong: setLong, setPointer: setPointer, perform: perform, getLong: getLong,
                       cleanup: cleanup, strerror: strerror, slistAppend: slistAppend, slistFree: slistFree)
    }

    private init(easyInit: EasyInit, setLong: SetLong, setPointer: SetPointer, perform: Perform, getLong: GetLong,
                 cleanup: Cleanup, strerror: StrError, slistAppend: SlistAppend, slistFree: SlistFree) {
        self.easyInit = easyInit
        self.setLong = setLong
        self.setPointer = setPointer
        self.perform = perform
        self.getLong = getLong
        self.cleanup = cleanup
        self.strerror = strerror
        self.slistAppend = slistAppend
        self.slistFree = slistFree
    }

    /// One connection (kept alive between requests) for one thread at a time.
    final class Session: @unchecked Sendable {
        private let curl: LibCurl
        private let easy: OpaquePointer

        init?(_ curl: LibCurl) {
            guard let easy = curl.easyInit() else { return nil }
            self.curl = curl
            self.easy = easy
        }

        deinit { curl.cleanup(easy) }

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

        /// One request. Redirects are never followed (curl's default): a followed 301 would turn
        /// an API POST into a GET. `headers` are full `Name: value` lines.
        func request(method: String, url: String, headers: [String], body: [UInt8]?, timeout: Double,
                     keepBody: Bool = true) -> Result<Response, Problem> {
            let sink = ResponseSink(keepBody: keepBody)
            let context = Unmanaged.passRetained(sink)
            defer { context.release() }
            let write: @convention(c) (UnsafeMutableRawPointer?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
                let sink = Unmanaged<ResponseSink>.fromOpaque(user!).takeUnretainedValue()
                if sink.keepBody, let data { sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count)) }
                return size * count
            }
            let header: @convention(c) (UnsafeMutableRawPointer?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
                let sink = Unmanaged<ResponseSink>.fromOpaque(user!).takeUnretainedValue()
                if let data {
                    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
                    if line.hasPrefix("HTTP/") { sink.headers = [:] }
                    if let colon = line.firstIndex(of: ":") {
                        let name = line[..<colon].lowercased()
                        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                        sink.headers[name] = value
                    }
                }
                return size * count
            }
            var list: OpaquePointer?
            for line in headers { list = curl.slistAppend(list, line) }
            defer { curl.slistFree(list) }
            var errorBuffer = [CChar](repeating: 0, count: 256)
            let milliseconds = max(1, Int(timeout * 1000))
            let payload = body ?? []
            let code: Int32 = url.withCString { urlPointer in
                method.withCString { methodPointer in
                    payload.withUnsafeBufferPointer { bodyPointer in
                        errorBuffer.withUnsafeMutableBufferPointer { errors in
                            _ = curl.setPointer(easy, LibCurl.optURL, urlPointer)
                            if let _ = body {
                                _ = curl.setLong(easy, LibCurl.optPost, 1)
                                _ = curl.setPointer(easy, LibCurl.optPostFields, bodyPointer.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(methodPointer))
                                _ = curl.setLong(easy, LibCurl.optPostFieldSize, payload.count)
                            } else {
                                _ = curl.setLong(easy, LibCurl.optHTTPGet, 1)
                            }
                            _ = curl.setPointer(easy, LibCurl.optCustomRequest, method == "GET" || method == "POST" ? nil : UnsafeRawPointer(methodPointer))
                            _ = curl.setPointer(easy, LibCurl.optHTTPHeader, list.map { UnsafeRawPointer($0) })
                            _ = curl.setPointer(easy, LibCurl.optWriteFunction, unsafeBitCast(write, to: UnsafeRawPointer.self))
                            _ = curl.setPointer(easy, LibCurl.optWriteData, context.toOpaque())
                            _ = curl.setPointer(easy, LibCurl.optHeaderFunction, unsafeBitCast(header, to: UnsafeRawPointer.self))
                            _ = curl.setPointer(easy, LibCurl.optHeaderData, context.toOpaque())
                            _ = curl.setPointer(easy, LibCurl.optErrorBuffer, errors.baseAddress)
                            _ = curl.setLong(easy, LibCurl.optNoSignal, 1)
                            _ = curl.setLong(easy, LibCurl.optTimeoutMS, milliseconds)
                            _ = curl.setLong(easy, LibCurl.optConnectTimeoutMS, milliseconds)
                            let result = curl.perform(easy)
                            _ = curl.setPointer(easy, LibCurl.optErrorBuffer, nil)
                            _ = curl.setPointer(easy, LibCurl.optCustomRequest, nil)
                            _ = curl.setPointer(easy, LibCurl.optHTTPHeader, nil)
                            return result
                        }
                    }
                }
            }
            guard code == 0 else { return .failure(Problem(code: code, message: describe(code, errorBuffer))) }
            var status = 0
            _ = curl.getLong(easy, LibCurl.infoResponseCode, &status)
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
                let text = curl.strerror(code).map { String(cString: $0) } ?? "curl error \(code)"
                return detail.isEmpty ? text : "\(text) (\(detail))"
            }
        }
    }
}
