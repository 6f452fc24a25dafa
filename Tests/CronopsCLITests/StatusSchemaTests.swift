@testable import CronopsCLI
import CronopsCore
import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// schemas/status.schema.json describes exactly what `status --format json` writes.
@Suite struct StatusSchemaTests {
    static func schema() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: TestPaths.repo("schemas/status.schema.json"))) as? [String: Any])
    }

    @Test func usesOnlyKeywordsTheTestValidatorKnows() throws {
        let unknown = MiniSchemaValidator.keywords(in: try Self.schema()).subtracting(MiniSchemaValidator.supportedKeywords)
        #expect(unknown.isEmpty, "\(unknown)")
    }

    /// Every state, a failure, nulls, a read-only note; and a drifted document is caught.
    @Test func statusDocumentsValidateAndTheValidatorCatchesDrift() async throws {
        let validator = MiniSchemaValidator(documents: ["status.schema.json": try Self.schema()])
        let schema = validator.documents["status.schema.json"]!
        try await HealthchecksDouble.with { double in
            await StatusTestKit.seed(double.store)
            let spec = StatusTestKit.spec(apiURL: double.baseURL)
            for key in [HealthchecksDouble.readWriteKey, HealthchecksDouble.readOnlyKey] {
                let (code, out) = await StatusTestKit.run(spec, .init(format: .json), key: key)
                #expect(code == 0)
                let value = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8))
                let errors = validator.validate(value, against: schema, in: "status.schema.json")
                #expect(errors.isEmpty, "\(errors)")
                var drifted = try #require(value as? [String: Any])
                drifted["surprise"] = 1
                drifted["observed_at"] = "yesterday"
                #expect(validator.validate(drifted, against: schema, in: "status.schema.json").count == 2)
            }
        }
    }
}
