/// Why bytes are not JSON, and where (a byte offset into them).
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public var description: String { "\(message) at byte \(offset)" }
}

/// A strict RFC 8259 parser over raw bytes (a job's stdout is bytes, not text): exact integers,
/// nesting bounded by `maxDepth` so hostile output cannot exhaust the stack, invalid UTF-8 in
/// strings rejected.
public struct JSONParser {
    public static let defaultMaxDepth = 512

    public static func parse<C: Collection>(_ bytes: C, maxDepth: Int = defaultMaxDepth) -> Result<JSONValue, JSONParseError>
    where C.Element == UInt8 {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { buffer in
            var parser = Cursor(bytes: buffer, maxDepth: maxDepth)
            do {
                parser.skipSpace()
                let value = try parser.value(depth: 0)
                parser.skipSpace()
                guard parser.index == buffer.count else {
                    throw JSONParseError(offset: parser.index, message: "unexpected \(parser.describeCurrent()) after the JSON value")
                }
                return .success(value)
            } catch let error as JSONParseError {
                return .failure(error)
            } catch {
                return .failure(JSONParseError(offset: 0, message: "\(error)"))
            }
        }
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) -> Result<JSONValue, JSONParseError> {
        parse(Array(text.utf8), maxDepth: maxDepth)
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        func describeCurrent() -> String {
            guard let c = current else { return "end of input" }
            if c >= 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
            return "byte 0x" + String(c, radix: 16)
        }

        func fail(_ message: String) -> JSONParseError { JSONParseError(offset: index, message: message) }

        mutating func skipSpace() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { index += 1 }
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard let c = current else { throw fail("expected a JSON value, found end of input") }
            switch c {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw fail("expected a JSON value, found \(describeCurrent())")
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let start = index
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw JSONParseError(offset: start, message: "invalid literal") }
            for i in 0..<count where bytes[index + i] != word.utf8Start[i] {
                throw JSONParseError(offset: start, message: "invalid literal (expected \(word))")
            }
            index += count
        }

        mutating func enter(_ depth: Int) throws {
            if depth > maxDepth { throw fail("JSON nested deeper than \(maxDepth) levels") }
        }

        mutating func object(depth: Int) throws -> JSONValue {
            try enter(depth)
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            skipSpace()
            if current == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes, found \(describeCurrent())") }
                let key = try string()
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw fail("expected ':' after a member name, found \(describeCurrent())") }
                index += 1
                skipSpace()
                members.append((key, try value(depth: depth)))
                skipSpace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return .object(members)
                default: throw fail("expected ',' or '}' in an object, found \(describeCurrent())")
                }
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            try enter(depth)
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if current == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth))
                skipSpace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return .array(items)
                default: throw fail("expected ',' or ']' in an array, found \(describeCurrent())")
                }
            }
        }

        mutating func string() throws -> String {
            let start = index
            index += 1
            var raw: [UInt8] = []
            while true {
                guard let c = current else { throw JSONParseError(offset: start, message: "unterminated string") }
                switch c {
                case UInt8(ascii: "\""):
                    index += 1
                    guard let s = String(validating: raw, as: UTF8.self) else {
                        throw JSONParseError(offset: start, message: "string is not valid UTF-8")
                    }
                    return s
                case UInt8(ascii: "\\"):
                    index += 1
                    try escape(into: &raw)
                case 0..<0x20:
                    throw fail("control character in a string (escape it)")
                default:
                    raw.append(c)
                    index += 1
                }
            }
        }

        mutating func escape(into raw: inout [UInt8]) throws {
            guard let c = current else { throw fail("unterminated escape") }
            index += 1
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): raw.append(c)
            case UInt8(ascii: "b"): raw.append(0x08)
            case UInt8(ascii: "f"): raw.append(0x0C)
            case UInt8(ascii: "n"): raw.append(0x0A)
            case UInt8(ascii: "r"): raw.append(0x0D)
            case UInt8(ascii: "t"): raw.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("lone UTF-16 surrogate in \\u escape")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid UTF-16 surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw fail("lone UTF-16 surrogate in \\u escape")
                }
                raw.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default:
                index -= 1
                throw fail("invalid escape \\\(describeCurrent())")
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("incomplete \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[index]
                let digit: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw fail("invalid hex digit in \\u escape")
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }

        mutating func number() throws -> JSONValue {
            let start = index
            func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
            if current == UInt8(ascii: "-") { index += 1 }
            guard isDigit(current) else { throw fail("expected a digit") }
            if current == UInt8(ascii: "0") {
                index += 1
                if isDigit(current) { throw fail("leading zeros are not allowed in JSON numbers") }
            } else {
                while isDigit(current) { index += 1 }
            }
            var integral = true
            if current == UInt8(ascii: ".") {
                integral = false
                index += 1
                guard isDigit(current) else { throw fail("expected a digit after '.'") }
                while isDigit(current) { index += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                integral = false
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard isDigit(current) else { throw fail("expected a digit in the exponent") }
                while isDigit(current) { index += 1 }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if integral, let i = Int(text) { return .int(i) }
            // Swift reads 1e999 as infinity, which is not a JSON number (and would turn into NaN
            // in a rule's arithmetic).
            guard let d = Double(text), d.isFinite else { throw JSONParseError(offset: start, message: "number out of range") }
            return .double(d)
        }
    }
}
