import CronopsCore

/// Reads the repository from the disk for the one pipeline driver, `RepositoryCompiler`:
/// finds cronops.yaml (`--config` is the file or its directory), walks the `jobs:`
/// directories and reads files. All disk access of `validate`, `plan` and `crontab` happens
/// here; what the bytes mean is decided in the core.
public struct RepositoryLoader: Sendable {
    public var fileSystem: any FileSystem
    public var maxFileBytes: Int

    public init(fileSystem: any FileSystem = LiveFileSystem(), maxFileBytes: Int = RepositoryCompiler.maxFileBytes) {
        self.fileSystem = fileSystem
        self.maxFileBytes = maxFileBytes
    }

    /// `config` is cronops.yaml or the directory holding it (nil: the current directory).
    /// Paths in diagnostics are shown as the user wrote them, relative to the working directory.
    public func load(config: String?) -> CompiledRepository {
        let (projectDir, projectPath) = locateProjectFile(config)
        let disk = DiskRepository(fileSystem: fileSystem, root: projectDir, projectPath: projectPath, given: config)
        return RepositoryCompiler.compile(disk, maxFileBytes: maxFileBytes)
    }

    func locateProjectFile(_ config: String?) -> (dir: String, file: String) {
        guard let config, !config.isEmpty else { return (".", "cronops.yaml") }
        if case .success(.directory) = fileSystem.kind(of: config) {
            let dir = Self.trimSlash(config)
            return (dir, Self.join(dir, "cronops.yaml"))
        }
        let dir = config.contains("/") ? String(config[..<config.lastIndex(of: "/")!]) : "."
        return (dir.isEmpty ? "/" : dir, config)
    }

    static func join(_ dir: String, _ name: String) -> String {
        if name.hasPrefix("/") { return name }
        if dir == "." || dir.isEmpty { return name }
        return dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    static func trimSlash(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }
}

/// The disk as the pipeline's `RepositoryFiles`.
struct DiskRepository: RepositoryFiles {
    let fileSystem: any FileSystem
    let root: String
    let projectPath: String
    /// What `--config` said, for the message when there is no project file.
    let given: String?

    func projectFile(diagnostics: inout Diagnostics) -> RepositoryFileRef? {
        guard case .success(.regular(let size)) = fileSystem.kind(of: projectPath) else {
            diagnostics.emit(.projectFileNotFound(projectPath, given: given))
            return nil
        }
        return RepositoryFileRef(path: projectPath, size: size)
    }

    func read(_ file: RepositoryFileRef, limit: Int) -> Result<[UInt8], FileReadFailure> {
        fileSystem.read(file.path, limit: limit).mapError { FileReadFailure($0.reason) }
    }

    /// Job files below `directory` with their sizes, sorted by path, following symlinks but
    /// never in circles.
    func jobFiles(below directory: Located<String>, diagnostics: inout Diagnostics) -> [RepositoryFileRef] {
        let top = RepositoryLoader.join(root, directory.value)
        guard case .success(.directory(let id)) = fileSystem.kind(of: top) else {
            let reason: String
            switch fileSystem.kind(of: top) {
            case .failure(let e): reason = "cannot be read (\(e.reason)) at \(top)"
            default: reason = "is not a directory (\(top))"
            }
            diagnostics.emit(.noJobDirectory(directory, reason: reason))
            return []
        }
        var found: [RepositoryFileRef] = []
        var visiting: Set<FileID> = [id]
        walk(top, &visiting, &found, &diagnostics)
        return found
    }

    private func walk(_ dir: String, _ visiting: inout Set<FileID>, _ found: inout [RepositoryFileRef], _ diagnostics: inout Diagnostics) {
        let names: [String]
        switch fileSystem.entries(of: dir) {
        case .success(let n): names = n.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        case .failure(let e):
            diagnostics.emit(.unreadableFile(dir, reason: e.reason))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = RepositoryLoader.join(dir, name)
            let isYAML = name.hasSuffix(".yaml") || name.hasSuffix(".yml")
            switch fileSystem.kind(of: path) {
            case .success(.directory(let id)):
                if visiting.contains(id) {
                    diagnostics.emit(.symlinkLoop(path))
                    continue
                }
                visiting.insert(id)
                walk(path, &visiting, &found, &diagnostics)
                visiting.remove(id)
            case .success(.regular(let size)):
                if isYAML { found.append(RepositoryFileRef(path: path, size: size)) }
            case .success(.other):
                if isYAML { diagnostics.emit(.unreadableFile(path, reason: "not a regular file")) }
            case .failure(let e):
                if fileSystem.isSymbolicLink(path) {
                    if e.reason.contains("many levels") {
                        diagnostics.emit(.symlinkLoop(path))
                    } else if isYAML {
                        diagnostics.emit(.unreadableFile(path, reason: "broken symbolic link (\(e.reason))"))
                    }
                } else if isYAML {
                    diagnostics.emit(.unreadableFile(path, reason: e.reason))
                }
            }
        }
    }
}
