/// The naming rules that keep names usable as Healthchecks slugs, crontab words and file names.
public enum Names {
    /// Job names and previous names: `[a-z0-9_-]`, 1–80 characters, no `__` (it separates
    /// a job from its host in per-host slugs).
    public static func jobNameProblem(_ name: String) -> String? {
        slugProblem(name, maxLength: 80, forbidDoubleUnderscore: true)
    }

    /// The project name: `[a-z0-9_-]`, 1–40 characters (it names the ownership tag).
    public static func projectNameProblem(_ name: String) -> String? {
        slugProblem(name, maxLength: 40, forbidDoubleUnderscore: false)
    }

    /// Host names end up in slugs (`<job>__<host>`) and file names.
    public static func hostNameProblem(_ name: String) -> String? {
        slugProblem(name, maxLength: 40, forbidDoubleUnderscore: true)
    }

    /// Route names are only referenced inside the repository.
    public static func routeNameProblem(_ name: String) -> String? {
        slugProblem(name, maxLength: 64, forbidDoubleUnderscore: false)
    }

    static func slugProblem(_ name: String, maxLength: Int, forbidDoubleUnderscore: Bool) -> String? {
        if isWellFormedSlug(name, maxLength: maxLength, forbidDoubleUnderscore: forbidDoubleUnderscore) { return nil }
        if name.isEmpty { return "is empty" }
        if let bad = name.unicodeScalars.first(where: { !isSlugScalar($0) }) {
            let shown = bad.properties.isWhitespace ? "a space" : "'\(bad)'"
            return "contains \(shown); use lower-case a-z, 0-9, '-' and '_'"
        }
        if name.count > maxLength { return "is \(name.count) characters long; the limit is \(maxLength)" }
        if forbidDoubleUnderscore && name.contains("__") {
            return "contains '__', which cronops reserves to join a job and a host in check slugs"
        }
        return nil
    }

    /// The rules above in one pass over the bytes (slug characters are ASCII, so bytes are
    /// characters): names are checked by the ten thousand, and nearly all are fine.
    static func isWellFormedSlug(_ name: String, maxLength: Int, forbidDoubleUnderscore: Bool) -> Bool {
        name.withUTF8Bytes { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                guard isSlugByte(byte), !(forbidDoubleUnderscore && byte == UInt8(ascii: "_") && previous == byte) else { return false }
                previous = byte
            }
            return !bytes.isEmpty && bytes.count <= maxLength
        }
    }

    static func isSlugByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
    }

    static func isSlugScalar(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "-" || s == "_"
    }

    /// A Unix user name as cron.d expects it in its user column.
    public static func isUserName(_ name: String) -> Bool {
        // Every allowed character is ASCII, so bytes are characters.
        let bytes = name.utf8
        guard let first = bytes.first, bytes.count <= 32 else { return false }
        guard (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) || first == UInt8(ascii: "_") else { return false }
        return bytes.dropFirst().allSatisfy { isSlugByte($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "$") }
    }

    /// Whether `text` holds any Unicode white space (a tag must be one word). ASCII text, the
    /// usual case, is decided on its bytes.
    static func containsWhitespace(_ text: String) -> Bool {
        let (space, ascii) = text.withUTF8Bytes { bytes in
            (bytes.contains { $0 == 32 || (9...13).contains($0) }, bytes.allSatisfy { $0 < 0x80 })
        }
        return space || (!ascii && text.unicodeScalars.contains { $0.properties.isWhitespace })
    }

    /// A POSIX environment variable name.
    public static func isEnvName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        let letter = { (b: UInt8) in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
        }
        return letter(first) && name.withUTF8Bytes { $0.allSatisfy { letter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) } }
    }
}
