/// The text of a ping (SPEC §2.6 step 7): a verdict line, each failed rule, the run's facts, then
/// the END of the output, all within what Healthchecks keeps (10,000 bytes). Always valid UTF-8:
/// a server that filters bodies by keyword answers 500 to anything else and loses the ping.
public enum PingBody {
    /// Room the header may take before the output, so the output's end always shows.
    static let headerLimit = 3_000

    public static func render(headline: String, details: [String], output: TailBuffer,
                              limit: Int = ExecLimits.pingBodyLimit) -> String {
        var header = headline + "\n"
        for line in details {
            let clipped = line.utf8.count > 600 ? clip(line, toBytes: 600) + "…" : line
            if header.utf8.count + clipped.utf8.count + 1 > headerLimit {
                header += "(more lines left out)\n"
                break
            }
            header += clipped + "\n"
        }
        guard output.totalBytes > 0 else { return header + "(no output)\n" }
        let text = String(decoding: output.bytes, as: UTF8.self)
        // The marker line is sized for the largest numbers, so the total never exceeds `limit`.
        let markerRoom = 120
        let room = max(0, limit - header.utf8.count - markerRoom)
        let tail = suffix(text, maxBytes: room)
        let shown = tail.utf8.count
        let marker: String
        if shown >= output.totalBytes && output.isComplete {
            marker = "--- output (stdout and stderr as they arrived) ---\n"
        } else {
            marker = "--- output: last \(shown) of \(output.totalBytes) bytes (stdout and stderr as they arrived) ---\n"
        }
        return header + marker + tail
    }

    /// The longest end of `text` within `maxBytes` of UTF-8, cut on a scalar boundary.
    static func suffix(_ text: String, maxBytes: Int) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count > maxBytes else { return text }
        var start = bytes.count - maxBytes
        while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    static func clip(_ text: String, toBytes n: Int) -> String {
        var out = ""
        for ch in text {
            if out.utf8.count + ch.utf8.count > n { break }
            out.append(ch)
        }
        return out
    }
}
