/// A JSON value as a job printed it. Integers and floating-point numbers stay apart so that
/// `sent == 3` compares exactly; integers beyond 64 bits become doubles (and say so when shown).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Members in the order written; a key written twice keeps its last value on lookup.
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            return NumericValue(lhs)! == NumericValue(rhs)!
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            // What a lookup sees: each key once, with its last value.
            let x = lastValues(a), y = lastValues(b)
            guard x.count == y.count else { return false }
            for (key, value) in x where y[key] != value { return false }
            return true
        default: return false
        }
    }

    private static func lastValues(_ members: [(key: String, value: JSONValue)]) -> [String: JSONValue] {
        Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The member named `key` (the last one when the key is repeated).
    public func member(_ key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// What a user calls this kind of value in a message.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Compact JSON text, shortened to about `limit` characters for messages.
    public func brief(limit: Int = 60) -> String {
        let text = json
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }

    /// Compact JSON text.
    public var json: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .double(d): return NumericValue.format(d)
        case let .string(s): return Self.quote(s)
        case let .array(items): return "[" + items.map(\.json).joined(separator: ",") + "]"
        case let .object(members):
            return "{" + members.map { Self.quote($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String { Escaping.jsonString(s) }
}

/// A number taken out of a `JSONValue` for arithmetic and comparison: exact while both sides
/// are integers, floating-point as soon as one is not (or an integer operation overflows).
enum NumericValue: Equatable, Comparable {
    case int(Int)
    case double(Double)

    init?(_ value: JSONValue) {
        switch value {
        case let .int(i): self = .int(i)
        case let .double(d): self = .double(d)
        default: return nil
        }
    }

    var asDouble: Double {
        switch self {
        case let .int(i): Double(i)
        case let .double(d): d
        }
    }

    var isZero: Bool { asDouble == 0 }

    var json: JSONValue {
        switch self {
        case let .int(i): .int(i)
        case let .double(d): .double(d)
        }
    }

    static func == (lhs: NumericValue, rhs: NumericValue) -> Bool { order(lhs, rhs) == 0 }

    static func < (lhs: NumericValue, rhs: NumericValue) -> Bool { order(lhs, rhs) < 0 }

    /// Exact even between a large integer and a double (`2^63 - 1` is less than `2^63` as a
    /// double, though converting the integer would make them equal).
    static func order(_ lhs: NumericValue, _ rhs: NumericValue) -> Int {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return a < b ? -1 : (a == b ? 0 : 1)
        case let (.double(a), .double(b)): return a < b ? -1 : (a == b ? 0 : 1)
        case let (.int(a), .double(b)): return compare(a, b)
        case let (.double(a), .int(b)): return -compare(b, a)
        }
    }

    private static func compare(_ i: Int, _ d: Double) -> Int {
        if d >= 9.223372036854775808e18 { return -1 }
        if d < -9.223372036854775808e18 { return 1 }
        let floor = d.rounded(.down)
        let whole = Int(floor)
        if i != whole { return i < whole ? -1 : 1 }
        return d > floor ? -1 : 0
    }

    /// Integer arithmetic when exact, floating point otherwise.
    static func combine(_ a: NumericValue, _ b: NumericValue,
                        _ intOp: (Int, Int) -> (partialValue: Int, overflow: Bool),
                        _ doubleOp: (Double, Double) -> Double) -> NumericValue {
        if case let .int(x) = a, case let .int(y) = b {
            let (result, overflow) = intOp(x, y)
            if !overflow { return .int(result) }
        }
        return .double(doubleOp(a.asDouble, b.asDouble))
    }

    /// `7 / 2` is 3.5; `6 / 3` stays the integer 2. (`Int.min / -1` does not fit an Int, and
    /// `Int.min % -1` traps, so that pair is ruled out before either is computed.)
    static func divide(_ a: NumericValue, _ b: NumericValue) -> NumericValue {
        if case let .int(x) = a, case let .int(y) = b, y != 0, !(x == Int.min && y == -1), x % y == 0 {
            return .int(x / y)
        }
        return .double(a.asDouble / b.asDouble)
    }

    /// False for infinity and NaN, which overflowing double arithmetic yields and no
    /// comparison can order.
    var isFinite: Bool {
        if case let .double(d) = self { return d.isFinite }
        return true
    }

    static func format(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) + ".0" }
        return "\(d)"
    }
}
