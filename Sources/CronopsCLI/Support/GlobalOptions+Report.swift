import CronopsCore
import FoundationEssentials

extension GlobalOptions {
    /// Diagnostics with the source lines they point at (job files are read again for the excerpt).
    func report(_ diagnostics: Diagnostics) {
        let shown = diagnostics.sorted.filter { !quiet || $0.severity == .error }
        guard !shown.isEmpty else { return }
        var sources = SourceMap()
        for path in Set(shown.compactMap { $0.location?.file }) {
            if let data = FileManager.default.contents(atPath: path) {
                sources.add(SourceFile(path: path, text: String(decoding: data, as: UTF8.self)))
            }
        }
        let colored = Terminal.useColor(color, environment: ProcessInfo.processInfo.environment)
        Terminal.err(DiagnosticRenderer(sources: sources, color: colored).render(shown, format: .text))
    }
}
