import CronopsFiles
import Glibc

public enum FileKind: Sendable, Equatable {
    case regular(size: Int)
    case directory(id: FileID)
    case other
}

/// Device and inode: what tells two paths to one directory apart from two directories.
public struct FileID: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
}

public struct FileSystemError: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// The loader's window on the disk. Tests substitute failures the live system cannot show
/// (a root user can read a chmod 000 file).
public protocol FileSystem: Sendable {
    /// What `path` is, following symbolic links; an error for a missing target or a loop.
    func kind(of path: String) -> Result<FileKind, FileSystemError>
    func isSymbolicLink(_ path: String) -> Bool
    /// Entry names of a directory, unsorted, without `.` and `..`.
    func entries(of directory: String) -> Result<[String], FileSystemError>
    /// At most `limit + 1` bytes, so a caller can tell "too large" from "exactly the limit".
    func read(_ path: String, limit: Int) -> Result<[UInt8], FileSystemError>
}

public struct LiveFileSystem: FileSystem {
    public init() {}

    public func kind(of path: String) -> Result<FileKind, FileSystemError> {
        var st = stat()
        guard stat(path, &st) == 0 else { return .failure(Self.error()) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .success(.regular(size: Int(st.st_size)))
        case S_IFDIR: return .success(.directory(id: FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))))
        default: return .success(.other)
        }
    }

    public func isSymbolicLink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    public func entries(of directory: String) -> Result<[String], FileSystemError> {
        guard let dir = opendir(directory) else { return .failure(Self.error()) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names)
    }

    public func read(_ path: String, limit: Int) -> Result<[UInt8], FileSystemError> {
        FileReader.read(path, limit: limit).mapError { FileSystemError($0.reason) }
    }

    static func error() -> FileSystemError {
        FileSystemError(String(cString: strerror(errno)))
    }
}
