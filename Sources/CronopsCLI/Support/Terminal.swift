#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Results go to stdout, diagnostics and progress to stderr (SPEC §2).
public enum Terminal {
    public static func out(_ text: String) { write(text, to: STDOUT_FILENO) }
    public static func err(_ text: String) { write(text, to: STDERR_FILENO) }

    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }

    public static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Whether to colour output written to `fd`: `--color`, then NO_COLOR, then whether it is a terminal.
    public static func useColor(_ choice: ColorChoice, fd: Int32 = STDERR_FILENO,
                                environment: [String: String]) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTTY(fd)
        }
    }
}
