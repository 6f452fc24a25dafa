import CLibYAML

/// Limits that keep hostile YAML from hanging or exhausting the machine. The walk is linear in
/// the file's size under these limits, whatever the file holds.
public struct YAMLLimits: Sendable {
    /// Deepest nesting of maps and lists; a job file needs about 6. Values above `nestingCap`
    /// act as that.
    public var maxDepth = 64
    /// The deepest `maxDepth` can ask for: the composer recurses once a level, and the stack
    /// must hold that many. (Builds of libyaml that limit nesting themselves stop at 1000.)
    public static let nestingCap = 1000
    /// Nodes a document may expand to once aliases are counted as copies (billion laughs).
    public var maxExpandedNodes = 1_000_000

    public init() {}
}

/// Composes a YAML document into `YAMLNode`s from libyaml's event stream.
///
/// We drive libyaml (Debian's libyaml-dev; the release binary links it statically) ourselves
/// rather than through a Swift YAML package, because a compiler-grade validator needs what
/// their composers do not give (Yams', for one): every duplicate key with
/// both positions (Yams stops at the first and points at the original), bounded depth and
/// alias expansion while composing, and a syntax error that names its own line and column.
public enum YAMLComposer {
    /// The single document in `text`. Problems are reported into `diagnostics`.
    public static func compose(
        _ text: String, file: String, limits: YAMLLimits = YAMLLimits(),
        diagnostics: inout Diagnostics
    ) -> YAMLDocument {
        var state = ComposerState(file: file, limits: limits)
        let source = text
        var buffer = text
        return buffer.withUTF8 { bytes in
            // Depth is bounded by our composer (`ComposerState.enter`), never by
            // `yaml_set_max_nest_level` (where a libyaml has it): that writes one process-wide
            // variable, which parallel workers with different limits would race on. The
            // composer sees every collection's start event before libyaml reads anything deeper
            // than its look-ahead, so it is the composer that reports the first level past
            // `maxDepth`, at that level's own bracket.
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return .invalid }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            return state.run(&parser, source: source, diagnostics: &diagnostics)
        }
    }

}

/// What composing a file gave.
public enum YAMLDocument: Sendable {
    case node(YAMLNode)
    /// No document at all: an empty file, or only comments.
    case empty
    /// A problem that stops reading the file; it has been reported.
    case invalid

    /// The root node, reporting an empty file as one that lacks `expected`.
    public func root(file: String, expected: String, diagnostics: inout Diagnostics) -> YAMLNode? {
        switch self {
        case .node(let node): return node
        case .invalid: return nil
        case .empty:
            diagnostics.emit(.emptyFile(file, expected: expected))
            return nil
        }
    }
}

/// Decodes a file's bytes into text, or says where the first invalid UTF-8 byte is.
public enum SourceDecoding {
    public static func decode(_ bytes: [UInt8], file: String, diagnostics: inout Diagnostics) -> String? {
        if let text = String(validating: bytes, as: UTF8.self) {
            // libyaml accepts a BOM; a NUL byte is not YAML and libyaml stops at it silently.
            if let nul = bytes.firstIndex(of: 0) {
                let (line, column) = position(ofByte: nul, in: bytes)
                diagnostics.emit(.nulByte(at: SourceLocation(file: file, line: line, column: column)))
                return nil
            }
            return text
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                break loop
            case .error:
                break loop
            }
        }
        let (line, column) = position(ofByte: offset, in: bytes)
        diagnostics.emit(.invalidUTF8(at: SourceLocation(file: file, line: line, column: column)))
        return nil
    }

    /// Line and scalar column of byte `offset`, counting only the valid prefix.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for b in bytes[..<min(offset, bytes.count)] {
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

private struct ComposerState {
    let file: String
    let fileID: SourcePaths.ID
    let limits: YAMLLimits
    var anchors: [String: YAMLNode] = [:]
    var expanded = 0
    var depth = 0

    init(file: String, limits: YAMLLimits) {
        self.file = file
        self.fileID = SourcePaths.shared.id(file)
        self.limits = limits
    }

