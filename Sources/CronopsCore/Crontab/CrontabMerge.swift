/// `--merge`: put a host's fragment into an existing user crontab between
/// `# BEGIN cronops <project>` and `# END cronops <project>`, keeping every other byte.
public enum CrontabMerge {
    public static func beginMarker(project: String) -> String { "# BEGIN cronops \(project)" }
    public static func endMarker(project: String) -> String { "# END cronops \(project)" }

    /// The merged text, or nil with errors when the existing block is malformed (the caller
    /// then leaves the file alone). `file` names the crontab in diagnostics.
    public static func merge(existing: String, fragment: CrontabFragment, host: Host, project: String,
                             file: String) -> (text: String?, diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        let begin = beginMarker(project: project), end = endMarker(project: project)
        let lines = existing.crontabLines(omittingEmpty: false)
        func location(_ index: Int) -> SourceLocation { SourceLocation(file: file, line: index + 1, column: 1) }
        func isMarker(_ line: Substring, _ marker: String) -> Bool {
            line.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed().elementsEqual(marker)
        }

        var beginIndex: Int?
        var endIndex: Int?
        for (index, line) in lines.enumerated() {
            if isMarker(line, begin) {
                if let first = beginIndex {
                    diagnostics.emit(.crontabMergeDuplicateBegin(marker: begin, first: location(first), at: location(index)))
                } else {
                    beginIndex = index
                }
            } else if isMarker(line, end) {
                if beginIndex == nil || endIndex != nil {
                    diagnostics.emit(.crontabMergeStrayEnd(marker: end, at: location(index)))
                } else {
                    endIndex = index
                }
            }
        }
        if let beginIndex, endIndex == nil {
            diagnostics.emit(.crontabMergeMissingEnd(begin: begin, end: end, at: location(beginIndex)))
        }
        if diagnostics.hasErrors { return (nil, diagnostics) }

        // Bytes before and after the block, exactly as they were.
        var before: String
        var after: String
        if let beginIndex, let endIndex {
            before = lines[..<beginIndex].map { $0 + "\n" }.joined()
            after = lines[(endIndex + 1)...].joined(separator: "\n")
        } else {
            before = existing
            // cron needs every line to end in a newline: the one byte added to the old text.
            if !before.isEmpty, before.utf8.last != UInt8(ascii: "\n") { before += "\n" }
            after = ""
        }

        var block = begin + "\n" + fragment.text
        let below = after.crontabLines(omittingEmpty: true).contains { line in
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
        if below {
            let above = EnvironmentAbove(text: before)
            let restore = above.restoringLines(after: host)
            block += restore.joined()
            if host.mailto != nil, above.mailto == nil {
                diagnostics.emit(.crontabMergeMailtoLeaks(file: file, at: location(beginIndex ?? lines.count)))
            }
        }
        block += end + "\n"
        let merged = before + block + after
        let lineCount = merged.utf8.count { $0 == UInt8(ascii: "\n") } + (merged.hasSuffix("\n") ? 0 : 1)
        if lineCount > CrontabLimits.lines {
            diagnostics.emit(.crontabMergeTooLong(file: file, lines: lineCount))
            return (nil, diagnostics)
        }
        return (merged, diagnostics)
    }
}

/// The SHELL, PATH and MAILTO a user crontab sets above the cronops block (Debian's rules:
/// `NAME = VALUE`, optionally quoted), so the block can hand them back to the lines below it.
struct EnvironmentAbove {
    var shell = "/bin/sh"
    var path = "/usr/bin:/bin"
    var mailto: String?

    init(text: String) {
        for line in text.crontabLines(omittingEmpty: true) {
            guard let (name, value) = Self.parse(line) else { continue }
            switch name {
            case "SHELL": shell = value
            case "PATH": path = value
            case "MAILTO": mailto = value
            default: break
            }
        }
    }

    /// Lines that put back what the block changed.
    func restoringLines(after host: Host) -> [String] {
        var out: [String] = []
        func restore(_ name: String, _ value: String) {
            if case .success(let line) = CrontabEnvironmentLine.render(name: name, value: value) { out.append(line + "\n") }
        }
        if shell != "/bin/sh" { restore("SHELL", shell) }
        if path != host.path { restore("PATH", path) }
        if let mailto, mailto != host.mailto { restore("MAILTO", mailto) }
        return out
    }

    static func parse(_ line: Substring) -> (String, String)? {
        let text = line.drop(while: { $0 == " " || $0 == "\t" })
        guard let first = text.first, first.isLetter || first == "_" else { return nil }
        let name = text.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
        var rest = text.dropFirst(name.count).drop(while: { $0 == " " || $0 == "\t" })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
        var value = String(rest.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
        if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
            value = String(value.dropFirst().dropLast())
        }
        return (String(name), value)
    }
}

extension String {
    /// The text split at each "\n", as cron reads it. Not `split(separator: "\n")`: Swift takes
    /// "\r\n" as one Character, so the lines of a file with Windows line endings (or a last line
    /// ending in "\r" that a block is appended to) would not be split there at all.
    func crontabLines(omittingEmpty: Bool) -> [Substring] {
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: omittingEmpty).map(Substring.init)
    }
}
