/// One file the pipeline reads: its path as diagnostics show it, and its size when the
/// provider knows it without reading (the directory walk's stat), so that an oversized file
/// is refused unread.
public struct RepositoryFileRef: Sendable, Hashable {
    public var path: String
    public var size: Int?

    public init(path: String, size: Int? = nil) {
        self.path = path
        self.size = size
    }
}

/// Where a repository's bytes come from: the disk (the CLI's `RepositoryLoader`) or memory
/// (`InMemoryRepository`: tests, benchmarks, fuzzing). A provider only finds and reads files;
/// every decision about what they mean is `RepositoryCompiler`'s.
public protocol RepositoryFiles: Sendable {
    /// The directory the project's relative paths are taken from (kept in `Spec.root`).
    var root: String { get }
    /// The project file (`cronops.yaml`), or nil after a diagnostic saying why there is none.
    func projectFile(diagnostics: inout Diagnostics) -> RepositoryFileRef?
    /// The job files (`*.yaml`, `*.yml`) below one directory of the project's `jobs:`, sorted
    /// by path. A missing or unreadable directory, a link loop or an unreadable entry is a
    /// diagnostic.
    func jobFiles(below directory: Located<String>, diagnostics: inout Diagnostics) -> [RepositoryFileRef]
    /// At most `limit + 1` bytes, so that "too large" can be told from "exactly the limit";
    /// or why the file cannot be read.
    func read(_ file: RepositoryFileRef, limit: Int) -> Result<[UInt8], FileReadFailure>
}

public struct FileReadFailure: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A repository held in memory: the project file's text and the job files' texts, or their
/// bytes (which need not be UTF-8: fuzzing and encoding tests go through the same decoding as
/// files on disk). Tests name job files freely, so every file counts as below every `jobs:`
/// directory (the compiler still reads each once).
public struct InMemoryRepository: RepositoryFiles {
    public let project: SourceFile
    /// The job files' paths, in the order given.
    public let jobPaths: [String]
    public let root: String
    private let bytesByPath: [String: [UInt8]]

    public init(project: SourceFile, jobFiles: [SourceFile], root: String = ".") {
        self.init(project: project, jobFileBytes: jobFiles.map { ($0.path, Array($0.text.utf8)) }, root: root)
    }

    public init(project: SourceFile, jobFileBytes: [(path: String, bytes: [UInt8])], root: String = ".") {
        self.project = project
        self.jobPaths = jobFileBytes.map(\.path)
        self.root = root
        var bytes: [String: [UInt8]] = [project.path: Array(project.text.utf8)]
        for file in jobFileBytes { bytes[file.path] = file.bytes }
        bytesByPath = bytes
    }

    public func projectFile(diagnostics: inout Diagnostics) -> RepositoryFileRef? {
        RepositoryFileRef(path: project.path, size: project.text.utf8.count)
    }

    public func jobFiles(below directory: Located<String>, diagnostics: inout Diagnostics) -> [RepositoryFileRef] {
        jobPaths.map { RepositoryFileRef(path: $0, size: bytesByPath[$0]?.count) }
    }

    public func read(_ file: RepositoryFileRef, limit: Int) -> Result<[UInt8], FileReadFailure> {
        guard let bytes = bytesByPath[file.path] else { return .failure(FileReadFailure("no such file")) }
        return .success(Array(bytes.prefix(limit + 1)))
    }
}
