import Foundation
import Testing
@testable import CronopsCore

@Suite struct DiagnosticRendererTests {
    let loc = CronopsCore.SourceLocation(file: "jobs/a.yaml", line: 2, column: 5)

    var sources: SourceMap {
        var s = SourceMap()
        s.add(SourceFile(path: "jobs/a.yaml", text: "jobs:\n\t\tx: 1\n  y: 2\n"))
        return s
    }

    @Test func textShowsLineCaretFixItAndNotes() {
        let d = Diagnostic.error("E020", "unknown key 'x'", at: CronopsCore.SourceLocation(file: "jobs/a.yaml", line: 3, column: 3),
                                 notes: [DiagnosticNote("see here", at: CronopsCore.SourceLocation(file: "jobs/a.yaml", line: 1, column: 1))], fixIt: "y")
        let text = DiagnosticRenderer(sources: sources).text(d)
        #expect(text == """
        jobs/a.yaml:3:3: error[E020]: unknown key 'x'
           3 |   y: 2
             |   ^
             = fix-it: y
          jobs/a.yaml:1:1: note: see here
           1 | jobs:
             | ^

        """)
    }

    @Test func caretKeepsTabsSoItLinesUp() {
        let text = DiagnosticRenderer(sources: sources).text(.error("E002", "tab", at: CronopsCore.SourceLocation(file: "jobs/a.yaml", line: 2, column: 3)))
        #expect(text.contains("     | \t\t^\n"))
    }

    @Test func colourOnlyWhenAsked() {
        let d = Diagnostic.warning("W001", "legacy", at: loc)
        #expect(!DiagnosticRenderer(sources: sources).text(d).contains("\u{1B}["))
        #expect(DiagnosticRenderer(sources: sources, color: true).text(d).contains("\u{1B}[1;33mwarning[W001]"))
    }

    @Test func githubAnnotationsEscapeTheirData() {
        let d = Diagnostic.error("E001", "50% bad\nreally", at: CronopsCore.SourceLocation(file: "a,b:c.yaml", line: 1, column: 2), fixIt: "x")
        #expect(DiagnosticRenderer(sources: SourceMap()).github(d)
                == "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=cronops E001::50%25 bad%0Areally%0Afix-it: x\n")
        #expect(DiagnosticRenderer(sources: SourceMap()).github(.warning("W002", "w", at: nil)) == "::warning title=cronops W002::w\n")
    }

    @Test func jsonIsMachineReadable() throws {
        let out = DiagnosticRenderer(sources: sources).render([.error("E020", "m", at: loc, fixIt: "f"), .warning("W001", "w", at: nil)], format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 1)
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["file"] as? String == "jobs/a.yaml")
        #expect(first["line"] as? Int == 2)
        #expect(first["column"] as? Int == 5)
        #expect(first["fix_it"] as? String == "f")
    }

    @Test func sourceLinesNeverShowSecrets() {
        var s = SourceMap()
        let key = "hcw_" + String(repeating: "k", count: 28)
        s.add(SourceFile(path: "c.yaml", text: "monitor:\n  api_key: \(key)\n"))
        let text = DiagnosticRenderer(sources: s).text(.error("E029", "secret", at: CronopsCore.SourceLocation(file: "c.yaml", line: 2, column: 3)))
        #expect(!text.contains(key))
        #expect(text.contains("api_key: ********"))
    }
}
