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

    /// Shown, not sent: a control character or a bidirectional override in the line is an
    /// escape, and the caret still stands under its column.
    @Test func theSourceLineIsShownNotSent() {
        var s = SourceMap()
        s.add(SourceFile(path: "b.yaml", text: "x: \u{202E}abc\u{1B}]0;t\u{07} y\n"))
        let text = DiagnosticRenderer(sources: s).text(.error("E001", "m", at: CronopsCore.SourceLocation(file: "b.yaml", line: 1, column: 15)))
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\u{07}" })
        #expect(text.contains("   1 | x: \\u{202e}abc\\u{1b}]0;t\\u{07} y\n"))
        // "x: " 3, "\u{202e}" 8, "abc" 3, "\u{1b}" 6, "]0;t" 4, "\u{07}" 6, " " 1: the y is at 31.
        #expect(text.contains("     | " + String(repeating: " ", count: 31) + "^\n"), "under the y: \(text)")
    }

    /// A line of 8 MB (a minified or hostile file) is cut around the column, marked with `…`.
    @Test func aLongLineIsCutAroundTheColumn() {
        var s = SourceMap()
        let line = String(repeating: "a", count: 5_000) + "X" + String(repeating: "b", count: 5_000)
        s.add(SourceFile(path: "c.yaml", text: line + "\n"))
        let text = DiagnosticRenderer(sources: s).text(.error("E001", "m", at: CronopsCore.SourceLocation(file: "c.yaml", line: 1, column: 5_001)))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1] == "   1 | …" + String(repeating: "a", count: SourceExcerpt.before) + "X"
                + String(repeating: "b", count: SourceExcerpt.window - SourceExcerpt.before - 1) + "…")
        #expect(lines[2] == "     |  " + String(repeating: " ", count: SourceExcerpt.before) + "^")
        // Near either end only that end is cut; a line up to `widest` is shown whole.
        let start = DiagnosticRenderer(sources: s).text(.error("E001", "m", at: CronopsCore.SourceLocation(file: "c.yaml", line: 1, column: 3)))
        #expect(start.contains("   1 | " + String(repeating: "a", count: SourceExcerpt.window) + "…\n"))
        #expect(start.contains("     |   ^\n"))
        let end = DiagnosticRenderer(sources: s).text(.error("E001", "m", at: CronopsCore.SourceLocation(file: "c.yaml", line: 1, column: 10_002)))
        #expect(end.contains("   1 | …" + String(repeating: "b", count: SourceExcerpt.window) + "\n"))
        #expect(end.contains("     |  " + String(repeating: " ", count: SourceExcerpt.window) + "^\n"), "just past the end")
        #expect(SourceExcerpt(line: String(repeating: "z", count: SourceExcerpt.widest), column: 1).text.count == SourceExcerpt.widest)
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
