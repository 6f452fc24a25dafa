import CronopsCore
import CronopsFiles
import FoundationEssentials

extension GlobalOptions {
    /// Diagnostics on stderr (errors only with --quiet), each with the source line it points
    /// at: from `sources`, the texts the loader already read, and only for a file that is not
    /// among them (the crontab `--merge` edits) from the disk.
    func report(_ diagnostics: Diagnostics, sources: SourceMap) {
        let shown = diagnostics.sorted.filter { !quiet || $0.severity == .error }
        guard !shown.isEmpty else { return }
        var sources = sources
        for path in Set(shown.compactMap { $0.location?.file }) where sources[path] == nil {
            if case let .success(bytes) = FileReader.read(path, limit: RepositoryCompiler.maxFileBytes) {
                sources.add(SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self)))
            }
        }
        let colored = Terminal.useColor(color, environment: ProcessInfo.processInfo.environment)
        Terminal.err(DiagnosticRenderer(sources: sources, color: colored).render(shown, format: .text))
    }
}
