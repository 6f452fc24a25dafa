import Testing
@testable import CronopsCLI

@Suite struct ExecPlainHTTPTests {
    @Test func parsesHTTPURLs() {
        #expect(PlainHTTP.endpoint("http://127.0.0.1:8000/k/s/start?rid=x") == .init(host: "127.0.0.1", port: 8000, target: "/k/s/start?rid=x"))
        #expect(PlainHTTP.endpoint("http://hc.lan/ping/k/s/0") == .init(host: "hc.lan", port: 80, target: "/ping/k/s/0"))
        #expect(PlainHTTP.endpoint("http://[::1]:9/k/s") == .init(host: "::1", port: 9, target: "/k/s"))
        #expect(PlainHTTP.endpoint("http://host") == .init(host: "host", port: 80, target: "/"))
        #expect(PlainHTTP.endpoint("https://hc-ping.com/k/s") == nil)
        #expect(PlainHTTP.endpoint("http://user@host/k") == nil)
        #expect(PlainHTTP.endpoint("http://host:99999/k") == nil)
    }

    @Test func buildsACompleteRequest() {
        let request = String(decoding: PlainHTTP.request(.init(host: "::1", port: 8000, target: "/k/s/0"), body: "é\n"), as: UTF8.self)
        #expect(request == "POST /k/s/0 HTTP/1.1\r\nHost: [::1]:8000\r\nUser-Agent: cronops-exec\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\nConnection: close\r\n\r\né\n")
    }
}
