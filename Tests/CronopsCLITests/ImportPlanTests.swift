@testable import CronopsCLI
import CronopsCore
import CronopsTestSupport
import Foundation
import Testing

/// After an import, `plan` adopts the checks the crontab already pinged by slug, and creates
/// the rest: never a second check for a job that had one.
@Suite struct ImportPlanTests {
    @Test func planAdoptsTheChecksTheCrontabAlreadyPinged() async throws {
        try await HealthchecksDouble.with { double in
            await double.store.seed(name: "nightly-sync", slug: "nightly-sync", tags: "manual")
            var d = Diagnostics()
            let text = try String(contentsOf: ImportCommandTests.fixtures.appendingPathComponent("user-wrappers/input"), encoding: .utf8)
            let document = CrontabReader.read(text, file: "input", format: .crontab, dialect: .debian, diagnostics: &d)
            let files = CrontabImporter.files([document], options: ImportOptions(host: "web-1", project: "acme-prod", dialect: .debian,
                                                                                  format: .crontab, timezone: "UTC"),
                                              reported: d, diagnostics: &d)
            // The imported project, pointed at the server instead of the local state file.
            let project = files[0].text.replacingOccurrences(of: "  provider: local\n",
                                                             with: "  provider: healthchecks\n  api_url: \(double.baseURL)\n")
            var compiled = Diagnostics()
            let spec = try #require(RepositoryCompiler.compile(project: SourceFile(path: "cronops.yaml", text: project),
                                                               jobFiles: files.dropFirst().map { SourceFile(path: $0.path, text: $0.text) },
                                                               diagnostics: &compiled), "\(compiled.all)")
            let (code, out) = await PlanTestKit.plan(spec, .init())
            #expect(code == 0, "\(out.stderr)")
            #expect(out.stdout.contains("  + create  backup "), "the uuid check cannot be named: a new one\n\(out.stdout)")
            #expect(out.stdout.contains("  ~ adopt   nightly-sync   (not owned by cronops yet; the job says adopt: true)"), "\(out.stdout)")
            #expect(out.stdout.contains("Plan: 1 to create, 1 to update, 0 to delete, 0 unchanged."))
        }
    }
}
