/// Quoting by the rules systemd documents for unit files (systemd.service(5) "Command lines",
/// systemd.syntax(7) "Quoting"), so that each word reaches the wrapper byte for byte.
///
/// Every word is written in double quotes; inside them systemd removes one level of C-style
/// escapes, so `\` and `"` are escaped and control characters are written as escapes (a line
/// break can then travel, which it cannot in a crontab). Specifiers (`%x`) are expanded in
/// every setting, so `%` is doubled; `ExecStart=` also expands `$NAME` and `${NAME}`, so there
/// `$` is doubled too. Non-ASCII text passes as UTF-8, which systemd requires of unit files.
public enum SystemdQuoting {
    public enum Setting: Sendable {
        /// `ExecStart=`: specifiers and environment variables are expanded.
        case command
        /// `Environment=` and the like: specifiers only.
        case environment
    }

    /// nil when the word holds a NUL, which no unit file can carry.
    public static func quote(_ word: String, for setting: Setting) -> String? {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(word.utf8.count + 8)
        for byte in word.utf8 {
            switch byte {
            case 0: return nil
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "%"): out += [UInt8(ascii: "%"), UInt8(ascii: "%")]
            case UInt8(ascii: "$") where setting == .command: out += [UInt8(ascii: "$"), UInt8(ascii: "$")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x01..<0x20, 0x7f:
                let hex = Array("0123456789abcdef".utf8)
                out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0xf)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}

extension WrapperInvocation {
    /// The `ExecStart=` value: every word quoted for systemd. nil when a word holds a NUL;
    /// `field` then names the job field it comes from.
    func systemdCommandLine() -> Result<String, NulInField> {
        var quoted: [String] = []
        quoted.reserveCapacity(words.count)
        for word in words {
            guard let text = SystemdQuoting.quote(word.text, for: .command) else {
                return .failure(NulInField(field: word.field ?? "name"))
            }
            quoted.append(text)
        }
        return .success(quoted.joined(separator: " "))
    }

    struct NulInField: Error, Equatable {
        var field: String
    }
}
