/// Escaping for every format cronops writes that someone else reads: a terminal or CI log,
/// a pull-request comment (Markdown with HTML), GitHub workflow commands, JSON, HTML.
///
/// The values are untrusted: a pull request from a fork controls job descriptions, route
/// channel names and tags, and the monitor controls check names and slugs. Each function
/// returns text that shows the value as it is and can do nothing else in its format: no
/// markup, no HTML, no cell or line it breaks out of, no terminal control sequence.
public enum Escaping {
    // MARK: plain text (terminal, CI log)

    /// Control characters (C0, DEL, C1) and the bidirectional overrides that reorder what a
    /// reader sees are shown as escapes (`\n`, `\t`, `\u{1b}`); everything else is kept.
    public static func plainText(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsPlainEscape) else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsPlainEscape(scalar): out += "\\u{" + hex(scalar.value, width: 2) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsPlainEscape(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // LRM/RLM, embeddings, overrides, isolates
        default: false
        }
    }

    // MARK: Markdown (GitHub-flavoured)

    /// An inline code span showing `s` verbatim: a backtick fence longer than any run of
    /// backticks inside, padded where CommonMark would strip or merge. Inside a code span
    /// nothing is markup, not even an @mention or an issue reference. `inTableCell` escapes
    /// `|`, which GFM splits cells on before it looks for code spans. Line breaks and other
    /// control characters are shown as escapes (a raw newline would end the table row).
    public static func markdownCodeSpan(_ s: String, inTableCell: Bool = false) -> String {
        var content = plainText(s)
        if inTableCell { content = content.replacingEvery("|", with: "\\|") }
        if content.isEmpty { return "` `" }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: content) + 1)
        let allSpaces = content.allSatisfy { $0 == " " }
        let pad = content.hasPrefix("`") || content.hasSuffix("`")
            || (!allSpaces && content.hasPrefix(" ") && content.hasSuffix(" "))
        return pad ? "\(fence) \(content) \(fence)" : fence + content + fence
    }

    /// A fenced code block around `text` (which should end with a newline): the fence is
    /// longer than any backtick run in the text, so no line of it can close the block early;
    /// inside, `<details>`, `<!--` and the like are shown, not interpreted.
    public static func markdownCodeBlock(_ text: String, info: String = "") -> String {
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: text) + 1))
        let body = text.hasSuffix("\n") || text.isEmpty ? text : text + "\n"
        return fence + info + "\n" + body + fence + "\n"
    }

    static func longestRun(of character: Character, in s: String) -> Int {
        var longest = 0, current = 0
        for c in s {
            current = c == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }

    // MARK: HTML

    /// Text content of an element.
    public static func htmlText(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A double-quoted attribute value (the caller writes the quotes).
    public static func htmlAttribute(_ s: String) -> String {
        htmlText(s).replacingEvery("\"", with: "&quot;").replacingEvery("'", with: "&#39;")
    }

    // MARK: GitHub workflow commands (`::error file=…::message`)

    /// The message part: GitHub decodes exactly these three.
    public static func workflowData(_ s: String) -> String {
        s.replacingEvery("%", with: "%25").replacingEvery("\r", with: "%0D")
            .replacingEvery("\n", with: "%0A")
    }

    /// A property value (`file=`, `title=`): also `:` and `,`, which end a property.
    public static func workflowProperty(_ s: String) -> String {
        workflowData(s).replacingEvery(":", with: "%3A").replacingEvery(",", with: "%2C")
    }

    // MARK: JSON

    /// A JSON string literal, quotes included (RFC 8259: `"`, `\` and control characters
    /// escaped; U+2028/U+2029 too, so the text is also a valid JavaScript literal).
    /// `asciiOnly` escapes everything beyond ASCII as UTF-16 `\uXXXX`, as Python's
    /// `json.dumps` does by default (what the Healthchecks server sends).
    public static func jsonString(_ s: String, asciiOnly: Bool = false) -> String {
        jsonLiteral(s, asciiOnly: asciiOnly, yamlSafe: false)
    }

    /// A JSON string literal that is also a YAML double-quoted scalar YAML 1.1 readers
    /// (PyYAML, go-yaml) take as written: it also escapes what they refuse in a document or
    /// read as a line break, C1 controls (U+0085 among them), U+FEFF, U+FFFE and U+FFFF.
    public static func yamlSafeJSONString(_ s: String) -> String {
        jsonLiteral(s, asciiOnly: false, yamlSafe: true)
    }

    private static func jsonLiteral(_ s: String, asciiOnly: Bool, yamlSafe: Bool) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || v == 0x2028 || v == 0x2029 || (asciiOnly && v > 0x7F)
                    || (yamlSafe && ((0x80...0x9F).contains(v) || v == 0xFEFF || v == 0xFFFE || v == 0xFFFF)) {
                    for unit in String(scalar).utf16 { out += "\\u" + hex(UInt32(unit), width: 4) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
