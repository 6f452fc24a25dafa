import CronopsCore

/// Everything one load produced: the spec when the repository is valid, every diagnostic, and
/// the text of every file read (so diagnostics can show their lines).
public struct LoadedRepository: Sendable {
    public var spec: Spec?
    public var diagnostics: Diagnostics
    public var sources: SourceMap
    public var jobFileCount: Int
}

/// Finds cronops.yaml, reads it and every job file below its `jobs:` directories, and hands
/// the bytes to the core. All disk access of `validate`, `plan` and `crontab` happens here.
public struct RepositoryLoader: Sendable {
    /// A 100 MB job file is a mistake or an attack; real ones are a few kilobytes.
    public static let maxFileBytes = 8 * 1024 * 1024

    public var fileSystem: any FileSystem
    public var maxFileBytes: Int

    public init(fileSystem: any FileSystem = LiveFileSystem(), maxFileBytes: Int = RepositoryLoader.maxFileBytes) {
        self.fileSystem = fileSystem
        self.maxFileBytes = maxFileBytes
    }

    /// `config` is cronops.yaml or the directory holding it (nil: the current directory).
    /// Paths in diagnostics are shown as the user wrote them, relative to the working directory.
    public func load(config: String?) -> LoadedRepository {
        var diagnostics = Diagnostics()
        var sources = SourceMap()
        let (projectDir, projectPath) = locateProjectFile(config)
        let display = { (relative: String) in Self.join(projectDir, relative) }

        guard case .success(.regular(let projectSize)) = fileSystem.kind(of: projectPath) else {
            diagnostics.emit(.projectFileNotFound(projectPath, given: config))
            return LoadedRepository(spec: nil, diagnostics: diagnostics, sources: sources, jobFileCount: 0)
        }
        let projectRoot = readAndCompose(projectPath, size: projectSize, &diagnostics, &sources)
        guard let raw = ProjectFileReader.read(projectRoot.node, file: projectPath, diagnostics: &diagnostics),
              projectRoot.readable
        else {
            return LoadedRepository(spec: nil, diagnostics: diagnostics, sources: sources, jobFileCount: 0)
        }

        // Each file with the size the walk's stat saw, so it is not asked again before reading.
        var jobPaths: [(path: String, size: Int)] = []
        var seenFiles = Set<String>()
        for dir in raw.jobDirectories {
            for file in scan(directory: dir, base: projectDir, display: display, &diagnostics) where seenFiles.insert(file.path).inserted {
                jobPaths.append(file)
            }
        }
        if jobPaths.isEmpty && !diagnostics.hasErrors {
            diagnostics.emit(.noJobs(at: raw.jobs?.location ?? raw.location))
        }

        // Reading, composing and checking each file's jobs is independent per file: spread it
        // over the cores; only the cross-file rules run after.
        let project = SpecChecker.project(raw, diagnostics: &diagnostics)
        let files = jobPaths
        let results = parallelMap(files.count) { i -> (CheckedJobFile?, Diagnostics, SourceMap) in
            var d = Diagnostics()
            var s = SourceMap()
            let composed = readAndCompose(files[i].path, size: files[i].size, &d, &s)
            let checked = JobFileReader.read(composed.node, file: files[i].path, diagnostics: &d)
                .map { SpecChecker.jobs(in: $0, project: project, diagnostics: &d) }
            return (checked, d, s)
        }
        var jobFiles: [CheckedJobFile] = []
        for (file, d, s) in results {
            diagnostics.append(contentsOf: d)
            for source in s.files.values { sources.add(source) }
            if let file { jobFiles.append(file) }
        }

        let spec = SpecChecker.finish(project, files: jobFiles, root: projectDir, diagnostics: &diagnostics)
        return LoadedRepository(spec: diagnostics.hasErrors ? nil : spec, diagnostics: diagnostics,
                                sources: sources, jobFileCount: jobPaths.count)
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

    /// Job files below `directory` with their sizes, sorted by path, following symlinks but
    /// never in circles.
    func scan(directory: Located<String>, base: String, display: (String) -> String,
              _ diagnostics: inout Diagnostics) -> [(path: String, size: Int)] {
        let top = display(directory.value)
        guard case .success(.directory(let id)) = fileSystem.kind(of: top) else {
            let reason: String
            switch fileSystem.kind(of: top) {
            case .failure(let e): reason = "cannot be read (\(e.reason)) at \(top)"
            default: reason = "is not a directory (\(top))"
            }
            diagnostics.emit(.noJobDirectory(directory, reason: reason))
            return []
        }
        var found: [(path: String, size: Int)] = []
        var visiting: Set<FileID> = [id]
        walk(top, &visiting, &found, &diagnostics)
        return found
    }

    private func walk(_ dir: String, _ visiting: inout Set<FileID>, _ found: inout [(path: String, size: Int)], _ diagnostics: inout Diagnostics) {
        let names: [String]
        switch fileSystem.entries(of: dir) {
        case .success(let n): names = n.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        case .failure(let e):
            diagnostics.emit(.unreadableFile(dir, reason: e.reason))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = Self.join(dir, name)
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
                if isYAML { found.append((path, size)) }
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

    struct Composed {
        var node: YAMLDocument
        var readable: Bool
    }

    /// `size` is what stat said: a file over the limit is refused unread. One that grew since
    /// is caught by the read's own limit.
    func readAndCompose(_ path: String, size: Int, _ diagnostics: inout Diagnostics,
                        _ sources: inout SourceMap) -> Composed {
        if size > maxFileBytes {
            diagnostics.emit(.fileTooLarge(path, size: size, limit: maxFileBytes))
            return Composed(node: .invalid, readable: false)
        }
        let bytes: [UInt8]
        switch fileSystem.read(path, limit: maxFileBytes) {
        case .success(let b): bytes = b
        case .failure(let e):
            diagnostics.emit(.unreadableFile(path, reason: e.reason))
            return Composed(node: .invalid, readable: false)
        }
        if bytes.count > maxFileBytes {
            diagnostics.emit(.fileTooLarge(path, size: bytes.count, limit: maxFileBytes))
            return Composed(node: .invalid, readable: false)
        }
        guard let text = SourceDecoding.decode(bytes, file: path, diagnostics: &diagnostics) else {
            return Composed(node: .invalid, readable: false)
        }
        sources.add(SourceFile(path: path, text: text))
        return Composed(node: YAMLComposer.compose(text, file: path, diagnostics: &diagnostics), readable: true)
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
