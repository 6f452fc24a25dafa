import CronopsTestSupport
import CronopsCLI
import CronopsCore
import Foundation
import Testing

/// Every `examples/invalid/<case>` must produce exactly the diagnostics in its `expected.txt`.
@Suite struct InvalidExamplesTests {
    static let cases: [String] = {
        let dir = TestPaths.repo("examples/invalid")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    @Test func thereAreAtLeast25Cases() {
        #expect(Self.cases.count >= 25)
    }

    @Test(arguments: cases)
    func producesItsGoldenDiagnostics(name: String) throws {
        let dir = TestPaths.repo("examples/invalid/\(name)")
        let output = render(config: dir.path)
        #expect(output.contains("error["), "every invalid example must fail")
        try Golden.check(output, file: dir.appendingPathComponent("expected.txt"))
    }

    /// The text format as `cronops validate` prints it, with the checkout's absolute path taken
    /// out so the golden files hold paths relative to the repository.
    func render(config: String) -> String {
        let loaded = RepositoryLoader().load(config: config)
        var diagnostics = loaded.diagnostics
        if let spec = loaded.spec { diagnostics.append(contentsOf: Lints.run(spec)) }
        let text = DiagnosticRenderer(sources: loaded.sources).render(diagnostics.sorted, format: .text)
        return text.replacingOccurrences(of: TestPaths.repoRoot.path + "/", with: "")
    }
}
