/// The subset of YAML the manifests need, written so that no value can be misread.
///
/// Block style for maps and lists (it reads like hand-written manifests and diffs line by
/// line), and every string as a JSON string: a JSON string is a valid YAML double-quoted
/// scalar, so a value never turns into a number, a boolean, a null, a comment or a second
/// key, whatever it holds (`no`, `0x10`, `: `, `#`, a leading `*` or `&`). Characters YAML
/// 1.1 readers refuse or read as line breaks are `\u` escapes (`Escaping.yamlSafeJSONString`);
/// other text, non-ASCII included, is written as UTF-8.
indirect enum YAMLValue: Equatable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([YAMLValue])
    /// Keys in the order written.
    case map([(String, YAMLValue)])

    static func == (a: YAMLValue, b: YAMLValue) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.bool(x), .bool(y)): x == y
        case let (.list(x), .list(y)): x == y
        case let (.map(x), .map(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The document, newline-terminated.
    func document() -> String {
        var out = ""
        write(into: &out, indent: 0, context: .top)
        return out
    }

    private enum Context { case top, mapValue, listItem }

    private func write(into out: inout String, indent: Int, context: Context) {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .string, .int, .bool:
            out += (context == .top ? "" : " ") + scalarText + "\n"
        case .list(let items):
            if items.isEmpty { out += (context == .top ? "" : " ") + "[]\n"; return }
            if context != .top { out += "\n" }
            for item in items {
                out += pad + "-"
                item.write(into: &out, indent: indent + 2, context: .listItem)
            }
        case .map(let pairs):
            if pairs.isEmpty { out += (context == .top ? "" : " ") + "{}\n"; return }
            var first = true
            if context == .mapValue { out += "\n" }
            for (key, value) in pairs {
                // A list item's first key sits on the dash's line.
                if context == .listItem && first { out += " " } else { out += pad }
                first = false
                out += Self.key(key) + ":"
                value.write(into: &out, indent: value.isList ? indent : indent + 2, context: .mapValue)
            }
        }
    }

    private var isList: Bool { if case .list(let items) = self { !items.isEmpty } else { false } }

    private var scalarText: String {
        switch self {
        case .string(let text): Self.quoted(text)
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        default: ""
        }
    }

    /// Keys are written plain when they are made of letters, digits and `-_./` (every key
    /// cronops writes), quoted otherwise.
    static func key(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./".unicodeScalars.contains($0)
        } && text.unicodeScalars.first.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } == true
        return plain ? text : quoted(text)
    }

    /// `text` as a JSON string that YAML readers take as written.
    static func quoted(_ text: String) -> String { Escaping.yamlSafeJSONString(text) }
}