    /// Raised once a problem has been reported and composing cannot go on.
    struct Stop: Error {}

    mutating func run(_ parser: inout yaml_parser_t, source: String, diagnostics: inout Diagnostics) -> YAMLDocument {
        do {
            var event = try next(&parser, source, &diagnostics)
            defer { yaml_event_delete(&event) }
            // STREAM-START
            var root: YAMLNode?
            var documents = 0
            while true {
                var e = try next(&parser, source, &diagnostics)
                defer { yaml_event_delete(&e) }
                switch e.type {
                case YAML_STREAM_END_EVENT:
                    return root.map { .node($0) } ?? .empty
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        diagnostics.emit(.multipleDocuments(at: location(e.start_mark)))
                        throw Stop()
                    }
                    var first = try next(&parser, source, &diagnostics)
                    defer { yaml_event_delete(&first) }
                    root = try node(from: &first, &parser, source, &diagnostics)
                    var end = try next(&parser, source, &diagnostics)
                    yaml_event_delete(&end)
                default:
                    throw Stop()
                }
            }
        } catch {
            return .invalid
        }
    }

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(fileID: fileID, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    func next(_ parser: inout yaml_parser_t, _ source: String, _ diagnostics: inout Diagnostics) throws -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            diagnostics.emit(syntaxError(parser, source))
            throw Stop()
        }
        return event
    }

    func syntaxError(_ parser: yaml_parser_t, _ source: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        if parser.error == YAML_READER_ERROR {
            // The reader checks characters before any token exists: it gives a byte offset and
            // the character, not a mark (whose line and column would say 1:1).
            let (line, column) = SourceDecoding.position(ofByte: Int(parser.problem_offset), in: Array(source.utf8))
            let at = SourceLocation(fileID: fileID, line: line, column: column)
            let value = Int(parser.problem_value)
            guard value >= 0 else { return .yamlSyntax(problem, at: at, notes: []) }
            let hex = String(value, radix: 16, uppercase: true)
            return .yamlSyntax("\(problem) (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex) here; only tab, "
                               + "line breaks and printable characters may appear in YAML)", at: at, notes: [])
        }
        let at = location(parser.problem_mark)
        var notes: [DiagnosticNote] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            notes.append(DiagnosticNote(context, at: location(parser.context_mark)))
        }
        let offending = SourceFile(path: file, text: source).line(at.line)
            .flatMap { line in line.unicodeScalars.dropFirst(at.column - 1).first }
        if offending == "\t" {
            return .tabIndentation(at: at)
        }
        if problem.contains("nesting level") {
            // Only a libyaml that limits nesting itself says this, and only for a document
            // deeper than its limit (its scanner's look-ahead saw that many levels).
            return .nestingTooDeep(limit: min(limits.maxDepth, YAMLLimits.nestingCap), at: at)
        }
        return .yamlSyntax(problem, at: at, notes: notes)
    }

    mutating func node(from event: inout yaml_event_t, _ parser: inout yaml_parser_t,
                       _ source: String, _ diagnostics: inout Diagnostics) throws -> YAMLNode {
        let at = location(event.start_mark)
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard let target = anchors[name] else {
                diagnostics.emit(.undefinedAlias(name, at: at))
                throw Stop()
            }
            try charge(target.weight, at: at, &diagnostics)
            return target

        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
            let style: YAMLScalar.Style
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let tag = s.tag.map { String(cString: $0) }
            try charge(1, at: at, &diagnostics)
            let node = YAMLNode(.scalar(YAMLScalar(text, style: style, tag: tag)), at: at)
            register(s.anchor, node)
            return node

        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            try enter(at: at, &diagnostics)
            var items: [YAMLNode] = []
            var weight = 1
            while true {
                var e = try next(&parser, source, &diagnostics)
                defer { yaml_event_delete(&e) }
                if e.type == YAML_SEQUENCE_END_EVENT { break }
                let item = try node(from: &e, &parser, source, &diagnostics)
                weight += item.weight
                items.append(item)
            }
            depth -= 1
            try charge(1, at: at, &diagnostics)
            let node = YAMLNode(.sequence(items), at: at, weight: weight)
            if let anchor { anchors[anchor] = node }
            return node

        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            try enter(at: at, &diagnostics)
            var pairs: [YAMLPair] = []
            var merged: [YAMLPair] = []
            var index = KeyIndex()
            var weight = 1
            while true {
                var k = try next(&parser, source, &diagnostics)
                defer { yaml_event_delete(&k) }
                if k.type == YAML_MAPPING_END_EVENT { break }
                let key = try node(from: &k, &parser, source, &diagnostics)
                var v = try next(&parser, source, &diagnostics)
                defer { yaml_event_delete(&v) }
                let value = try node(from: &v, &parser, source, &diagnostics)
                weight += key.weight + value.weight
                if let s = key.scalar, s.style == .plain, s.text == "<<" {
                    merged.append(contentsOf: mergePairs(value, &diagnostics))
                    continue
                }
                if let s = key.scalar {
                    if let first = index.first(s.text) {
                        diagnostics.emit(.duplicateKey(s.text, at: key.location, first: first))
                        continue
                    }
                    index.add(s.text, at: key.location)
                }
                pairs.append(YAMLPair(key: key, value: value))
            }
            // Merge keys (`<<: *defaults`) add what the mapping does not set itself.
            for pair in merged {
                guard let s = pair.key.scalar, index.first(s.text) == nil else { continue }
                index.add(s.text, at: pair.key.location)
                pairs.append(pair)
            }
            depth -= 1
            try charge(1, at: at, &diagnostics)
            let node = YAMLNode(.mapping(pairs), at: at, weight: weight)
            if let anchor { anchors[anchor] = node }
            return node

        default:
            diagnostics.emit(.yamlSyntax("unexpected YAML event", at: at))
            throw Stop()
        }
    }

    func mergePairs(_ value: YAMLNode, _ diagnostics: inout Diagnostics) -> [YAMLPair] {
        switch value.kind {
        case .mapping(let pairs):
            return pairs
        case .sequence(let items):
            return items.flatMap { item -> [YAMLPair] in
                if case .mapping(let pairs) = item.kind { return pairs }
                diagnostics.emit(.badMergeKey(found: item.kindName, at: item.location))
                return []
            }
        case .scalar:
            diagnostics.emit(.badMergeKey(found: value.kindName, at: value.location))
            return []
        }
    }

    mutating func register(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ node: YAMLNode) {
        if let anchor { anchors[String(cString: anchor)] = node }
    }

    mutating func enter(at: SourceLocation, _ diagnostics: inout Diagnostics) throws {
        depth += 1
        let limit = min(limits.maxDepth, YAMLLimits.nestingCap)
        if depth > limit {
            diagnostics.emit(.nestingTooDeep(limit: limit, at: at))
            throw Stop()
        }
    }

    mutating func charge(_ nodes: Int, at: SourceLocation, _ diagnostics: inout Diagnostics) throws {
        expanded += nodes
        if expanded > limits.maxExpandedNodes {
            diagnostics.emit(.aliasExpansionTooLarge(limit: limits.maxExpandedNodes, at: at))
            throw Stop()
        }
    }
}

/// Finds a repeated key in a map being composed. Maps in job files hold a dozen keys, where a
/// linear scan of the keys seen beats hashing every key; a `jobs:` map of thousands switches
/// to a dictionary.
private struct KeyIndex {
    static let linearLimit = 16
    private var keys: [String] = []
    private var locations: [SourceLocation] = []
    private var table: [String: SourceLocation]?

    func first(_ key: String) -> SourceLocation? {
        if let table { return table[key] }
        guard let i = keys.firstIndex(of: key) else { return nil }
        return locations[i]
    }

    /// Records `key`, which `first` did not find.
    mutating func add(_ key: String, at location: SourceLocation) {
        if table != nil {
            table![key] = location
            return
        }
        keys.append(key)
        locations.append(location)
        if keys.count > Self.linearLimit {
            table = Dictionary(zip(keys, locations), uniquingKeysWith: { first, _ in first })
            keys = []
            locations = []
        }
    }
}
