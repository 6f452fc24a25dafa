/// Quoting for `/bin/sh`, so that each word reaches the wrapper as exactly one argument.
public enum ShellQuoting {
    /// Characters that need no quoting in any POSIX shell position. `%` is left out because
    /// cron gives it a meaning, `=` because a first word `a=b` would be an assignment; an
    /// `argument` (never a command's first word, never in a crontab) may keep both bare.
    /// Bytes, not scalars: every plain character is ASCII, and no byte of a multi-byte
    /// character is plain.
    private static func isPlain(_ byte: UInt8, argument: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"),
             UInt8(ascii: "@"), UInt8(ascii: "+"), UInt8(ascii: ","):
            return true
        case UInt8(ascii: "="), UInt8(ascii: "%"): return argument
        default: return false
        }
    }

    /// `word` as one shell word: bare when it is plain, else in single quotes, with each `'`
    /// written as `'\''`. A backslash directly followed by `%` gets an empty `''` between
    /// them, because cronie pairs a backslash with the next character when it looks for
    /// `\%`; the shell joins the pieces back into the same word.
    public static func quote(_ word: String, always: Bool = false, argument: Bool = false) -> String {
        if !always, !word.isEmpty, word.withUTF8Bytes({ $0.allSatisfy { isPlain($0, argument: argument) } }) {
            return word
        }
        // Bytes, not Characters: a combining mark after `'` or `\` must not hide it, and the
        // quote and the backslash are ASCII, never part of a multi-byte character.
        let quote = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\"), percent = UInt8(ascii: "%")
        var out: [UInt8] = [quote]
        out.reserveCapacity(word.utf8.count + 8)
        var previous: UInt8 = 0
        for byte in word.utf8 {
            if byte == percent, previous == backslash { out += [quote, quote] }
            if byte == quote {
                out += [quote, backslash, quote, quote]
            } else {
                out.append(byte)
            }
            previous = byte
        }
        out.append(quote)
        return String(decoding: out, as: UTF8.self)
    }

    /// The byte length of `CronEscaping.escape(quote(word, always:), for: dialect)`, without
    /// building either. Quoting adds the two quotes, three bytes per `'` (`'\''`) and two per
    /// backslash right before `%`; escaping then adds a backslash before every `%` and, for
    /// Debian, before every backslash, including the one of each `'\''`.
    static func quotedLength(_ word: String, always: Bool, escapedFor dialect: CronDialect) -> Int {
        word.withUTF8Bytes { bytes in
            if !always, !bytes.isEmpty, bytes.allSatisfy({ isPlain($0, argument: false) }) { return bytes.count }
            let quote = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\"), percent = UInt8(ascii: "%")
            let debian = dialect == .debian
            var length = 2 + bytes.count, previous: UInt8 = 0
            for byte in bytes {
                if byte == percent {
                    length += previous == backslash ? 3 : 1
                } else if byte == quote {
                    length += debian ? 4 : 3
                } else if byte == backslash, debian {
                    length += 1
                }
                previous = byte
            }
            return length
        }
    }

    /// Words joined with single spaces, each quoted as needed.
    public static func join(_ words: [String]) -> String {
        words.map { quote($0) }.joined(separator: " ")
    }
}
