import CronopsCore
import Foundation

/// JSON that keeps what strict (pydantic) validation needs and Foundation blurs: integers vs.
/// floats (`600.0` is not an int), booleans vs. numbers, and key order on output (the server
/// writes `", "` / `": "` separators in a fixed field order).
public indirect enum HCJSON: Equatable, Sendable {
    case object([(String, HCJSON)])
    case array([HCJSON])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public static func == (a: HCJSON, b: HCJSON) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.array(x), .array(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    public subscript(key: String) -> HCJSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { $0.0 == key }?.1
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }

    // MARK: writing, the way Django's JsonResponse does

    public var serialized: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .object(let pairs):
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += ", " }
                Self.writeString(key, into: &out)
                out += ": "
                value.write(into: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.write(into: &out)
            }
            out += "]"
        case .string(let s): Self.writeString(s, into: &out)
        case .int(let i): out += String(i)
        case .double(let d): out += String(d)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// Python's json.dumps with ensure_ascii=True, as the server writes.
    private static func writeString(_ s: String, into out: inout String) {
        out += Escaping.jsonString(s, asciiOnly: true)
    }

    // MARK: parsing

    public struct ParseError: Error {}

    public static func parse(_ data: Data) throws -> HCJSON {
        var parser = Parser(bytes: Array(data))
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.i == parser.bytes.count else { throw ParseError() }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[i]) { i += 1 }
        }

        mutating func expect(_ literal: String) throws {
            for b in literal.utf8 {
                guard i < bytes.count, bytes[i] == b else { throw ParseError() }
                i += 1
            }
        }

        mutating func value(depth: Int) throws -> HCJSON {
            guard depth < 200, i < bytes.count else { throw ParseError() }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var pairs: [(String, HCJSON)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                while true {
                    skipSpace()
                    guard case .string(let key) = try value(depth: depth + 1) else { throw ParseError() }
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    pairs.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < bytes.count else { throw ParseError() }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                    throw ParseError()
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [HCJSON] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw ParseError() }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    throw ParseError()
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default:
                return try number()
            }
        }

        mutating func string() throws -> String {
            i += 1
            var units: [UInt16] = []
            var raw: [UInt8] = []
            func flush() { units += String(decoding: raw, as: UTF8.self).utf16; raw.removeAll() }
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    flush()
                    return String(decoding: units, as: UTF16.self)
                }
                if b == UInt8(ascii: "\\") {
                    flush()
                    i += 1
                    guard i < bytes.count else { throw ParseError() }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): units.append(0x0a)
                    case UInt8(ascii: "t"): units.append(0x09)
                    case UInt8(ascii: "r"): units.append(0x0d)
                    case UInt8(ascii: "b"): units.append(0x08)
                    case UInt8(ascii: "f"): units.append(0x0c)
                    case UInt8(ascii: "u"):
                        guard i + 4 <= bytes.count, let v = UInt16(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { throw ParseError() }
                        units.append(v)
                        i += 4
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): units.append(UInt16(e))
                    default: throw ParseError()
                    }
                    continue
                }
                guard b >= 0x20 else { throw ParseError() }
                raw.append(b)
                i += 1
            }
            throw ParseError()
        }

        mutating func number() throws -> HCJSON {
            let start = i
            var isFloat = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            while i < bytes.count {
                let b = bytes[i]
                if b >= 0x30 && b <= 0x39 { i += 1; continue }
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
                    isFloat = true
                    i += 1
                    continue
                }
                break
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard !text.isEmpty, text != "-" else { throw ParseError() }
            if !isFloat, let v = Int(text) { return .int(v) }
            guard let d = Double(text) else { throw ParseError() }
            return .double(d)
        }
    }
}
