import CCurlShim
@testable import CronopsCLI
import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// libcurl through the CCurlShim C target: every kind of option reaches curl with its own C
/// type, a value of the wrong kind is refused before it reaches curl, and `cronops exec`
/// still opens libcurl only when a ping goes through it.
@Suite struct LibCurlTests {
    func session() throws -> LibCurl.Session {
        let curl = try #require(LibCurl.shared, "libcurl4 must be installed for these tests (.ci/run installs it)")
        return try #require(LibCurl.Session(curl))
    }

    @Test func eachSetterTakesOnlyOptionsOfItsKind() throws {
        let session = try session()
        let badArgument: Int32 = 43  // CURLE_BAD_FUNCTION_ARGUMENT
        #expect(session.setLong(CRONOPS_CURLOPT_TIMEOUT_MS, 1_000) == 0)
        #expect(session.setLong(CRONOPS_CURLOPT_URL, 1) == badArgument)
        #expect(session.setString(CRONOPS_CURLOPT_URL, "http://127.0.0.1:9/") == 0)
        #expect(session.setString(CRONOPS_CURLOPT_TIMEOUT_MS, "1000") == badArgument)
        #expect(session.setPointer(CRONOPS_CURLOPT_POSTFIELDSIZE_LARGE, nil) == badArgument)
        #expect(session.setOffset(CRONOPS_CURLOPT_POSTFIELDSIZE_LARGE, 5) == 0)
        #expect(session.setOffset(CRONOPS_CURLOPT_POST, 1) == badArgument)
        #expect(session.setWriteFunction(CRONOPS_CURLOPT_WRITEDATA, nil) == badArgument)
        #expect(session.setWriteFunction(CRONOPS_CURLOPT_WRITEFUNCTION, nil) == 0)
    }

    /// Bodies are sent by length (POSTFIELDSIZE_LARGE, a curl_off_t), not as C strings: a NUL
    /// byte inside goes through. One kept-alive session then sends a bodiless DELETE and a GET
    /// that must not inherit the POST before them.
    @Test func oneSessionSendsBinaryBodiesAndEachMethod() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let session = try session()
        let body: [UInt8] = Array("a\u{0}b".utf8) + Array(repeating: 0x78, count: 70_000)
        let statuses = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let requests: [(String, [UInt8]?)] = [("POST", body), ("DELETE", nil), ("GET", nil), ("POST", [])]
                continuation.resume(returning: requests.map { method, body in
                    switch session.request(method: method, url: receiver.baseURL + "/" + method.lowercased(),
                                           headers: ["Expect:"], body: body, timeout: 10) {
                    case .success(let response): return response.status
                    case .failure(let problem): return -Int(problem.code)
                    }
                })
            }
        }
        #expect(statuses == [200, 200, 200, 200])
        let received = await receiver.pings()
        #expect(received.map(\.method) == ["POST", "DELETE", "GET", "POST"])
        #expect(received.first.map { [UInt8]($0.body) } == body)
        #expect(received.dropFirst().allSatisfy { $0.body.isEmpty })
    }

    /// The CAs libcurl trusts come from the variables the curl tool reads, in its order.
    @Test func trustFollowsCurlsEnvironmentVariables() {
        #expect(CurlTrust(environment: [:]) == CurlTrust())
        #expect(CurlTrust(environment: ["SSL_CERT_FILE": "/f.pem", "SSL_CERT_DIR": "/d"]) == CurlTrust(caFile: "/f.pem", caDirectory: "/d"))
        #expect(CurlTrust(environment: ["CURL_CA_BUNDLE": "/b.pem", "SSL_CERT_FILE": "/f.pem", "SSL_CERT_DIR": "/d"])
            == CurlTrust(caFile: "/b.pem"))
        #expect(CurlTrust(environment: ["CURL_CA_BUNDLE": "", "SSL_CERT_FILE": "/f.pem"]) == CurlTrust(caFile: "/f.pem"))
    }

    /// An https:// ping reads its CAs from SSL_CERT_FILE (a host's private CA; the bench's
    /// test CA): a file that is not there fails the TLS setup naming it, where curl's built-in
    /// bundle would have started a handshake the plain-HTTP receiver cannot answer.
    @Test func httpsPingsTrustTheCAFileTheEnvironmentNames() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let missing = try TestPaths.temporaryDirectory().appendingPathComponent("no-such-ca.pem").path
        let https = "https://" + receiver.baseURL.dropFirst("http://".count)
        let run = try await WrapperProcess.run(["tls", "--ping-url", https, "--", "exit 0"],
                                               environment: ["CRONOPS_PING_KEY": pingKey, "SSL_CERT_FILE": missing])
        #expect(run.status == 0)
        #expect(run.stderrText.contains("TLS failed"), "\(run.stderrText)")
        #expect(run.stderrText.contains(missing), "\(run.stderrText)")
    }

    /// `cronops exec` maps libcurl only when a ping goes through it (LD_DEBUG=files has the
    /// dynamic loader name every library it opens on stderr).
    @Test func execOpensLibcurlOnlyForPingsThatUseIt() async throws {
        let url = try closedLoopbackURL()
        func loadsCurl(_ arguments: [String], _ environment: [String: String]) async throws -> Bool {
            let run = try await WrapperProcess.run(arguments, environment: environment.merging(["LD_DEBUG": "files"]) { a, _ in a })
            #expect(run.status == 0)
            #expect(run.stderrText.contains("file=libc.so.6"), "LD_DEBUG output is missing; cannot tell")
            return run.stderrText.contains("file=libcurl.so")
        }
        #expect(try await loadsCurl(["quiet", "--", "exit 0"], [:]) == false)
        #expect(try await loadsCurl(["plain", "--ping-url", url, "--", "exit 0"], ["CRONOPS_PING_KEY": pingKey]) == false)
        #expect(try await loadsCurl(["curl", "--ping-url", url, "--", "exit 0"],
                                    ["CRONOPS_PING_KEY": pingKey, "CRONOPS_EXEC_PING_VIA_CURL": "1"]) == true)
    }
}
