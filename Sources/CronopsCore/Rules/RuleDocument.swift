/// Which JSON the `--expect-json` rules read out of a job's stdout (SPEC §1.2: "its last JSON
/// object line, or the whole"). Decided in this order:
/// 1. the whole of stdout, when it is one JSON value (a pretty-printed report, an array);
///    surrounding whitespace is ignored;
/// 2. otherwise the last line that is a JSON object on its own (`{...}`, surrounding
///    whitespace and a trailing `\r` ignored): the summary line a job prints after its log;
/// 3. otherwise there is no document, and every JSON rule fails saying why.
/// When stdout was longer than the wrapper keeps (`complete == false`), only step 2 applies, to
/// the kept end (whose first, partial line is ignored).
public struct RuleDocument: Equatable, Sendable {
    public enum Origin: Equatable, Sendable {
        case whole
        /// 1-based line number, counted within the kept part of stdout.
        case line(Int)
    }

    public var value: JSONValue
    public var origin: Origin

    public var originDescription: String {
        switch origin {
        case .whole: "the whole of stdout"
        case let .line(n): "stdout line \(n)"
        }
    }

    public static func select(from stdout: [UInt8], complete: Bool = true,
                              maxDepth: Int = JSONParser.defaultMaxDepth) -> Result<RuleDocument, RuleDocumentError> {
        if complete, stdout.contains(where: { !isSpace($0) }),
           case let .success(value) = JSONParser.parse(stdout, maxDepth: maxDepth) {
            return .success(RuleDocument(value: value, origin: .whole))
        }
        var lines = splitLines(stdout)
        if !complete, !lines.isEmpty { lines.removeFirst() }
        var lastInvalid: (line: Int, error: JSONParseError)?
        for (number, range) in lines.reversed() {
            let line = trim(stdout[range])
            guard line.first == UInt8(ascii: "{"), line.last == UInt8(ascii: "}") else { continue }
            switch JSONParser.parse(line, maxDepth: maxDepth) {
            case let .success(value):
                return .success(RuleDocument(value: value, origin: .line(number)))
            case let .failure(error):
                if lastInvalid == nil { lastInvalid = (number, error) }
            }
        }
        if stdout.allSatisfy(isSpace) { return .failure(RuleDocumentError(message: "stdout is empty, so there is no JSON to check")) }
        var message = complete
            ? "stdout is not JSON, and no line of it is a JSON object"
            : "no line in the kept end of stdout is a JSON object"
        if let (line, error) = lastInvalid {
            message += " (line \(line) looks like one but is not valid JSON: \(error))"
        }
        return .failure(RuleDocumentError(message: message + "; print the summary as one JSON object on the last line"))
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = bytes
        while let f = s.first, isSpace(f) { s.removeFirst() }
        while let l = s.last, isSpace(l) { s.removeLast() }
        return s
    }

    /// 1-based line numbers with their byte ranges (without the newline).
    static func splitLines(_ bytes: [UInt8]) -> [(Int, Range<Int>)] {
        var lines: [(Int, Range<Int>)] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            lines.append((lines.count + 1, start..<i))
            start = i + 1
        }
        if start < bytes.count { lines.append((lines.count + 1, start..<bytes.count)) }
        return lines
    }
}

public struct RuleDocumentError: Error, Equatable, Sendable {
    public var message: String
}
