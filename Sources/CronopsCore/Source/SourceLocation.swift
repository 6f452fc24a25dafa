/// A point in a user's file: 1-based line and column, columns counted in Unicode scalars
/// (what libyaml counts and what an editor shows for ASCII and most text).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file, as its number in `SourcePaths`. Every YAML node and every located value
    /// carries a location, hundreds of thousands in a large repository: a number is copied
    /// for free, where a path string would be reference-counted at every copy.
    private(set) var fileID: SourcePaths.ID
    public var line: Int
    public var column: Int

    public var file: String {
        get { SourcePaths.shared.path(fileID) }
        set { fileID = SourcePaths.shared.id(newValue) }
    }

    public init(file: String, line: Int, column: Int) {
        self.init(fileID: SourcePaths.shared.id(file), line: line, column: column)
    }

    init(fileID: SourcePaths.ID, line: Int, column: Int) {
        self.fileID = fileID
        self.line = line
        self.column = column
    }

    /// The location `offset` scalars further along the same line: used to point inside a
    /// string value (a cron field, a rule expression) whose first character is at `self`.
    public func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(fileID: fileID, line: line, column: column + offset)
    }

    public var description: String { "\(file):\(line):\(column)" }

    /// By file path, then line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.fileID != rhs.fileID { return lhs.file < rhs.file }
        return (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// Every file path this process has located something in, each once, so that a location can
/// name its file by number. Two numbers are equal exactly when their paths are.
final class SourcePaths: Sendable {
    typealias ID = Int32

    static let shared = SourcePaths()

    private struct Table {
        var paths: [String] = []
        var ids: [String: ID] = [:]
    }

    private let table = Locked(Table())

    /// The number of `path`, given on first use.
    func id(_ path: String) -> ID {
        table.withLock { table in
            if let known = table.ids[path] { return known }
            let id = ID(table.paths.count)
            table.paths.append(path)
            table.ids[path] = id
            return id
        }
    }

    func path(_ id: ID) -> String {
        table.withLock { $0.paths[Int(id)] }
    }
}

/// A value together with where it was written. Code that reports a problem about a value
/// passes the located value, never bare numbers (STYLE.md habit 4).
public struct Located<Value> {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    public func map<T>(_ transform: (Value) throws -> T) rethrows -> Located<T> {
        Located<T>(try transform(value), at: location)
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
