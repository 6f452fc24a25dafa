/// `scalar(_:)`: a string as a YAML scalar that reads back as exactly that string: plain for
/// a simple word or path YAML cannot take for anything else, single-quoted when it is
/// printable on one line, double-quoted with escapes otherwise (control characters, and the
/// characters libyaml treats as line breaks).
public enum YAMLText {
    static let reservedPlain: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"]

    public static func scalar(_ s: String) -> String {
        if isPlain(s) { return s }
        if s.unicodeScalars.allSatisfy(isPrintable) {
            return "'" + s.replacingEvery("'", with: "''") + "'"
        }
        // A JSON string is a YAML double-quoted scalar, except for the characters libyaml
        // reads as line breaks or refuses outright, which get YAML's own escapes.
        var out = ""
        for scalar in Escaping.jsonString(s).unicodeScalars {
            if scalar == "\u{85}" {
                out += "\\N"
            } else if (0x80...0x9F).contains(scalar.value) || scalar.value == 0xFEFF {
                out += "\\u" + Escaping.hex(scalar.value, width: 4)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isPlain(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) || first == "/" else {
            return false
        }
        return !reservedPlain.contains(s.lowercased()) && s.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "/" || c == "_" || c == "." || c == "-"
        }
    }

    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v >= 0x20 && v != 0x7F && !(0x80...0x9F).contains(v) && v != 0x2028 && v != 0x2029 && v != 0xFEFF
    }
}
