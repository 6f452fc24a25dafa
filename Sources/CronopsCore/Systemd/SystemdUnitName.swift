/// Unit names as systemd builds them from free text (`systemd-escape`): `a-z A-Z 0-9 : _ .`
/// stay, `/` becomes `-`, every other byte (and a leading `.`) becomes `\xNN`. Job and
/// project names are already plain, so names read as written; the rule is here so that a
/// wider name syntax cannot produce a unit systemd refuses.
public enum SystemdUnitName {
    /// systemd's limit for a unit name, suffix included (UNIT_NAME_MAX).
    public static let maxLength = 255

    /// `cronops-<project>-<job>` without a suffix.
    public static func stem(project: String, job: String) -> String {
        "cronops-" + escape(project) + "-" + escape(job)
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        for (i, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: ":"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "-"):
                // systemd-escape writes '-' as \x2d so that it can stand for '/'; in a plain
                // (non-path) name '-' is allowed as it is, and keeping it keeps names readable.
                out.append("-")
            case UInt8(ascii: "/"): out.append("-")
            case UInt8(ascii: ".") where i > 0: out.append(".")
            default:
                let hex = Array("0123456789abcdef".utf8)
                out += "\\x" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xf)]], as: UTF8.self)
            }
        }
        return out
    }
}
