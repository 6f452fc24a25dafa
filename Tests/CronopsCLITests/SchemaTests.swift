@testable import CronopsCore
import Foundation
import Testing

/// The JSON Schemas editors use and the loader must accept the same keys: a key in one and
/// not the other fails here, and every example must validate against the schemas.
@Suite struct SchemaTests {
    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: TestPaths.repo("schemas/\(name)"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func keys(_ schema: [String: Any]?) -> Set<String> { Set((schema?["properties"] as? [String: Any] ?? [:]).keys) }

    func sub(_ schema: [String: Any]?, _ path: String...) -> [String: Any]? {
        path.reduce(schema) { ($0?[$1] as? [String: Any]) }
    }

    @Test func projectSchemaMatchesTheLoader() throws {
        let s = try Self.load("cronops.schema.json")
        #expect(keys(s) == Set(KeySets.project))
        #expect(keys(sub(s, "properties", "monitor")) == Set(KeySets.monitor))
        #expect(keys(sub(s, "properties", "routes", "additionalProperties")) == Set(KeySets.route))
        #expect(keys(sub(s, "properties", "hosts", "additionalProperties")) == Set(KeySets.host))
    }

    @Test func jobSchemaMatchesTheLoader() throws {
        let s = try Self.load("job.schema.json")
        #expect(keys(s) == Set(KeySets.jobFile))
        #expect(keys(sub(s, "$defs", "job")) == Set(KeySets.job))
        #expect(keys(sub(s, "$defs", "defaults")) == Set(KeySets.defaults))
        let validate = sub(s, "$defs", "validate")
        #expect(keys(validate) == Set(KeySets.validate))
        #expect(keys(sub(validate, "properties", "stdout")) == Set(KeySets.stdout))
        #expect(keys(sub(validate, "properties", "stderr")) == Set(KeySets.stderr))
        #expect(keys(sub(validate, "properties", "duration")) == Set(KeySets.durationRange))
        #expect(sub(s, "$defs", "job")?["additionalProperties"] as? Bool == false)
    }

    @Test func enumsInTheSchemaMatchTheModel() throws {
        let job = try #require(sub(try Self.load("job.schema.json"), "$defs", "job", "properties"))
        #expect((job["monitor"] as? [String: Any])?["enum"] as? [String] == MonitorMode.allCases.map(\.rawValue))
        #expect((job["overlap"] as? [String: Any])?["enum"] as? [String] == OverlapPolicy.allCases.map(\.rawValue))
        let project = try Self.load("cronops.schema.json")
        #expect(sub(project, "properties", "monitor", "properties", "provider")?["enum"] as? [String] == ProviderKind.allCases.map(\.rawValue))
        let host = sub(project, "properties", "hosts", "additionalProperties", "properties")
        #expect(sub(host, "cron")?["enum"] as? [String] == CronDialect.allCases.map(\.rawValue))
        #expect(sub(host, "format")?["enum"] as? [String] == CrontabFormat.allCases.map(\.rawValue))
    }

    @Test func schemasUseOnlyKeywordsTheTestValidatorKnows() throws {
        for name in ["cronops.schema.json", "job.schema.json"] {
            let unknown = MiniSchemaValidator.keywords(in: try Self.load(name)).subtracting(MiniSchemaValidator.supportedKeywords)
            #expect(unknown.isEmpty, "\(name) uses \(unknown)")
        }
    }

    @Test func everyExampleValidatesAgainstTheSchemas() throws {
        let validator = MiniSchemaValidator(documents: ["cronops.schema.json": try Self.load("cronops.schema.json"),
                                                        "job.schema.json": try Self.load("job.schema.json")])
        let root = TestPaths.repo("examples/acme")
        var checked = 0
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)! where url.pathExtension == "yaml" {
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.hasPrefix("# yaml-language-server: $schema="), "\(url.lastPathComponent) names its schema for editors")
            let schemaFile = url.lastPathComponent == "cronops.yaml" ? "cronops.schema.json" : "job.schema.json"
            let value = try #require(jsonValue(text))
            let errors = validator.validate(value, against: validator.documents[schemaFile]!, in: schemaFile)
            #expect(errors.isEmpty, "\(url.path): \(errors)")
            checked += 1
        }
        #expect(checked == 7)
    }

    @Test func theValidatorCatchesWhatTheSchemaForbids() throws {
        let validator = MiniSchemaValidator(documents: ["cronops.schema.json": try Self.load("cronops.schema.json"),
                                                        "job.schema.json": try Self.load("job.schema.json")])
        let bad = try #require(jsonValue("jobs:\n  Bad__Name:\n    command: x\n    schedule: '* * * * *'\n    grace: 5 minutes\n    shedule: x\n"))
        let errors = validator.validate(bad, against: validator.documents["job.schema.json"]!, in: "job.schema.json")
        #expect(errors.count == 3, "\(errors)")
    }

    /// YAML as the loader composes it, as JSON-like values.
    func jsonValue(_ text: String) -> Any? {
        var d = Diagnostics()
        guard case .node(let node) = YAMLComposer.compose(text, file: "x", diagnostics: &d) else { return nil }
        return convert(node)
    }

    func convert(_ node: YAMLNode) -> Any {
        switch node.kind {
        case .mapping(let pairs):
            return Dictionary(pairs.map { ($0.key.scalar?.text ?? "", convert($0.value)) }, uniquingKeysWith: { a, _ in a })
        case .sequence(let items):
            return items.map(convert)
        case .scalar(let s):
            switch s.resolved {
            case .null: return NSNull()
            case .bool(let b): return b
            case .int(let i): return i
            case .float(let f): return f
            case .string(let t): return t
            }
        }
    }
}
