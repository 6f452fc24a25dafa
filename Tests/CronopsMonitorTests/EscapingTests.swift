@testable import CronopsCore
import Foundation
import Testing

// Core's escaping is tested here, beside the renderers that use it (PlanEscapingTests), which
// need the fixture specs of CronopsTestSupport; both read Markdown with `MiniMarkdown`.

/// Hostile values, the way a fork's pull request or a server can write them.
enum Hostile {
    static let values = [
        "<b>x</b> | `y`", "`", "``", "a`b``c```d", "|", "\\|", "line1\nline2", "cr\rlf\r\n", "</details>", "<!-- x",
        "::error::boom", "100% %0A %25 %3A", "\"quoted\" 'single'", "tab\tnul\u{0}esc\u{1B}[31mbel\u{7}", "del\u{7F} c1\u{85}",
        "ünïcödé 🎉 日本", "\u{202E}evil", " padded ", "   ", "@octocat #1 [link](http://x) ![i](y) *em* _u_ ~~s~~ &amp; &lt;",
        "\u{2028}\u{2029}", "`leading", "trailing`", "<script>alert(1)</script>", "a,b:c",
    ]
}

/// What CommonMark makes of markup, just far enough to check the escapes: code spans and
/// fences by their backtick runs.
enum MiniMarkdown {
    /// The decoded contents of every code span in `line`, in order; `inTable` unescapes `\|`
    /// first, as GFM does before it looks for code spans.
    static func codeSpans(in line: String, inTable: Bool = false) -> [String] {
        let text = Array(inTable ? line.replacingOccurrences(of: "\\|", with: "|") : line)
        var spans: [String] = []
        var i = 0
        while i < text.count {
            guard text[i] == "`" else { i += 1; continue }
            var n = 0
            while i + n < text.count, text[i + n] == "`" { n += 1 }
            var j = i + n
            var closed = false
            while j < text.count {
                guard text[j] == "`" else { j += 1; continue }
                var m = 0
                while j + m < text.count, text[j + m] == "`" { m += 1 }
                if m == n {
                    var content = String(text[(i + n)..<j])
                    if content.count >= 2, content.hasPrefix(" "), content.hasSuffix(" "), !content.allSatisfy({ $0 == " " }) {
                        content = String(content.dropFirst().dropLast())
                    }
                    spans.append(content)
                    i = j + m
                    closed = true
                    break
                }
                j += m
            }
            if !closed { i += n }
        }
        return spans
    }

    /// `line` with its code spans removed: what GitHub would read as markup.
    static func outsideCodeSpans(_ line: String) -> String {
        var rest = line.replacingOccurrences(of: "\\|", with: "|")
        for span in codeSpans(in: line, inTable: true) { rest = rest.replacingOccurrences(of: span, with: "") }
        return rest
    }

    /// `|` that split a GFM table row into cells.
    static func cellSeparators(_ row: String) -> Int {
        var count = 0
        var previous: Character = " "
        for c in row {
            if c == "|" && previous != "\\" { count += 1 }
            previous = c
        }
        return count
    }
}

@Suite struct EscapingTests {
    @Test func plainTextShowsControlCharactersAndKeepsTheRest() {
        for value in Hostile.values {
            let shown = Escaping.plainText(value)
            #expect(!shown.unicodeScalars.contains(where: Escaping.needsPlainEscape), "\(shown)")
        }
        #expect(Escaping.plainText("a\nb\r\tc\u{1B}[31m\u{202E}") == "a\\nb\\r\\tc\\u{1b}[31m\\u{202e}")
        #expect(Escaping.plainText("<b>x</b> | ünï 🎉") == "<b>x</b> | ünï 🎉")
    }

    @Test func markdownCodeSpanShowsTheValueAndNothingElse() {
        for value in Hostile.values where !value.isEmpty {
            let span = Escaping.markdownCodeSpan(value)
            #expect(MiniMarkdown.codeSpans(in: span) == [Escaping.plainText(value)], "\(span)")
            #expect(!span.contains("\n") && !span.contains("\r"))

            let cell = Escaping.markdownCodeSpan(value, inTableCell: true)
            #expect(MiniMarkdown.cellSeparators(cell) == 0, "\(cell)")
            #expect(MiniMarkdown.codeSpans(in: cell, inTable: true) == [Escaping.plainText(value)], "\(cell)")
        }
        #expect(Escaping.markdownCodeSpan("a`b") == "``a`b``")
        #expect(Escaping.markdownCodeSpan("`x") == "`` `x ``")
        #expect(Escaping.markdownCodeSpan("") == "` `")
    }

    @Test func markdownCodeBlockCannotBeClosedFromInside() {
        let text = Hostile.values.joined(separator: "\n") + "\n```\n````\n"
        let block = Escaping.markdownCodeBlock(text, info: "text")
        var lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.removeLast() == "")
        let fence = String(lines.removeFirst().prefix { $0 == "`" })
        #expect(fence.count == 5)
        #expect(lines.removeLast() == fence)
        #expect(lines.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).hasPrefix(fence) })
        #expect(lines.joined(separator: "\n") + "\n" == text)
        #expect(Escaping.markdownCodeBlock("plain\n") == "```\nplain\n```\n")
    }

    @Test func htmlTextAndAttributesAreInert() {
        func decode(_ s: String) -> String {
            s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        for value in Hostile.values {
            let text = Escaping.htmlText(value)
            #expect(!text.contains("<") && !text.contains(">"))
            #expect(decode(text) == value)
            let attribute = Escaping.htmlAttribute(value)
            #expect(!attribute.contains("\"") && !attribute.contains("'") && !attribute.contains("<"))
            #expect(decode(attribute) == value)
        }
    }

    @Test func workflowCommandValuesStayOnOneLineAndDecode() {
        func decode(_ s: String) -> String {
            s.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
                .replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
                .replacingOccurrences(of: "%25", with: "%")
        }
        for value in Hostile.values {
            let data = Escaping.workflowData(value)
            #expect(!data.contains("\n") && !data.contains("\r"))
            #expect(decode(data) == value)
            let property = Escaping.workflowProperty(value)
            #expect(!property.contains(":") && !property.contains(",") && !property.contains("\n"))
            #expect(decode(property) == value)
        }
    }

    @Test func jsonStringParsesBackToTheSameString() throws {
        for value in Hostile.values {
            for asciiOnly in [false, true] {
                let literal = Escaping.jsonString(value, asciiOnly: asciiOnly)
                let parsed = try JSONDecoder().decode([String].self, from: Data("[\(literal)]".utf8))
                #expect(parsed == [value], "\(literal)")
                #expect(!literal.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
                if asciiOnly { #expect(literal.utf8.allSatisfy { $0 < 0x80 }) }
            }
        }
        // What Python's json.dumps writes (the Healthchecks server).
        #expect(Escaping.jsonString("é\u{1F600}\u{7F}\"\\", asciiOnly: true) == #""\u00e9\ud83d\ude00\u007f\"\\""#)
        #expect(Escaping.jsonString("é\u{8}\u{C}\u{2028}") == #""é\b\f\u2028""#)
    }
}
