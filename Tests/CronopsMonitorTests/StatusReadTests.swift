import CronopsCore
@testable import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// `cronops status` against Healthchecks: the list call's state fields, the double's ping log
/// as the server answers it, and the bounded failure reads.
@Suite struct StatusReadTests {
    typealias F = HealthchecksFixtureSpec
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    func send(_ double: HealthchecksDouble, _ path: String, key: String = HealthchecksDouble.readWriteKey) async throws -> HTTPResponseMessage {
        let request = HTTPRequestMessage(method: "GET", url: URL(string: double.baseURL + path)!, headers: ["X-Api-Key": key],
                                         body: nil, timeout: 5)
        return try await URLSessionTransport().send(request)
    }

    func keys(_ json: HCJSON?) -> [String] {
        guard case .object(let pairs)? = json else { return [] }
        return pairs.map(\.0)
    }

    func reader(_ spec: Spec, key: String = HealthchecksDouble.readWriteKey) throws -> any MonitorStatusReader {
        try #require(try Kit.provider(spec, Kit.context(key: key)) as? any MonitorStatusReader)
    }

    // MARK: the double

    /// The sequence of fixture list-pings.json, replayed: the same types, numbers, key order,
    /// body URLs and duration; the body of n=5 is ping-body-200.txt; a read-only key gets the
    /// recorded 401.
    @Test func theDoublesPingLogHasTheServersShape() async throws {
        try await HealthchecksDouble.with { double in
            let uuid = HealthchecksDoubleTests.recordedUUID
            await double.store.seed(name: "db-backup", slug: "db-backup", uuid: uuid)
            let t = Date(timeIntervalSince1970: 1_795_000_000)
            let body = String(decoding: try Kit.fixture("ping-body-200.txt"), as: UTF8.self)
            for (offset, (kind, text)) in [("success", nil), ("start", "s"), ("success", "ok"), ("log", "l"), ("fail", body), ("fail", nil),
                                           ("success", nil), ("success", nil)].enumerated() {
                await double.store.ping(uuid, kind, at: t.addingTimeInterval(Double(offset) + (offset == 2 ? 0.06 : 0)), body: text)
            }
            let list = try await send(double, "/api/v3/checks/\(uuid)/pings/")
            #expect(list.status == 200)
            let recorded = try HCJSON.parse(try Kit.fixture("list-pings.json"))
            let served = try HCJSON.parse(list.body)
            guard case .array(let want)? = recorded["pings"], case .array(let got)? = served["pings"] else {
                Issue.record("no pings array")
                return
            }
            #expect(got.count == want.count)
            for (g, w) in zip(got, want) {
                #expect(keys(g) == keys(w))
                #expect(g["type"] == w["type"] && g["n"] == w["n"])
                #expect((g["body_url"] == .null) == (w["body_url"] == .null))
            }
            #expect(got[5]["duration"] == .double(1.06))
            let fetched = try await send(double, "/api/v3/checks/\(uuid)/pings/5/body")
            let recordedBody = try Kit.fixture("ping-body-200.txt")
            #expect(fetched.status == 200 && fetched.body == recordedBody)
            #expect(try await send(double, "/api/v3/checks/\(uuid)/pings/1/body").status == 404)
            let readOnly = try await send(double, "/api/v3/checks/\(uuid)/pings/", key: HealthchecksDouble.readOnlyKey)
            let refusal = try Kit.fixture("error-readonly-key-pings-401.json")
            #expect(readOnly.status == 401 && readOnly.body == refusal)
            // The list call shows what the pings did.
            let check = try HCJSON.parse(try await send(double, "/api/v3/checks/\(uuid)").body)
            #expect(check["status"] == .string("up") && check["n_pings"] == .int(8) && check["started"] == .bool(false))
            #expect(check["last_ping"] == .string(ScheduleFormat.isoUTC(1_795_000_007).dropLast() + "+00:00"))
            #expect(check["last_duration"] == .int(1))
        }
    }

    // MARK: the list call

    /// The fast scanner and JSONDecoder read the new fields alike, null included.
    @Test func scannerAndDecoderAgreeOnTheStateFields() throws {
        let text = #"{"checks": [{"name": "a", "slug": "a", "tags": "", "desc": "", "grace": 60, "n_pings": 7, "status": "down", "started": true, "last_ping": "2026-11-22T11:06:14+00:00", "last_duration": 3, "uuid": "u1"}, {"name": "b", "slug": "b", "tags": "", "desc": "", "grace": 60, "n_pings": 0, "status": "new", "started": false, "last_ping": null, "uuid": "u2"}]}"#
        let data = Data(text.utf8)
        let fast = try CheckListScanner.parse(data)
        let reference = try JSONDecoder().decode(CheckListDTO.self, from: data).checks
        #expect(fast == reference)
        let a = try fast[0].observation()
        #expect(a.status == .down && a.started && a.pingCount == 7 && a.lastDuration == 3)
        #expect(a.lastPing.map { ScheduleFormat.isoUTC(Int64($0.timeIntervalSince1970)) } == "2026-11-22T11:06:14Z")
        let b = try fast[1].observation()
        #expect(b.status == .new && !b.started && b.lastPing == nil && b.lastDuration == nil)
        // A repeated state field is left to JSONDecoder, like every other kept field.
        #expect(throws: (any Error).self) { try CheckListScanner.parse(Data(#"{"checks": [{"name": "a", "slug": "a", "tags": "", "desc": "", "grace": 60, "started": true, "started": false}]}"#.utf8)) }
    }

