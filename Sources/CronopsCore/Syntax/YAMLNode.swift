/// A composed YAML node that remembers where it was written. This is the only YAML tree the
/// program walks: the reader turns it into the raw spec layer.
public struct YAMLNode: Sendable {
    public enum Kind: Sendable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public var kind: Kind
    public var location: SourceLocation
    /// How many nodes this subtree holds, aliases counted as expanded: the alias-bomb budget.
    var weight: Int

    public init(_ kind: Kind, at location: SourceLocation, weight: Int = 1) {
        self.kind = kind
        self.location = location
        self.weight = weight
    }

    /// What a user calls this kind of node in a message ("expected a map, found a list").
    public var kindName: String {
        switch kind {
        case .mapping: return "a map"
        case .sequence: return "a list"
        case .scalar(let s): return s.kindName
        }
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = kind { return s }
        return nil
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
}

public struct YAMLScalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var style: Style
    /// An explicit tag (`!!str`), when one was written.
    public var tag: String?

    public init(_ text: String, style: Style = .plain, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }

    /// The YAML 1.2 core-schema type a plain scalar resolves to: quoting or `!!str` makes a
    /// string of anything, so `"123"` is a string and `123` is a number.
    public enum Resolved: Sendable, Equatable {
        case null
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
    }

    public var resolved: Resolved {
        if style != .plain || tag == "tag:yaml.org,2002:str" { return .string(text) }
        // Most plain scalars (names, commands) cannot be one of these words: they skip the
        // eleven comparisons.
        if Self.mayBeNullOrBool(text) {
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
        }
        // Only text that starts like a number can be one; most plain scalars are words.
        if let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) || first == UInt8(ascii: ".") {
            if let i = Int(text) { return .int(i) }
            if text.hasPrefix("0x"), let i = Int(text.dropFirst(2), radix: 16) { return .int(i) }
            if text.hasPrefix("0o"), let i = Int(text.dropFirst(2), radix: 8) { return .int(i) }
            if text.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
               text.utf8.allSatisfy(Self.isFloatByte), let d = Double(text) { return .float(d) }
            switch text {
            case ".inf", ".Inf", "+.inf", "+.Inf": return .float(.infinity)
            case "-.inf", "-.Inf": return .float(-.infinity)
            case ".nan", ".NaN": return .float(.nan)
            default: break
            }
        }
        return .string(text)
    }

    /// Whether `text` can be a null or boolean word: empty, or at most five bytes starting
    /// with the first letter of one.
    static func mayBeNullOrBool(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first else { return true }
        guard bytes.count <= 5 else { return false }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    static func isFloatByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
             UInt8(ascii: "+"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    var kindName: String {
        switch resolved {
        case .null: return "nothing (null)"
        case .bool: return "a boolean"
        case .int, .float: return "a number"
        case .string: return "a string"
        }
    }
}
