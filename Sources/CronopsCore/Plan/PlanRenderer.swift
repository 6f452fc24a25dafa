import FoundationEssentials

public enum PlanFormat: String, Sendable, CaseIterable {
    case text
    case markdown
    case json
}

/// Turns a plan into what people (text, a PR comment) and programs (JSON) read.
public enum PlanRenderer {
    public static func render(_ plan: Plan, as format: PlanFormat, color: Bool = false) -> String {
        switch format {
        case .text: text(plan, color: color)
        case .markdown: markdown(plan)
        case .json: json(plan)
        }
    }

    // MARK: text

    /// Terraform-style, as in SPEC §2.3. Values (slugs, names, channel names, descriptions)
    /// come from the repository and the server: control characters in them are shown as
    /// escapes, never sent to the terminal or CI log.
    public static func text(_ plan: Plan, color: Bool) -> String {
        let paint = Paint(enabled: color)
        let show = Escaping.plainText
        let width = (plan.actions.map { show($0.slug).count }.max() ?? 0) + 3
        var out = ""
        for action in plan.actions {
            let marker = paint(mark(action.kind) + " " + label(action.kind), style(action.kind))
            let slug = show(action.slug)
            var line = "  \(marker)  \(slug)"
            if let trailer = trailer(action, plan: plan, value: show) {
                line += String(repeating: " ", count: max(1, width - slug.count)) + trailer
            }
            out += line + "\n"
            if [.create, .delete, .orphan, .pause, .resume].contains(action.kind) { continue }
            let shown = action.changes.filter { !(action.kind == .rename && $0.field == "slug") }
            let fieldWidth = (shown.map(\.field.count).max() ?? 0) + 2
            for change in shown {
                let pad = String(repeating: " ", count: fieldWidth - change.field.count)
                out += "              \(change.field)\(pad)\(show(change.old ?? "")) -> \(show(change.new))\n"
            }
            if let note = action.note, !shown.isEmpty {
                out += "              (\(note))\n"
            }
        }
        out += plan.hasChanges ? plan.summary.sentence + "\n" : noChanges(plan) + "\n"
        if plan.readOnly { out += readOnlyNote + "\n" }
        return out
    }

    static let readOnlyNote = "Note: the API key is read-only, so channels are unknown; `cronops apply` needs a read-write key."

    static func noChanges(_ plan: Plan) -> String {
        let n = plan.summary.unchanged
        return "No changes: \(n) \(n == 1 ? "check matches" : "checks match") the repository."
    }

    /// The words after an action's slug; `value` renders each value for the format (escaped
    /// text, or a Markdown code span).
    private static func trailer(_ action: PlanAction, plan: Plan, value: (String) -> String) -> String? {
        switch action.kind {
        case .create:
            func field(_ name: String) -> String { value(action.changes.first { $0.field == name }?.new ?? "") }
            return "schedule \(field("schedule")) \(field("tz")), grace \(field("grace")), alerts \(field("channels"))"
        case .rename: return "(was \(value(action.previousSlug ?? "?")); keeps its id, history and ping URL)"
        case .adopt: return "(not owned by cronops yet; the job says adopt: true)"
        case .delete: return "(owned by \(value(plan.project)), no job defines it; --prune)"
        case .orphan: return "(owned, no job defines it; kept because prune is off)"
        case .pause: return "(\(value(action.note ?? "suspended")); manual_resume keeps it paused)"
        case .resume: return "(\(value(action.note ?? "no longer suspended")))"
        case .update: return nil
        }
    }

    public static func mark(_ kind: PlanAction.Kind) -> String {
        switch kind {
        case .create: "+"
        case .update, .rename, .adopt, .pause, .resume: "~"
        case .delete: "-"
        case .orphan: "="
        }
    }

    static func label(_ kind: PlanAction.Kind) -> String {
        kind.rawValue + String(repeating: " ", count: max(0, 6 - kind.rawValue.count))
    }

