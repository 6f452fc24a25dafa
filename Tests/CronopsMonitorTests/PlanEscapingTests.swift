import CronopsCore
@testable import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// A plan whose values a fork's pull request (job description, route channel names) and the
/// server (check names, slugs, descriptions) wrote to do harm, in every format it is shown.
@Suite struct PlanEscapingTests {
    typealias F = HealthchecksFixtureSpec
    static let tag = "cronops:acme-prod"
    static let evilChannel = "<b>x</b> | `y`"
    static let evilDescription = "</details>\n````\n<!-- @octocat #1 [x](http://evil) ::error::x %0A\r\u{1B}[31m"
    static let evilName = "<script>alert(1)</script>|\u{1B}[2J"
    static let evilSlug = "gone`|<i>"

    static func plan() -> Plan {
        let email = "0109c4ac-9ef0-5bc4-bcad-3476c5aa761b", evil = "c3e42719-dd34-5c97-9602-78e4f06cddf7"
        let directory = ChannelDirectory.listed([
            RemoteChannel(id: email, name: "ops-email", kind: "email"),
            RemoteChannel(id: evil, name: evilChannel, kind: "slack"),
        ])
        let routes = [
            Route(name: "evil", channels: [evilChannel], location: SourceLocation(file: "repo/cronops.yaml", line: 12, column: 3)),
            Route(name: "ops", channels: ["ops-email"], location: SourceLocation(file: "repo/cronops.yaml", line: 13, column: 3)),
        ]
        let jobs = [
            F.job("fresh", alerts: ["evil", "ops"], description: evilDescription),
            F.job("steady", alerts: ["evil"], description: evilDescription),
        ]
        let checks = [
            RemoteCheck(id: "11111111-1111-4111-8111-111111111111", name: evilName, slug: "steady", tags: tag,
                        desc: "Managed by cronops from jobs/main.yaml", grace: 900, schedule: "0 1 * * *", tz: "UTC", channels: email),
            RemoteCheck(id: "22222222-2222-4222-8222-222222222222", name: "gone", slug: evilSlug, tags: tag, desc: "",
                        grace: 900, schedule: "0 1 * * *", tz: "UTC", channels: ""),
        ]
        var diagnostics = Diagnostics()
        let plan = Planner.plan(spec: F.spec(jobs: jobs, routes: routes), state: ServerState(checks: checks, channels: directory),
                                provider: "healthchecks", target: "https://hc.example/api/v3/", prune: true, diagnostics: &diagnostics)
        #expect(diagnostics.all.isEmpty, "\(diagnostics.all)")
        #expect(plan.actions.map(\.kind) == [.create, .update, .delete])
        return plan
    }

    @Test func markdownShowsEveryValueAsCodeAndNothingAsMarkup() {
        let markdown = PlanRenderer.markdown(Self.plan())
        let lines = markdown.components(separatedBy: "\n")
        // The table: one row per action, each with exactly its four cells.
        let rows = lines.filter { $0.hasPrefix("| ") && !$0.hasPrefix("| | action") }
        #expect(rows.count == 3)
        for row in rows { #expect(MiniMarkdown.cellSeparators(row) == 5, "\(row)") }
        let create = MiniMarkdown.codeSpans(in: rows[0], inTable: true)
        #expect(create.contains("[\(Self.evilChannel), ops-email]"))
        let update = MiniMarkdown.codeSpans(in: rows[1], inTable: true)
        #expect(update.contains(Escaping.jsonString(Self.evilName)))
        #expect(update.contains { $0.hasPrefix(Escaping.jsonString(Self.evilDescription).dropLast()) })
        #expect(MiniMarkdown.codeSpans(in: rows[2], inTable: true).first == Self.evilSlug)

        // The folded text plan: the fence is longer than any backtick run, so nothing inside
        // closes it, and `</details>` inside is text.
        let open = lines.firstIndex { $0.hasPrefix("```") && $0.hasSuffix("text") }!
        let fence = String(lines[open].prefix { $0 == "`" })
        let close = lines[(open + 1)...].firstIndex { $0 == fence }!
        #expect(lines[(open + 1)..<close].allSatisfy { !$0.trimmingCharacters(in: .whitespaces).hasPrefix(fence) })
        #expect(lines[close + 2] == "</details>" && close + 4 == lines.count)

        // Outside code: no HTML but the comment's own, no link, mention, or raw control character.
        let outside = (lines[..<open] + lines[(close + 1)...]).map(MiniMarkdown.outsideCodeSpans).joined(separator: "\n")
        let tags = outside.components(separatedBy: "<").dropFirst().map { String($0.prefix { $0 != ">" }) }
        #expect(Set(tags).isSubset(of: ["details", "summary", "/summary", "/details"]), "\(tags)")
        for needle in ["@octocat", "](", "<!--", "::error", "\u{1B}", "\r"] { #expect(!outside.contains(needle), "\(needle)") }
    }

    @Test func textShowsControlCharactersInsteadOfSendingThem() {
        let text = PlanRenderer.text(Self.plan(), color: false)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
        #expect(text.contains(#"\u001b[2J"#))  // the server's name, quoted and escaped
        #expect(text.contains(Self.evilSlug))
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("  ") || $0.hasPrefix("Plan: ") })  // no value added a line
    }

    @Test func jsonRoundTripsEveryValue() throws {
        let plan = Self.plan()
        let decoded = try PlanCodec.decode(Data(PlanRenderer.json(plan).utf8))
        #expect(decoded == plan)
        #expect(decoded.actions[0].fields?.desc?.hasPrefix(Self.evilDescription) == true)
    }

    @Test func diagnosticsInTextGithubAndJSONFormats() throws {
        let at = SourceLocation(file: "jobs/a,b:c%.yaml", line: 3, column: 5)
        let diagnostics = Hostile.values.map { Diagnostic.error("E202", "route names channel '\($0)'", at: at,
                                                                 notes: [DiagnosticNote($0, at: at)], fixIt: $0) }
        let renderer = DiagnosticRenderer(sources: SourceMap())
        let github = renderer.render(diagnostics, format: .github)
        let annotations = github.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(annotations.count == diagnostics.count)  // one line each, whatever the message holds
        for line in annotations {
            #expect(line.hasPrefix("::error file=jobs/a%2Cb%3Ac%25.yaml,line=3,col=5,title=cronops E202::"))
            #expect(!line.contains("\r"))
        }

        let text = renderer.render(diagnostics, format: .text)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
        #expect(text.split(separator: "\n").count == 3 * diagnostics.count)  // header, fix-it, note: no value adds a line

        let json = try JSONSerialization.jsonObject(with: Data(renderer.render(diagnostics, format: .json).utf8)) as? [String: Any]
        let decoded = json?["diagnostics"] as? [[String: Any]] ?? []
        #expect(decoded.compactMap { $0["fix_it"] as? String } == Hostile.values)
        #expect(decoded.compactMap { $0["file"] as? String }.allSatisfy { $0 == at.file })
    }
}
