/// The whole core pipeline on texts already read: compose, read, check. The CLI's loader does
/// the same per file, in parallel, after reading the disk; tests and benchmarks use this.
public enum RepositoryCompiler {
    public static func compile(project: SourceFile, jobFiles: [SourceFile], root: String = ".",
                               diagnostics: inout Diagnostics) -> Spec? {
        let projectDocument = YAMLComposer.compose(project.text, file: project.path, diagnostics: &diagnostics)
        guard let raw = ProjectFileReader.read(projectDocument, file: project.path, diagnostics: &diagnostics) else { return nil }
        let files = jobFiles.compactMap { file in
            JobFileReader.read(YAMLComposer.compose(file.text, file: file.path, diagnostics: &diagnostics),
                               file: file.path, diagnostics: &diagnostics)
        }
        return SpecChecker.check(project: raw, jobFiles: files, root: root, diagnostics: &diagnostics)
    }
}
