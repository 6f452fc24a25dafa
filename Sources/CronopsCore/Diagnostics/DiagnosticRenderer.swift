import FoundationEssentials

public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text, json, github
}

/// Turns diagnostics into what a person (text), a program (json) or a GitHub workflow
/// (annotations) reads. Pure: the caller decides where the text goes.
public struct DiagnosticRenderer: Sendable {
    public var sources: SourceMap
    public var color: Bool

    public init(sources: SourceMap, color: Bool = false) {
        self.sources = sources
        self.color = color
    }

    public func render(_ diagnostics: [Diagnostic], format: DiagnosticFormat) -> String {
        switch format {
        case .text: return diagnostics.map(text).joined()
        case .json: return json(diagnostics)
        case .github: return diagnostics.map(github).joined()
        }
    }

    // MARK: text

    /// gcc-style first line (editors and CI logs link `file:line:col`), then the source line
    /// with a caret, the fix-it, and the notes with their own locations.
    public func text(_ d: Diagnostic) -> String {
        var out = header(d.location, severity: d.severity.rawValue, code: d.code, message: d.message)
        if let location = d.location { out += excerpt(location) }
        if let fix = d.fixIt { out += "\(gutter(for: d.location)) = \(paint("fix-it:", .green)) \(Escaping.plainText(fix))\n" }
        for note in d.notes {
            out += "  " + header(note.location, severity: "note", code: nil, message: note.message)
            if let location = note.location, location.fileID != d.location?.fileID || location.line != d.location?.line {
                out += excerpt(location)
            }
        }
        return out
    }

    func header(_ location: SourceLocation?, severity: String, code: String?, message: String) -> String {
        let place = location.map { paint("\($0):", .bold) + " " } ?? ""
        let style: Style = severity == "error" ? .red : severity == "warning" ? .yellow : .cyan
        let label = paint(code.map { "\(severity)[\($0)]" } ?? severity, style)
        // Messages quote values from YAML ("\e" in a double-quoted scalar is an ESC): shown, not sent.
        return "\(place)\(label): \(paint(Escaping.plainText(message), .bold))\n"
    }

    func gutter(for location: SourceLocation?) -> String {
        String(repeating: " ", count: max(4, String(location?.line ?? 0).count))
    }

    func excerpt(_ location: SourceLocation) -> String {
        guard let file = sources[location.file], let raw = file.line(location.line) else { return "" }
        let line = SecretMask.redact(String(raw))
        let number = String(location.line)
        let gutter = String(repeating: " ", count: max(4, number.count))
        let padded = String(repeating: " ", count: gutter.count - number.count) + number
        let shown = SourceExcerpt(line: line, column: location.column)
        return "\(paint(padded + " |", .blue)) \(shown.text)\n\(paint(gutter + " |", .blue)) \(shown.caretIndent)\(paint("^", .green))\n"
    }

    enum Style: String {
        case red = "31", yellow = "33", cyan = "36", green = "32", blue = "34", bold = "1"
    }

    func paint(_ s: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style == .bold ? "1" : "1;" + style.rawValue)m\(s)\u{1B}[0m" : s
    }

    // MARK: json

    struct JSONDiagnostic: Encodable {
        var severity: String
        var code: String
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
        var fixIt: String?
        var notes: [JSONNote]

        enum CodingKeys: String, CodingKey {
            case severity, code, message, file, line, column, notes
            case fixIt = "fix_it"
        }
    }

    struct JSONNote: Encodable {
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
    }

    struct JSONReport: Encodable {
        var diagnostics: [JSONDiagnostic]
        var errors: Int
        var warnings: Int
    }

    func json(_ diagnostics: [Diagnostic]) -> String {
        let report = JSONReport(
            diagnostics: diagnostics.map { d in
                JSONDiagnostic(severity: d.severity.rawValue, code: d.code, message: d.message, file: d.location?.file,
                               line: d.location?.line, column: d.location?.column, fixIt: d.fixIt,
                               notes: d.notes.map { JSONNote(message: $0.message, file: $0.location?.file,
                                                             line: $0.location?.line, column: $0.location?.column) })
            },
            errors: diagnostics.count { $0.severity == .error },
            warnings: diagnostics.count { $0.severity == .warning })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: github

    /// `::error file=…,line=…,col=…,title=…::message` workflow commands.
    public func github(_ d: Diagnostic) -> String {
        let command = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
        var properties: [String] = []
        if let l = d.location {
            properties += ["file=\(Escaping.workflowProperty(l.file))", "line=\(l.line)", "col=\(l.column)"]
        }
        properties.append("title=\(Escaping.workflowProperty("cronops \(d.code)"))")
        var message = d.message
        if let fix = d.fixIt { message += "\nfix-it: \(fix)" }
        for note in d.notes {
            message += "\nnote: " + (note.location.map { "\($0): " } ?? "") + note.message
        }
        return "::\(command) \(properties.joined(separator: ","))::\(Escaping.workflowData(message))\n"
    }
}