    /// v1's `started` status is a running check; a status this version does not know claims nothing.
    @Test func oldAndUnknownStatusStrings() throws {
        func dto(_ status: String) -> CheckDTO {
            CheckDTO(name: "a", slug: "a", tags: "", desc: "", grace: 60, uuid: "u", status: status)
        }
        let started = try dto("started").observation()
        #expect(started.status == .up && started.started)
        #expect(try dto("grace").observation().status == .grace)
        let unknown = try dto("resting").observation()
        #expect(unknown.status == .new && !unknown.started)
        #expect(JobHealth.of(started, owned: true, monitored: true) == .running)
    }

    // MARK: readStatus

    /// A down check's reason comes from its last fail ping's body; an up check costs nothing
    /// beyond the list; a check late past its grace with no failure shows no reason.
    @Test func readsTheLastFailureOfDownChecksOnly() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: [F.job("invoices"), F.job("backup"), F.job("late")], apiURL: double.baseURL)
            let t = Self.now.addingTimeInterval(-3 * 3600)
            let invoices = await double.store.seed(slug: "invoices", tags: "cronops:acme-prod")
            let backup = await double.store.seed(slug: "backup", tags: "cronops:acme-prod")
            let late = await double.store.seed(slug: "late", tags: "cronops:acme-prod")
            await double.store.ping(invoices, "start", at: t)
            await double.store.ping(invoices, "fail", at: t.addingTimeInterval(2), body: """
                FAILED: invoices exited 0; a rule failed
                ✗ --expect-json 'sent == generated': false (sent = 0, generated = 3)
                exit status: 0
                duration: 2 s
                --- output (stdout and stderr as they arrived) ---
                ✗ --fake: printed by the job
                """)
            await double.store.ping(backup, "success", at: t)
            await double.store.ping(late, "success", at: t.addingTimeInterval(-86_400))
            await double.store.setStatus(late, "down")
            await double.store.clearLog()

            let snapshot = try await reader(spec).readStatus(now: Self.now, maxFailureBodies: 20)
            let byslug = Dictionary(uniqueKeysWithValues: snapshot.checks.map { ($0.check.slug, $0) })
            let failure = try #require(byslug["invoices"]?.lastFailure)
            #expect(failure.headline == "FAILED: invoices exited 0; a rule failed")
            #expect(failure.failedRules == ["--expect-json 'sent == generated': false (sent = 0, generated = 3)"])
            #expect(failure.exitStatus == "0")
            #expect(failure.at == t.addingTimeInterval(2))
            #expect(byslug["invoices"]?.lastDuration == 2)
            #expect(byslug["backup"]?.status == .up && byslug["backup"]?.lastFailure == nil)
            #expect(byslug["late"]?.status == .down && byslug["late"]?.lastFailure == nil)
            #expect(snapshot.limitations.isEmpty)
            let log = await double.store.requests.map(\.target)
            #expect(log.filter { $0 == "/api/v3/checks/" }.count == 1)
            #expect(Set(log.filter { $0.contains("/pings/") }) == [
                "/api/v3/checks/\(invoices)/pings/", "/api/v3/checks/\(invoices)/pings/2/body", "/api/v3/checks/\(late)/pings/",
            ])
            #expect(snapshot.requests == log.count)
        }
    }

    /// At most `maxFailureBodies` failing checks are read, the newest failures first, and the
    /// rest is said once.
    @Test func failureReadsAreBoundedNewestFirst() async throws {
        try await HealthchecksDouble.with { double in
            var jobs: [Job] = []
            for i in 0..<6 {
                jobs.append(F.job("job\(i)"))
                let id = await double.store.seed(slug: "job\(i)", tags: "cronops:acme-prod")
                await double.store.ping(id, "fail", at: Self.now.addingTimeInterval(Double(-3600 + i * 60)), body: "FAILED: job\(i) exited with status \(i + 1)\nexit status: \(i + 1)\n")
            }
            await double.store.clearLog()
            let snapshot = try await reader(F.spec(jobs: jobs, apiURL: double.baseURL)).readStatus(now: Self.now, maxFailureBodies: 2)
            let withReason = snapshot.checks.filter { $0.lastFailure != nil }.map(\.check.slug).sorted()
            #expect(withReason == ["job4", "job5"])
            #expect(snapshot.limitations == ["4 of 6 failing checks show no reason: status reads the last failure of at most 2 checks, the most recent first (--max-failure-bodies)"])
            #expect(await double.store.requests.count == 1 + 2 * 2)
            let none = try await reader(F.spec(jobs: jobs, apiURL: double.baseURL)).readStatus(now: Self.now, maxFailureBodies: 0)
            #expect(none.checks.allSatisfy { $0.lastFailure == nil })
            #expect(none.limitations == ["6 of 6 failing checks show no reason: status reads the last failure of at most 0 checks, the most recent first (--max-failure-bodies)"])
        }
    }

    /// A tolerated failure is a `/log` whose body says FAILED; a later success clears it; a
    /// log that is not a failure is passed over.
    @Test func toleratedLogsCountAndSuccessesEndTheSearch() async throws {
        try await HealthchecksDouble.with { double in
            let spec = F.spec(jobs: [F.job("a"), F.job("b")], apiURL: double.baseURL)
            let a = await double.store.seed(slug: "a", tags: "cronops:acme-prod")
            let b = await double.store.seed(slug: "b", tags: "cronops:acme-prod")
            let t = Self.now.addingTimeInterval(-600)
            await double.store.ping(a, "log", at: t, body: "TOLERATED FAILED: a exited with status 1 (failure 1 of 2 allowed by --tolerate 2)\nexit status: 1\n")
            await double.store.ping(a, "log", at: t.addingTimeInterval(1), body: "SKIPPED: a did not start: previous run still running (--overlap skip)\n")
            await double.store.setStatus(a, "down")
            await double.store.ping(b, "fail", at: t, body: "FAILED: b exited with status 1\n")
            await double.store.ping(b, "success", at: t.addingTimeInterval(5))
            await double.store.setStatus(b, "down")
            let snapshot = try await reader(spec).readStatus(now: Self.now, maxFailureBodies: 20)
            let byslug = Dictionary(uniqueKeysWithValues: snapshot.checks.map { ($0.check.slug, $0) })
            #expect(byslug["a"]?.lastFailure?.headline.hasPrefix("TOLERATED FAILED: a exited with status 1") == true)
            #expect(byslug["b"]?.lastFailure == nil)
        }
    }

    /// A read-only key lists every state, reads no ping, and says so once.
    @Test func aReadOnlyKeySaysOnceWhatItCannotSee() async throws {
        try await HealthchecksDouble.with { double in
            var jobs: [Job] = []
            for i in 0..<3 {
                jobs.append(F.job("job\(i)"))
                let id = await double.store.seed(slug: "job\(i)", tags: "cronops:acme-prod")
                await double.store.ping(id, "fail", at: Self.now, body: "FAILED: job\(i) exited with status 1\n")
            }
            await double.store.clearLog()
            let snapshot = try await reader(F.spec(jobs: jobs, apiURL: double.baseURL), key: HealthchecksDouble.readOnlyKey)
                .readStatus(now: Self.now, maxFailureBodies: 20)
            #expect(snapshot.checks.map(\.status) == [.down, .down, .down])
            #expect(snapshot.checks.allSatisfy { $0.lastFailure == nil })
            #expect(snapshot.limitations == [HealthchecksProvider.readOnlyLimitation])
            #expect(await double.store.requests.map(\.target) == ["/api/v3/checks/"])
        }
    }

    /// A server error on a body read, after the client's retries, ends the read with the
    /// client's message; so does a server that is not there.
    @Test func serverErrorsEndTheRead() async throws {
        try await HealthchecksDouble.with { double in
            let id = await double.store.seed(slug: "a", tags: "cronops:acme-prod")
            await double.store.ping(id, "fail", at: Self.now, body: "FAILED: a exited with status 1\n")
            await double.store.inject(.serverError, pathPrefix: "/api/v3/checks/\(id)/pings/", times: 10)
            let spec = F.spec(jobs: [F.job("a")], apiURL: double.baseURL)
            await #expect(throws: MonitorError.self) { try await reader(spec).readStatus(now: Self.now, maxFailureBodies: 20) }
            do {
                _ = try await reader(spec).readStatus(now: Self.now, maxFailureBodies: 20)
            } catch {
                #expect("\(error)".contains("pings/") && "\(error)".contains("HTTP 500"))
            }
        }
        let gone = F.spec(jobs: [F.job("a")], apiURL: try await HealthchecksDouble.refusedURL())
        do {
            _ = try await reader(gone).readStatus(now: Self.now, maxFailureBodies: 20)
            Issue.record("a refused connection read a status")
        } catch {
            #expect("\(error)".contains("connection refused") || "\(error)".contains("refused"))
        }
    }
}
