/// What cron does to the command part of a job line before it hands it to the shell, and the
/// inverse that the emitter applies.
///
/// Both daemons read the command left to right in pairs: a backslash takes the next character
/// with it; the first `%` not taken that way ends the command (the rest becomes stdin).
/// - Debian (checked against the daemon of cron 3.0pl1-162): `\%` → `%` and `\\` → `\`;
///   any other `\x` stays as written.
/// - cronie: only `\%` → `%`; `\\` stays `\\`.
/// Both work on bytes; Unicode scalars are the same here because `\` and `%` are ASCII.
public enum CronEscaping {
    /// `text` written so that `unescape(escape(text), dialect) == text` and no `%` ends the
    /// command early. For cronie, `text` must not have a backslash right before a `%` (the
    /// shell quoting guarantees it by splitting the quote there).
    public static func escape(_ text: String, for dialect: CronDialect) -> String {
        let percent = UInt8(ascii: "%"), backslash = UInt8(ascii: "\\")
        guard text.withUTF8Bytes({ $0.contains { $0 == percent || $0 == backslash } }) else { return text }
        // Bytes: both characters are ASCII, so they never sit inside a multi-byte character.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if byte == percent || (byte == backslash && dialect == .debian) { out.append(backslash) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// What the daemon passes to `/bin/sh -c`: the command text up to the first unescaped `%`,
    /// with the dialect's escapes removed, and the stdin text after it (nil when none).
    public static func unescape(_ text: String, for dialect: CronDialect) -> (command: String, stdin: String?) {
        let result = read(text, for: dialect)
        return (result.command, result.stdin)
    }

    /// `unescape`, plus where the first unescaped `%` is (in Unicode scalars from the start of
    /// `text`): the importer points at it.
    public static func read(_ text: String, for dialect: CronDialect) -> (command: String, stdin: String?, percentOffset: Int?) {
        var out = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        var offset = 0
        while let scalar = iterator.next() {
            if scalar == "%" {
                var rest = String.UnicodeScalarView()
                while let next = iterator.next() { rest.append(next) }
                return (String(out), String(rest), offset)
            }
            offset += 1
            guard scalar == "\\" else {
                out.append(scalar)
                continue
            }
            guard let next = iterator.next() else {
                out.append(scalar)
                break
            }
            offset += 1
            switch next {
            case "%": out.append("%")
            case "\\" where dialect == .debian: out.append("\\")
            default:
                out.append(scalar)
                out.append(next)
            }
        }
        return (String(out), nil, nil)
    }
}

extension CronEscaping {
    /// `written` (a command part as a crontab spells it) with every `%` that would end the
    /// command escaped as `\%`, the rest unchanged: the fix-it for a cut command.
    public static func escapePercents(_ written: String, for dialect: CronDialect) -> String {
        var out = String.UnicodeScalarView()
        var rest = Substring(written)
        while let offset = read(String(rest), for: dialect).percentOffset {
            let cut = rest.unicodeScalars.index(rest.unicodeScalars.startIndex, offsetBy: offset)
            out.append(contentsOf: rest.unicodeScalars[..<cut])
            out.append(contentsOf: "\\%".unicodeScalars)
            rest = Substring(rest.unicodeScalars[rest.unicodeScalars.index(after: cut)...])
        }
        out.append(contentsOf: rest.unicodeScalars)
        return String(out)
    }
}
