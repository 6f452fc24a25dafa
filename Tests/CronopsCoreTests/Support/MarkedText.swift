import CronopsCore

/// Test input with inline position markers: `⟨a⟩` marks the character that follows it. The
/// markers are removed and their 1-based line/column recorded, so a test states where a
/// diagnostic must point by writing the marker where a person would look.
struct MarkedText {
    let text: String
    let markers: [String: (line: Int, column: Int)]

    init(_ marked: String) {
        var text = ""
        var markers: [String: (Int, Int)] = [:]
        var line = 1, column = 1
        var i = marked.startIndex
        while i < marked.endIndex {
            if marked[i] == "⟨", let close = marked[i...].firstIndex(of: "⟩") {
                markers[String(marked[marked.index(after: i)..<close])] = (line, column)
                i = marked.index(after: close)
                continue
            }
            let c = marked[i]
            text.append(c)
            if c == "\n" { line += 1; column = 1 } else { column += c.unicodeScalars.count }
            i = marked.index(after: i)
        }
        self.text = text
        self.markers = markers
    }

    func location(_ marker: String, file: String) -> SourceLocation? {
        markers[marker].map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }
}

/// Compiles a project file and job files given as texts.
func compile(project: String = TestRepo.project, jobs: [String: String]) -> (spec: Spec?, diagnostics: Diagnostics) {
    var d = Diagnostics()
    let files = jobs.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value) }
    let spec = RepositoryCompiler.compile(project: SourceFile(path: "cronops.yaml", text: project), jobFiles: files, diagnostics: &d)
    return (spec, d)
}

enum TestRepo {
    static let project = """
    version: 1
    project: demo
    defaults:
      timezone: Europe/Berlin
      grace: 15m
      user: app
      alerts: [ops]
      env: { MODE: live, REGION: eu }
    routes:
      ops: { channels: [ops-email] }
      billing: { channels: ["Email finance", "Slack billing"] }
    hosts:
      web-1: { cron: debian }
      web-2: { cron: cronie, timezone: Europe/Berlin, format: crontab }

    """
}
