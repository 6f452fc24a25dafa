import CronopsCore
import CronopsTestSupport
import Foundation
import Testing

/// schemas/plan.schema.json describes exactly what `plan --format json` and `--out` write.
@Suite struct PlanSchemaTests {
    typealias F = HealthchecksFixtureSpec

    static func schema() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: TestPaths.repo("schemas/plan.schema.json"))) as? [String: Any])
    }

    @Test func usesOnlyKeywordsTheTestValidatorKnows() throws {
        let unknown = MiniSchemaValidator.keywords(in: try Self.schema()).subtracting(MiniSchemaValidator.supportedKeywords)
        #expect(unknown.isEmpty, "\(unknown)")
    }

    @Test func plansValidateAndTheValidatorCatchesDrift() throws {
        let validator = MiniSchemaValidator(documents: ["plan.schema.json": try Self.schema()])
        let checks = [
            RemoteCheck(id: "u1", name: "old", slug: "old", tags: "cronops:acme-prod", desc: "", grace: 60, timeout: 60, channels: ""),
            RemoteCheck(id: "u2", name: "gone", slug: "gone", tags: "cronops:acme-prod", desc: "", grace: 60, timeout: 60, channels: ""),
        ]
        var diagnostics = Diagnostics()
        let plan = Planner.plan(spec: F.spec(jobs: [F.job("a"), F.job("new", previousNames: ["old"])]),
                                state: ServerState(checks: checks, channels: .listed([RemoteChannel(id: "c1", name: "ops-email", kind: "email")])),
                                provider: "healthchecks", target: "http://x/api/v3/", prune: true, diagnostics: &diagnostics)
        #expect(Set(plan.actions.map(\.kind)) == [.create, .rename, .delete])
        let value = try JSONSerialization.jsonObject(with: PlanCodec.encode(plan))
        let errors = validator.validate(value, against: validator.documents["plan.schema.json"]!, in: "plan.schema.json")
        #expect(errors.isEmpty, "\(errors)")

        var drifted = try #require(value as? [String: Any])
        drifted["surprise"] = true
        drifted["fingerprint"] = "md5:x"
        #expect(validator.validate(drifted, against: validator.documents["plan.schema.json"]!, in: "plan.schema.json").count == 2)
    }
}
