import CronopsCore

/// Test input with inline position markers: `⟨a⟩` marks the character that follows it. The
/// markers are removed and their 1-based line/column recorded (columns count Unicode scalars,
/// as the diagnostics do), so a test states where a diagnostic must point by writing the
/// marker where a person would look. The one way the suites pin a position.
public struct MarkedText: Sendable {
    public let text: String
    public let markers: [String: Position]

    public struct Position: Sendable, Equatable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    public init(_ marked: String) {
        var text = ""
        var markers: [String: Position] = [:]
        var line = 1, column = 1
        var i = marked.startIndex
        while i < marked.endIndex {
            if marked[i] == "⟨", let close = marked[i...].firstIndex(of: "⟩") {
                let name = String(marked[marked.index(after: i)..<close])
                precondition(markers[name] == nil, "marker ⟨\(name)⟩ appears twice")
                markers[name] = Position(line: line, column: column)
                i = marked.index(after: close)
                continue
            }
            let c = marked[i]
            text.append(c)
            if c == "\n" { line += 1; column = 1 } else { column += c.unicodeScalars.count }
            i = marked.index(after: i)
        }
        self.text = text
        self.markers = markers
    }

    /// The marker's place in `file`; nil when the text has no such marker.
    public func location(_ marker: String, file: String) -> SourceLocation? {
        markers[marker].map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }

    /// The 0-based offset in Unicode scalars of a marker on the first line: where an error
    /// inside a one-line value (a schedule, a rule) points.
    public func offset(_ marker: String) -> Int? {
        markers[marker].flatMap { $0.line == 1 ? $0.column - 1 : nil }
    }
}
