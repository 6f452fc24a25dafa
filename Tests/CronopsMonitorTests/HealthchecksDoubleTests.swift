import CronopsCore
@testable import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// The double must answer as the recorded server did, or tests against it prove nothing.
@Suite struct HealthchecksDoubleTests {
    struct Entry: Decodable {
        var file: String
        var method: String
        var path: String
        var key: String
        var body: String
        var status: Int
        var extra: String
    }

    static let recordedUUID = "7892efbc-f548-4c0e-a935-4c4026c0a089"

    func send(_ double: HealthchecksDouble, _ method: String, _ path: String, key: String?, body: String? = nil) async throws -> HTTPResponseMessage {
        var headers: [String: String] = [:]
        if let key { headers["X-Api-Key"] = key }
        if body != nil { headers["Content-Type"] = "application/json" }
        let request = HTTPRequestMessage(method: method, url: URL(string: double.baseURL + path)!, headers: headers,
                                         body: body.map { Data($0.utf8) }, timeout: 5)
        return try await URLSessionTransport().send(request)
    }

    @Test func replaysEveryRecordedErrorExactly() async throws {
        let lines = String(decoding: try Kit.fixture("manifest.jsonl"), as: UTF8.self).split(separator: "\n")
        let entries = try lines.map { try JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
            .filter { $0.file.hasPrefix("error-") }
        #expect(entries.count >= 35)
        try await HealthchecksDouble.with { double in
            await double.store.seed(name: "db-backup", slug: "db-backup", uuid: Self.recordedUUID)
            for entry in entries {
                var key: String?
                switch entry.key {
                case "HC_API_KEY", "HC_API_KEY_LIMITED": key = HealthchecksDouble.readWriteKey
                case "HC_API_KEY_RO": key = HealthchecksDouble.readOnlyKey
                case "HC_API_KEY_OTHER": key = HealthchecksDouble.otherProjectKey
                default: key = entry.extra.hasPrefix("-H X-Api-Key: ") ? String(entry.extra.dropFirst(14)) : nil
                }
                await double.store.setCheckLimit(entry.key == "HC_API_KEY_LIMITED" ? 1 : 10_000)
                let response = try await send(double, entry.method, entry.path, key: key, body: entry.body.isEmpty ? nil : entry.body)
                let expected = try Kit.fixture(entry.file)
                #expect(response.status == entry.status, "\(entry.file)")
                #expect(String(decoding: response.body, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(entry.file)")
            }
            // Nothing of the rejected requests was applied.
            #expect(await double.store.checks.map(\.name) == ["db-backup"])
        }
    }

    /// Keys of a JSON object in order (the server's field order).
    func keys(_ data: Data) throws -> [String] {
        guard case .object(let pairs) = try HCJSON.parse(data) else { return [] }
        return pairs.map(\.0)
    }

    @Test func checkObjectsHaveTheServersShapePerKindAndKey() async throws {
        try await HealthchecksDouble.with { double in
            let created = try await send(double, "POST", "/api/v3/checks/", key: HealthchecksDouble.readWriteKey,
                                         body: #"{"name": "report", "slug": "report", "tags": "prod", "grace": 600, "schedule": "30 2 * * 1-5", "tz": "Europe/Riga", "timeout": 600, "channels": "ops-shell"}"#)
            #expect(created.status == 201)
            #expect(try keys(created.body) == keys(try Kit.fixture("create-check-cron-201.json")))
            let body = try HCJSON.parse(created.body)
            #expect(body["channels"] == .string("608cac88-4f8b-5d5e-86c7-c6ef2892fc2a"))
            #expect(body["timeout"] == nil)  // schedule wins over timeout

            let simple = try await send(double, "POST", "/api/v3/checks/", key: HealthchecksDouble.readWriteKey,
                                        body: #"{"name": "db-backup", "slug": "db-backup", "tags": "prod db", "desc": "Nightly pg_dump", "timeout": 86400, "grace": 3600, "channels": "ops-email,ops-webhook"}"#)
            #expect(try keys(simple.body) == keys(try Kit.fixture("create-check-simple-201.json")))
            let uuid = try HCJSON.parse(simple.body)["uuid"]?.stringValue ?? ""

            let readOnly = try await send(double, "GET", "/api/v3/checks/" + uuid, key: HealthchecksDouble.readOnlyKey)
            #expect(try keys(readOnly.body) == keys(try Kit.fixture("get-check-readonly-200.json")))
            let roChannels = try await send(double, "GET", "/api/v3/channels/", key: HealthchecksDouble.readOnlyKey)
            #expect(roChannels.status == 401)
            let channels = try await send(double, "GET", "/api/v3/channels/", key: HealthchecksDouble.readWriteKey)
            #expect(channels.body == (try Kit.fixture("list-channels.json")))
        }
    }

    @Test func legacyZonesAreRewrittenAndUniqueUpserts() async throws {
        try await HealthchecksDouble.with { double in
            let key = HealthchecksDouble.readWriteKey
            let first = try await send(double, "POST", "/api/v3/checks/", key: key,
                                       body: #"{"slug": "r", "schedule": "0 1 * * *", "tz": "Europe/Kiev", "unique": ["slug"]}"#)
            #expect(first.status == 201)
            #expect(try HCJSON.parse(first.body)["tz"] == .string("Europe/Kyiv"))
            let again = try await send(double, "POST", "/api/v3/checks/", key: key, body: #"{"slug": "r", "grace": 120, "unique": ["slug"]}"#)
            #expect(again.status == 200)
            let duplicate = try await send(double, "POST", "/api/v3/checks/", key: key, body: #"{"slug": "r"}"#)
            #expect(duplicate.status == 201)  // slugs are not unique without `unique`
            #expect(await double.store.checks(slug: "r").count == 2)
            #expect(await double.store.checks(slug: "r").first?.grace == 120)
        }
    }

    /// The outages the apply tests rely on: after the Nth write a refusing double stops
    /// listening before that answer leaves; a black hole reads requests and never answers.
    @Test func outagesRefuseOrSwallowRequestsAndTheServerComesBack() async throws {
        let key = HealthchecksDouble.readWriteKey
        let create = #"{"slug": "a", "unique": ["slug"]}"#
        try await HealthchecksDouble.with { double in
            await double.goDown(.refuse, afterWrites: 1)
            #expect(try await send(double, "POST", "/api/v3/checks/", key: key, body: create).status == 201)
            await #expect(throws: TransportError.cannotConnect("connection refused")) {
                try await send(double, "GET", "/api/v3/checks/", key: key)
            }
            #expect(await double.store.requestsSinceOutage.isEmpty)
            let back = try await HealthchecksDouble.start(store: double.store)
            await back.store.endOutage()
            #expect(try await send(back, "POST", "/api/v3/checks/", key: key, body: create).status == 200)  // the same store
            await back.stop()
        }
        try await HealthchecksDouble.with { double in
            await double.goDown(.blackHole, afterWrites: 0)
            let request = HTTPRequestMessage(method: "POST", url: URL(string: double.baseURL + "/api/v3/checks/")!,
                                             headers: ["X-Api-Key": key], body: Data(create.utf8), timeout: 0.2)
            await #expect(throws: TransportError.timedOut) { try await URLSessionTransport().send(request) }
            #expect(await double.store.requestsSinceOutage.map(\.method) == ["POST"])
            #expect(await double.store.checks.isEmpty)  // held, never carried out
            await double.store.endOutage()
            let after = try await send(double, "POST", "/api/v3/checks/", key: key, body: create)
            #expect(after.status == 201)
        }
    }
}
