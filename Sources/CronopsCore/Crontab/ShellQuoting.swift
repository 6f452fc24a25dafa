/// Quoting for `/bin/sh`, so that each word reaches the wrapper as exactly one argument.
public enum ShellQuoting {
    /// Characters that need no quoting in any POSIX shell position. `%` is left out because
    /// cron gives it a meaning, `=` because a first word `a=b` would be an assignment.
    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        case "_", "-", ".", "/", ":", "@", "+", ",": return true
        default: return false
        }
    }

    /// `word` as one shell word: bare when it is plain, else in single quotes, with each `'`
    /// written as `'\''`. A backslash directly followed by `%` gets an empty `''` between
    /// them, because cronie pairs a backslash with the next character when it looks for
    /// `\%`; the shell joins the pieces back into the same word.
    public static func quote(_ word: String, always: Bool = false) -> String {
        if !always, !word.isEmpty, word.unicodeScalars.allSatisfy(isPlain) {
            return word
        }
        // Scalars, not Characters: a combining mark after `'` or `\\` must not hide it.
        var out = String.UnicodeScalarView()
        out.append("'")
        var previous: Unicode.Scalar?
        for scalar in word.unicodeScalars {
            if scalar == "%", previous == "\\" { out.append(contentsOf: "''".unicodeScalars) }
            if scalar == "'" {
                out.append(contentsOf: "'\\''".unicodeScalars)
            } else {
                out.append(scalar)
            }
            previous = scalar
        }
        out.append("'")
        return String(out)
    }

    /// Words joined with single spaces, each quoted as needed.
    public static func join(_ words: [String]) -> String {
        words.map { quote($0) }.joined(separator: " ")
    }
}
