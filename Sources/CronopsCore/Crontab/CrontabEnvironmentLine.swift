/// `NAME=VALUE` lines as Debian's cron reads them (env.c): a bare value runs to the end of the
/// line with surrounding blanks dropped, a quoted one must end with the same quote and nothing
/// after it, an empty one needs quotes (`MAILTO=""`; a bare `MAILTO=` is a bad job line).
enum CrontabEnvironmentLine {
    struct Unwritable: Error, Equatable {
        var reason: String
    }

    /// The line, or why the value cannot be written.
    static func render(name: String, value: String) -> Result<String, Unwritable> {
        if value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            return .failure(Unwritable(reason: "contains a line break"))
        }
        if value.unicodeScalars.contains("\0") { return .failure(Unwritable(reason: "contains a NUL character")) }
        if value.utf8.count > CrontabLimits.environmentValueBytes {
            return .failure(Unwritable(reason: "is \(value.utf8.count) bytes long; cron cuts environment values after about \(CrontabLimits.environmentValueBytes)"))
        }
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else {
            return .success("\(name)=\"\"")
        }
        let needsQuotes = first == "'" || first == "\"" || isBlank(first) || isBlank(last)
        if !needsQuotes { return .success("\(name)=\(value)") }
        if !value.contains("\"") { return .success("\(name)=\"\(value)\"") }
        if !value.contains("'") { return .success("\(name)='\(value)'") }
        return .failure(Unwritable(reason: "starts or ends with a quote or a blank and holds both kinds of quotes, which cron cannot read back"))
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }
}

/// Text for a `#` comment line: one line, no control characters.
enum CrontabComment {
    static func sanitize(_ text: String) -> String {
        // Almost every comment is clean: check the bytes before building anything.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : $0 }))
    }
}
