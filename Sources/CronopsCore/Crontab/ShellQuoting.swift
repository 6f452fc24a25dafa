/// Quoting for `/bin/sh`, so that each word reaches the wrapper as exactly one argument.
public enum ShellQuoting {
    /// Characters that need no quoting in any POSIX shell position. `%` is left out because
    /// cron gives it a meaning, `=` because a first word `a=b` would be an assignment; an
    /// `argument` (never a command's first word, never in a crontab) may keep both bare.
    private static func isPlain(_ scalar: Unicode.Scalar, argument: Bool) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        case "_", "-", ".", "/", ":", "@", "+", ",": return true
        case "=", "%": return argument
        default: return false
        }
    }

    /// `word` as one shell word: bare when it is plain, else in single quotes, with each `'`
    /// written as `'\''`. A backslash directly followed by `%` gets an empty `''` between
    /// them, because cronie pairs a backslash with the next character when it looks for
    /// `\%`; the shell joins the pieces back into the same word.
    public static func quote(_ word: String, always: Bool = false, argument: Bool = false) -> String {
        if !always, !word.isEmpty, word.unicodeScalars.allSatisfy({ isPlain($0, argument: argument) }) {
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

    /// Words joined with single spaces, each quoted as needed.
    public static func join(_ words: [String]) -> String {
        words.map { quote($0) }.joined(separator: " ")
    }
}