    private static func style(_ kind: PlanAction.Kind) -> String {
        switch kind {
        case .create: "32"
        case .update, .rename, .adopt, .pause, .resume: "33"
        case .delete: "31"
        case .orphan: "2"
        }
    }

    // MARK: markdown

    /// A pull-request comment: summary line, a table of actions, deletions called out, the
    /// full text plan folded. Every value from the repository or the server is a code span (or
    /// inside the code block), where GitHub renders no HTML, link or @mention.
    public static func markdown(_ plan: Plan) -> String {
        var out = "### cronops plan for \(Escaping.markdownCodeSpan(plan.project))\n\n"
        out += "**" + (plan.hasChanges ? plan.summary.sentence : noChanges(plan)) + "**\n\n"
        let deletions = plan.actions.filter { $0.kind == .delete }
        if !deletions.isEmpty {
            let one = deletions.count == 1
            out += "> [!CAUTION]\n> **\(deletions.count) \(one ? "check" : "checks") will be deleted**, with \(one ? "its" : "their") ping history: "
            out += deletions.map { Escaping.markdownCodeSpan($0.slug) }.joined(separator: ", ") + "\n\n"
        }
        if plan.readOnly {
            out += "> [!NOTE]\n> " + readOnlyNote + "\n\n"
        }
        if !plan.actions.isEmpty {
            let code = { (value: String) in Escaping.markdownCodeSpan(value, inTableCell: true) }
            out += "| | action | check | details |\n|---|---|---|---|\n"
            for action in plan.actions {
                out += "| \(mark(action.kind)) | \(action.kind.rawValue) | \(code(action.slug)) | \(details(action, plan: plan, value: code)) |\n"
            }
            out += "\n<details><summary>Details</summary>\n\n" + Escaping.markdownCodeBlock(text(plan, color: false), info: "text")
            out += "\n</details>\n"
        }
        return out
    }

    private static func details(_ action: PlanAction, plan: Plan, value: (String) -> String) -> String {
        switch action.kind {
        case .create, .delete, .orphan, .rename, .adopt, .pause, .resume:
            let base = trailer(action, plan: plan, value: value) ?? ""
            if action.kind == .rename || action.kind == .adopt, !action.changes.isEmpty {
                return base + "; changes " + action.changes.map(\.field).joined(separator: ", ")
            }
            return base
        case .update:
            return action.changes.map { "\($0.field): \(value($0.old ?? "")) → \(value($0.new))" }.joined(separator: "; ")
        }
    }

    // MARK: json

    /// The plan document (`schemas/plan.schema.json`): what `--format json` prints and `--out` saves.
    public static func json(_ plan: Plan) -> String {
        String(decoding: PlanCodec.encode(plan), as: UTF8.self) + "\n"
    }
}

public enum PlanCodec {
    public static func encode(_ plan: Plan) -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain value types cannot fail.
        return (try? encoder.encode(plan)) ?? Data()
    }

    public enum DecodeError: Error, CustomStringConvertible {
        case invalid(String)
        case unsupportedVersion(Int)

        public var description: String {
            switch self {
            case .invalid(let why): "not a cronops plan file (\(why)); write one with `cronops plan --out PLAN.json`"
            case .unsupportedVersion(let v): "plan file format version \(v) is not supported by this cronops (it reads version \(Plan.currentFormatVersion)); plan again with this version"
            }
        }
    }

    public static func decode(_ data: Data) throws -> Plan {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let plan: Plan
        do {
            plan = try decoder.decode(Plan.self, from: data)
        } catch let error as DecodingError {
            throw DecodeError.invalid(describe(error))
        }
        guard plan.formatVersion == Plan.currentFormatVersion else { throw DecodeError.unsupportedVersion(plan.formatVersion) }
        return plan
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let ctx): "missing '\(path(ctx.codingPath + [key]))'"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx): "wrong type at '\(path(ctx.codingPath))'"
        case .dataCorrupted(let ctx): ctx.codingPath.isEmpty ? "invalid JSON" : "bad value at '\(path(ctx.codingPath))'"
        @unknown default: "unreadable"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
