import FoundationEssentials

/// A single-pass reader for the one big response (`GET checks/`: ~1 KB per check, 11 MB for
/// 10,000 checks) that keeps only the fields cronops compares and skips the rest without
/// building it. JSONDecoder stays the reference: when this scanner refuses the input, the
/// caller decodes with JSONDecoder, which either succeeds or explains what is wrong.
enum CheckListScanner {
    struct Invalid: Error {}

    static func parse(_ data: Data) throws -> [CheckDTO] {
        try data.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw)
            return try scanner.document()
        }
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var i = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        mutating func document() throws -> [CheckDTO] {
            var checks: [CheckDTO]?
            try object { key, scanner in
                if key == "checks" { try Self.once(&checks) { try scanner.array { try $0.check() } } } else { try scanner.skipValue(depth: 0) }
            }
            skipSpace()
            guard i == bytes.count, let checks else { throw Invalid() }
            return checks
        }

        mutating func check() throws -> CheckDTO {
            var name, slug, tags, desc, schedule, tz, uuid, uniqueKey, channels, status: String?
            var grace, timeout, lastDuration, pingCount: Int?
            var manualResume, started: Bool?
            var lastPing: String??
            try object { key, s in
                switch key {
                case "name": try Self.once(&name) { try s.string() }
                case "slug": try Self.once(&slug) { try s.string() }
                case "tags": try Self.once(&tags) { try s.string() }
                case "desc": try Self.once(&desc) { try s.string() }
                case "schedule": try Self.once(&schedule) { try s.string() }
                case "tz": try Self.once(&tz) { try s.string() }
                case "uuid": try Self.once(&uuid) { try s.string() }
                case "unique_key": try Self.once(&uniqueKey) { try s.string() }
                case "channels": try Self.once(&channels) { try s.string() }
                case "grace": try Self.once(&grace) { try s.integer() }
                case "timeout": try Self.once(&timeout) { try s.integer() }
                case "status": try Self.once(&status) { try s.string() }
                case "manual_resume": try Self.once(&manualResume) { try s.boolean() }
                case "started": try Self.once(&started) { try s.boolean() }
                case "last_ping": try Self.once(&lastPing) { try s.nullableString() }
                case "last_duration": try Self.once(&lastDuration) { try s.integer() }
                case "n_pings": try Self.once(&pingCount) { try s.integer() }
                default: try s.skipValue(depth: 0)
                }
            }
            guard let name, let slug, let tags, let desc, let grace else { throw Invalid() }
            return CheckDTO(name: name, slug: slug, tags: tags, desc: desc, grace: grace, timeout: timeout, schedule: schedule,
                            tz: tz, uuid: uuid, uniqueKey: uniqueKey, channels: channels, status: status,
                            manualResume: manualResume, started: started, lastPing: lastPing ?? nil,
                            lastDuration: lastDuration, pingCount: pingCount)
        }

        /// A member the scanner keeps, read once: a repeated one (which the server never sends)
        /// is left to JSONDecoder, so that both read the same value from the same body.
        static func once<T>(_ slot: inout T?, _ read: () throws -> T) throws {
            guard slot == nil else { throw Invalid() }
            slot = try read()
        }

        // MARK: structure

        mutating func object(_ member: (String, inout Scanner) throws -> Void) throws {
            skipSpace()
            try expect(UInt8(ascii: "{"))
            skipSpace()
            if peek == UInt8(ascii: "}") { i += 1; return }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                try member(key, &self)
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                try expect(UInt8(ascii: "}"))
                return
            }
        }

        mutating func array<T>(_ element: (inout Scanner) throws -> T) throws -> [T] {
            skipSpace()
            try expect(UInt8(ascii: "["))
            var items: [T] = []
            skipSpace()
            if peek == UInt8(ascii: "]") { i += 1; return items }
            while true {
                skipSpace()
                items.append(try element(&self))
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                try expect(UInt8(ascii: "]"))
                return items
            }
        }

        mutating func skipValue(depth: Int) throws {
            guard depth < 64 else { throw Invalid() }
            skipSpace()
            switch peek {
            case UInt8(ascii: "{"): try object { _, s in try s.skipValue(depth: depth + 1) }
            case UInt8(ascii: "["): _ = try array { try $0.skipValue(depth: depth + 1) }
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default:
                let start = i
                while i < bytes.count, Self.isNumberByte(bytes[i]) { i += 1 }
                if i == start { throw Invalid() }
            }
        }

        // MARK: scalars

        /// Strict like the server's integers: no fraction, no exponent.
        mutating func boolean() throws -> Bool {
            for (word, value) in [("true", true), ("false", false)] where bytes.count - i >= word.utf8.count {
                if word.utf8.enumerated().allSatisfy({ bytes[i + $0.offset] == $0.element }) {
                    i += word.utf8.count
                    return value
                }
            }
            throw Invalid()
        }

        mutating func integer() throws -> Int {
            let start = i
            if peek == UInt8(ascii: "-") { i += 1 }
            var value = 0
            var digits = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(bytes[i] - 0x30))
                guard !o1, !o2 else { throw Invalid() }
                value = a
                digits += 1
                i += 1
            }
            guard digits > 0, i >= bytes.count || !Self.isNumberByte(bytes[i]) else { throw Invalid() }
            return bytes[start] == UInt8(ascii: "-") ? -value : value
        }

        /// A string or `null` (`last_ping` before the first ping).
        mutating func nullableString() throws -> String? {
            if peek == UInt8(ascii: "n") {
                try literal("null")
                return nil
            }
            return try string()
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = i
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    defer { i += 1 }
                    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                }
                if b == UInt8(ascii: "\\") { return try escapedString(from: start) }
                guard b >= 0x20 else { throw Invalid() }
                i += 1
            }
            throw Invalid()
        }

        /// The slow path, for strings with escapes (`\n` in descriptions, `\u00e9` in names).
        private mutating func escapedString(from start: Int) throws -> String {
            var out = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                switch b {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard i < bytes.count else { throw Invalid() }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0a)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0d)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0c)
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "u"):
                        var scalar = UInt32(try hex4())
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { throw Invalid() }
                            i += 2
                            let low = UInt32(try hex4())
                            guard (0xDC00...0xDFFF).contains(low) else { throw Invalid() }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let s = Unicode.Scalar(scalar) else { throw Invalid() }
                        out.append(contentsOf: Array(String(Character(s)).utf8))
                    default: throw Invalid()
                    }
                default:
                    guard b >= 0x20 else { throw Invalid() }
                    out.append(b)
                }
            }
            throw Invalid()
        }

        private mutating func hex4() throws -> UInt16 {
            guard i + 4 <= bytes.count else { throw Invalid() }
            var v: UInt16 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt8
                switch b {
                case 0x30...0x39: d = b - 0x30
                case 0x41...0x46: d = b - 0x41 + 10
                case 0x61...0x66: d = b - 0x61 + 10
                default: throw Invalid()
                }
                v = v << 4 | UInt16(d)
                i += 1
            }
            return v
        }

        // MARK: bytes

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0a || bytes[i] == 0x0d || bytes[i] == 0x09 { i += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            guard peek == byte else { throw Invalid() }
            i += 1
        }

        mutating func literal(_ word: StaticString) throws {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { throw Invalid() }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw Invalid() }
            i += n
        }

        static func isNumberByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
        }
    }
}
