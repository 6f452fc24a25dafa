/// The text of a file the user wrote, kept so diagnostics can show the offending line.
public struct SourceFile: Sendable {
    /// The path as shown in diagnostics (relative to the working directory when possible).
    public let path: String
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The 1-based line `number`, without its line terminator, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = text.startIndex
        while current < number {
            guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
            start = text.index(after: newline)
            current += 1
        }
        let end = text[start...].firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) ?? text.endIndex
        return text[start..<end]
    }
}

/// Every file read in one run, by display path.
public struct SourceMap: Sendable {
    public private(set) var files: [String: SourceFile] = [:]

    public init() {}

    public mutating func add(_ file: SourceFile) { files[file.path] = file }

    public subscript(path: String) -> SourceFile? { files[path] }
}
