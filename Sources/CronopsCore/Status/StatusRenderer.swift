import FoundationEssentials

public enum StatusFormat: String, Sendable, CaseIterable {
    case text, json, markdown, html
}

/// Turns a status report into what people (a terminal, a PR or wiki page, a browser) and
/// programs (JSON) read. Job names, commands, hosts and failure reasons are user input, and
/// the monitor's ping bodies are the job's own output: every one is escaped for its format.
public enum StatusRenderer {
    /// `zones` resolves the zones times are shown in (a row's job zone, a host's zone); a zone
    /// it cannot resolve is shown in UTC.
    public static func render(_ report: StatusReport, as format: StatusFormat, color: Bool = false,
                              zones: (String) -> ZoneRules?) -> String {
        let zone = { (name: String) in zones(name) ?? .utc }
        switch format {
        case .text: return text(report, color: color, zone: zone)
        case .markdown: return markdown(report, zone: zone)
        case .json: return json(report, zone: zone)
        case .html: return StatusPage.render(report, zone: zone)
        }
    }

    // MARK: text

    static func text(_ report: StatusReport, color: Bool, zone: (String) -> ZoneRules) -> String {
        let paint = Paint(enabled: color)
        let show = Escaping.plainText
        var out = report.summary + "\n"
        guard !report.rows.isEmpty else { return out + notes(report) }
        let header = ["JOB", "HOST", "STATE", "LAST RUN", "TOOK", "NEXT RUN"]
        let cells: [[String]] = report.rows.map { row in
            let rules = zone(row.zone)
            return [show(row.job), row.hosts.isEmpty ? "-" : show(row.hosts.joined(separator: ",")), row.state.label,
                    row.lastRun.map { StatusTime.local($0, zone: rules) + " (" + StatusTime.ago($0, now: report.now) + ")" } ?? "-",
                    row.duration.map(StatusTime.duration) ?? "-",
                    row.nextRun.map { StatusTime.local($0, zone: rules) + " (" + StatusTime.ago($0, now: report.now) + ")" } ?? "-"]
        }
        var widths = header.map(\.count)
        for line in cells { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func pad(_ s: String, _ i: Int) -> String { i == header.count - 1 ? s : s + String(repeating: " ", count: widths[i] - s.count) }
        out += "\n" + header.enumerated().map { pad($0.element, $0.offset) }.joined(separator: "  ") + "\n"
        for (row, line) in zip(report.rows, cells) {
            let rendered = line.enumerated().map { i, cell in
                i == 2 ? paint(cell, colorCode(row.state)) + String(repeating: " ", count: widths[i] - cell.count) : pad(cell, i)
            }
            out += rendered.joined(separator: "  ") + "\n"
            if let failure = row.failure {
                for line in failureLines(failure, now: report.now) { out += "    " + show(line) + "\n" }
            }
        }
        return out + notes(report)
    }

    static func notes(_ report: StatusReport) -> String {
        report.limitations.map { "note: " + $0 + "\n" }.joined()
    }

    /// Headline, failed rules, exit status: what the wrapper said, one line each.
    static func failureLines(_ failure: RunFailure, now: Date) -> [String] {
        var lines = [failure.headline + " (" + StatusTime.ago(failure.at, now: now) + (failure.manual ? ", manual run" : "") + ")"]
        lines += failure.failedRules.map { "✗ " + $0 }
        if let status = failure.exitStatus { lines.append("exit status: " + status) }
        return lines
    }

    static func colorCode(_ state: JobHealth) -> String {
        switch state {
        case .up: "32"
        case .running: "36"
        case .late: "33"
        case .down, .missing: "1;31"
        case .paused, .unmonitored, .neverRan: "2"
        case .notOwned: "35"
        }
    }

    // MARK: markdown

    /// A wiki page or PR comment: summary, one table, then the failures. Every value is a code
    /// span, where GitHub renders no HTML, link or @mention.
    static func markdown(_ report: StatusReport, zone: (String) -> ZoneRules) -> String {
        let code = { (value: String) in Escaping.markdownCodeSpan(value, inTableCell: true) }
        var out = "### cronops status for \(Escaping.markdownCodeSpan(report.project))\n\n**\(markdownText(report.summary))**\n\n"
        if !report.rows.isEmpty {
            out += "| job | host | state | last run | took | next run |\n|---|---|---|---|---|---|\n"
            for row in report.rows {
                let rules = zone(row.zone)
                let last = row.lastRun.map { StatusTime.local($0, zone: rules) + " (" + StatusTime.ago($0, now: report.now) + ")" } ?? "–"
                let next = row.nextRun.map { StatusTime.local($0, zone: rules) } ?? "–"
                let state = row.state.isProblem ? "**\(row.state.label)**" : row.state.label
                out += "| \(code(row.job)) | \(row.hosts.isEmpty ? "–" : code(row.hosts.joined(separator: ", "))) | \(state) | \(last) | \(row.duration.map(StatusTime.duration) ?? "–") | \(next) |\n"
            }
            out += "\n"
        }
        let failing = report.rows.filter { $0.failure != nil }
        if !failing.isEmpty {
            out += "#### Last failures\n\n"
            for row in failing {
                out += "- \(code(row.displayName))\n\n" + Escaping.markdownCodeBlock(failureLines(row.failure!, now: report.now).joined(separator: "\n") + "\n").split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        for note in report.limitations { out += "> [!NOTE]\n> \(markdownText(note))\n\n" }
        return out
    }

    /// Prose that may quote user input (the summary names jobs and rules): markup characters
    /// are escaped so it stays text.
    static func markdownText(_ s: String) -> String {
        var out = ""
        for c in Escaping.plainText(s).unicodeScalars {
            if "\\`*_[]<>#|!~&@".unicodeScalars.contains(c) { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out
    }

    // MARK: json

    /// Version 1, documented in docs/status.md. Keys in a fixed order; instants in UTC
    /// (`…Z`) with the job's local time beside them; absent values are `null`, never left out.
    static func json(_ report: StatusReport, zone: (String) -> ZoneRules) -> String {
        let s = { (value: String) in Escaping.jsonString(value) }
        let opt = { (value: String?) in value.map(s) ?? "null" }
        func instant(_ date: Date?, _ rules: ZoneRules) -> String {
            guard let date else { return "null" }
            let t = Int64(date.timeIntervalSince1970.rounded(.down))
            return "{\"at\": \(s(ScheduleFormat.isoUTC(t))), \"local\": \(s(ScheduleFormat.iso(t, in: rules)))}"
        }
        var out = "{\n  \"version\": 1,\n"
        out += "  \"project\": \(s(report.project)),\n  \"provider\": \(s(report.provider)),\n  \"target\": \(s(report.target)),\n"
        out += "  \"observed_at\": \(s(ScheduleFormat.isoUTC(Int64(report.now.timeIntervalSince1970.rounded(.down))))),\n"
        out += "  \"summary\": \(s(report.summary)),\n  \"healthy\": \(!report.hasProblems),\n"
        out += "  \"counts\": {" + JobHealth.summaryOrder.map { "\(s($0.rawValue)): \(report.count($0))" }.joined(separator: ", ") + "},\n"
        out += "  \"limitations\": [" + report.limitations.map(s).joined(separator: ", ") + "],\n"
        out += "  \"requests\": \(report.requests),\n  \"checks\": ["
        let rows = report.rows.map { row -> String in
            let rules = zone(row.zone)
            var o = "    {\"job\": \(s(row.job)), \"hosts\": [" + row.hosts.map(s).joined(separator: ", ") + "], \"slug\": \(opt(row.slug)),\n"
            o += "     \"state\": \(s(row.state.rawValue)), \"problem\": \(row.state.isProblem), \"zone\": \(s(row.zone)),\n"
            o += "     \"last_run\": \(instant(row.lastRun, rules)), \"duration_seconds\": \(row.duration.map(String.init) ?? "null"),\n"
            o += "     \"next_run\": \(instant(row.nextRun, rules)),\n"
            if let f = row.failure {
                o += "     \"failure\": {\"at\": \(s(ScheduleFormat.isoUTC(Int64(f.at.timeIntervalSince1970.rounded(.down))))), \"headline\": \(s(f.headline)), "
                o += "\"reason\": \(s(f.shortReason)), \"failed_rules\": [" + f.failedRules.map(s).joined(separator: ", ") + "], "
                o += "\"exit_status\": \(opt(f.exitStatus)), \"manual\": \(f.manual)}}"
            } else {
                o += "     \"failure\": null}"
            }
            return o
        }
        out += rows.isEmpty ? "]\n}\n" : "\n" + rows.joined(separator: ",\n") + "\n  ]\n}\n"
        return out
    }
}
