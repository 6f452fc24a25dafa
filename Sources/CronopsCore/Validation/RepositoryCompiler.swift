/// Everything one compilation produced: the spec when the repository is valid, every
/// diagnostic, and the text of every file read (so diagnostics can show their lines).
public struct CompiledRepository: Sendable {
    public var spec: Spec?
    public var diagnostics: Diagnostics
    public var sources: SourceMap
    public var jobFileCount: Int
}

/// The one pipeline driver: bytes → text → YAML nodes → raw spec → checked `Spec`, for the
/// project file and every job file, whatever the bytes come from (`RepositoryFiles`: the
/// disk for the CLI, memory for tests, benchmarks and fuzzing).
///
/// Reading, composing and checking each job file is independent of the others, so that part
/// is spread over the cores; only the cross-file rules (unique names, renames) run after.
public enum RepositoryCompiler {
    /// A 100 MB job file is a mistake or an attack; real ones are a few kilobytes.
    public static let maxFileBytes = 8 * 1024 * 1024

    public static func compile(_ files: some RepositoryFiles, maxFileBytes: Int = maxFileBytes) -> CompiledRepository {
        var diagnostics = Diagnostics()
        var sources = SourceMap()
        func stop() -> CompiledRepository {
            CompiledRepository(spec: nil, diagnostics: diagnostics, sources: sources, jobFileCount: 0)
        }
        guard let projectRef = files.projectFile(diagnostics: &diagnostics) else { return stop() }
        let projectRoot = compose(projectRef, from: files, limit: maxFileBytes, &diagnostics, &sources)
        guard let raw = ProjectFileReader.read(projectRoot.node, file: projectRef.path, diagnostics: &diagnostics),
              projectRoot.readable
        else { return stop() }

        var jobRefs: [RepositoryFileRef] = []
        var seen = Set<String>()
        for directory in raw.jobDirectories {
            for file in files.jobFiles(below: directory, diagnostics: &diagnostics) where seen.insert(file.path).inserted {
                jobRefs.append(file)
            }
        }
        if jobRefs.isEmpty && !diagnostics.hasErrors {
            diagnostics.emit(.noJobs(at: raw.jobs?.location ?? raw.location))
        }

        let project = SpecChecker.project(raw, diagnostics: &diagnostics)
        let refs = jobRefs
        let bytes = refs.reduce(0) { $0 + ($1.size ?? ParallelWork.minimumBytes) }
        let results = parallelMap(refs.count, threads: ParallelWork.worthThreads(bytes: bytes)) { i -> (CheckedJobFile?, Diagnostics, SourceMap) in
            var d = Diagnostics()
            var s = SourceMap()
            let composed = compose(refs[i], from: files, limit: maxFileBytes, &d, &s)
            let checked = JobFileReader.read(composed.node, file: refs[i].path, diagnostics: &d)
                .map { SpecChecker.jobs(in: $0, project: project, diagnostics: &d) }
            return (checked, d, s)
        }
        var jobFiles: [CheckedJobFile] = []
        for (file, d, s) in results {
            diagnostics.append(contentsOf: d)
            for source in s.files.values { sources.add(source) }
            if let file { jobFiles.append(file) }
        }

        let spec = SpecChecker.finish(project, files: jobFiles, root: files.root, diagnostics: &diagnostics)
        return CompiledRepository(spec: diagnostics.hasErrors ? nil : spec, diagnostics: diagnostics,
                                  sources: sources, jobFileCount: jobRefs.count)
    }

    /// Texts already in memory: the project file and job files as given.
    public static func compile(project: SourceFile, jobFiles: [SourceFile], root: String = ".",
                               diagnostics: inout Diagnostics) -> Spec? {
        let compiled = compile(InMemoryRepository(project: project, jobFiles: jobFiles, root: root))
        diagnostics.append(contentsOf: compiled.diagnostics)
        return compiled.spec
    }

    struct Composed {
        var node: YAMLDocument
        var readable: Bool
    }

    /// A file over the limit is refused unread when its size is known, and caught by the read's
    /// own limit when it grew since (or its size was not known).
    static func compose(_ file: RepositoryFileRef, from files: some RepositoryFiles, limit: Int,
                        _ diagnostics: inout Diagnostics, _ sources: inout SourceMap) -> Composed {
        if let size = file.size, size > limit {
            diagnostics.emit(.fileTooLarge(file.path, size: size, limit: limit))
            return Composed(node: .invalid, readable: false)
        }
        let bytes: [UInt8]
        switch files.read(file, limit: limit) {
        case .success(let b): bytes = b
        case .failure(let e):
            diagnostics.emit(.unreadableFile(file.path, reason: e.reason))
            return Composed(node: .invalid, readable: false)
        }
        if bytes.count > limit {
            diagnostics.emit(.fileTooLarge(file.path, size: bytes.count, limit: limit))
            return Composed(node: .invalid, readable: false)
        }
        guard let text = SourceDecoding.decode(bytes, file: file.path, diagnostics: &diagnostics) else {
            return Composed(node: .invalid, readable: false)
        }
        sources.add(SourceFile(path: file.path, text: text))
        return Composed(node: YAMLComposer.compose(text, file: file.path, diagnostics: &diagnostics), readable: true)
    }
}
