import FoundationEssentials

/// Masks what looks like a secret in text the program is about to show (a source line in a
/// diagnostic, a URL in an error), so no rendering path can leak a key.
public enum SecretMask {
    public static let mask = "********"

    public static func redact(_ line: String) -> String {
        var out = line
        // The value after a secret-holding key, as written in YAML.
        for key in ["api_key", "ping_key"] {
            if let r = out.literalRange(of: "\(key):") {
                out = String(out[..<r.upperBound]) + " " + mask
            }
        }
        // Healthchecks keys: hcw_/hcr_ and 28 more characters, each found in one pass from the
        // left (searching for hcw_ first would pass over an earlier hcr_ key, unmasked), so a
        // hostile line of many short look-alikes costs time linear in its length.
        var result = ""
        var rest = Substring(out)
        while let r = rest.literalRange(of: "hc") {
            let tail = rest[r.lowerBound...]
            guard tail.hasPrefix("hcw_") || tail.hasPrefix("hcr_") else {
                result += rest[..<r.upperBound]
                rest = rest[r.upperBound...]
                continue
            }
            result += rest[..<r.lowerBound]
            let token = tail.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
            if token.count >= 32 {
                result += mask
                rest = tail.dropFirst(token.count)
            } else {
                result += tail.prefix(4)
                rest = tail.dropFirst(4)
            }
        }
        return result + rest
    }

    /// Replaces every occurrence of each known secret value (from the environment) in `text`.
    public static func redact(_ text: String, secrets: [String]) -> String {
        secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingEvery($1, with: mask) }
    }
}
