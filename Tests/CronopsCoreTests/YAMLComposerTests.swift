import CronopsTestSupport
import Testing
@testable import CronopsCore

@Suite struct YAMLComposerTests {
    func compose(_ text: String, limits: YAMLLimits = YAMLLimits()) -> (YAMLDocument, Diagnostics) {
        var d = Diagnostics()
        let doc = YAMLComposer.compose(text, file: "f.yaml", limits: limits, diagnostics: &d)
        return (doc, d)
    }

    func node(_ doc: YAMLDocument) -> YAMLNode? {
        if case .node(let n) = doc { return n }
        return nil
    }

    @Test func nodesCarryOneBasedMarks() throws {
        let m = MarkedText("⟨a⟩a:\n  b: ⟨quote⟩'⟨x⟩x'\n  c: [⟨1⟩1, ⟨two⟩two]\n")
        let (doc, d) = compose(m.text)
        #expect(d.all.isEmpty)
        guard case .mapping(let top)? = node(doc)?.kind, case .mapping(let inner) = top[0].value.kind else {
            Issue.record("expected nested maps"); return
        }
        #expect(top[0].key.location == m.location("a", file: "f.yaml"))
        #expect(inner[0].value.location == m.location("quote", file: "f.yaml"))
        #expect(inner[0].value.valueLocation == m.location("x", file: "f.yaml"), "a quoted value's text starts after the quote")
        guard case .sequence(let items) = inner[1].value.kind else { Issue.record("expected a list"); return }
        #expect(items.map(\.location) == [m.location("1", file: "f.yaml"), m.location("two", file: "f.yaml")])
    }

    @Test func scalarsResolveLikeTheCoreSchema() {
        #expect(YAMLScalar("123").resolved == .int(123))
        #expect(YAMLScalar("123", style: .doubleQuoted).resolved == .string("123"))
        #expect(YAMLScalar("true").resolved == .bool(true))
        #expect(YAMLScalar("~").resolved == .null)
        #expect(YAMLScalar("1.5").resolved == .float(1.5))
        #expect(YAMLScalar("5 minutes").resolved == .string("5 minutes"))
        #expect(YAMLScalar("-1m").resolved == .string("-1m"))
        #expect(YAMLScalar("12", tag: "tag:yaml.org,2002:str").resolved == .string("12"))
    }

    @Test func everyDuplicateKeyIsReportedWithBothPlaces() {
        let m = MarkedText("a: 1\n⟨b1⟩b: 2\n⟨b2⟩b: 3\nc:\n  ⟨x1⟩x: 1\n  ⟨x2⟩x: 2\n")
        let (doc, d) = compose(m.text)
        #expect(node(doc) != nil, "duplicates are reported, not fatal")
        let dups = d.all.filter { $0.code == "E003" }
        #expect(dups.count == 2)
        #expect(dups.map(\.location) == [m.location("b2", file: "f.yaml"), m.location("x2", file: "f.yaml")])
        #expect(dups.map { $0.notes.first?.location } == [m.location("b1", file: "f.yaml"), m.location("x1", file: "f.yaml")])
    }

    @Test func syntaxErrorIsLocated() {
        let m = MarkedText("a: [1, 2\n⟨next⟩b: 3\n")
        let (doc, d) = compose(m.text)
        guard case .invalid = doc else { Issue.record("expected invalid"); return }
        #expect(d.all.count == 1)
        #expect(d.all[0].code == "E001")
        #expect(d.all[0].location?.line == m.markers["next"]?.line, "the unclosed list is noticed on the next line")
    }

    /// libyaml's reader refuses a control character before any token exists, with a byte
    /// offset rather than a mark: the diagnostic still points at the character itself.
    @Test(arguments: [("\u{1B}", "U+001B"), ("\u{07}", "U+0007"), ("\u{7F}", "U+007F"), ("\u{85}x\u{9B}", "U+009B")])
    func aControlCharacterIsLocatedWhereItIs(_ bad: String, _ named: String) {
        let m = MarkedText("jobs:\n  - name: é\n    schedule: \"x\" # ⟨c⟩\(bad)[31m\n")
        let (doc, d) = compose(m.text)
        guard case .invalid = doc else { Issue.record("expected the file to be refused"); return }
        let located = bad.hasPrefix("\u{85}") ? m.location("c", file: "f.yaml").map { l in
            CronopsCore.SourceLocation(file: "f.yaml", line: l.line, column: l.column + 2)
        } : m.location("c", file: "f.yaml")
        #expect(d.all.map(\.location) == [located])
        #expect(d.all.first?.message.contains("control characters are not allowed (\(named) here") == true, "\(d.all.first?.message ?? "")")
    }

    @Test func tabIndentationHasItsOwnMessage() {
        let m = MarkedText("a:\n⟨tab⟩\tb: 1\n")
        let (_, d) = compose(m.text)
        #expect(d.all.map(\.code) == ["E002"])
        #expect(d.all[0].location == m.location("tab", file: "f.yaml"))
    }

    @Test func billionLaughsStopsAtTheExpansionBudget() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = Array("abcdefghij")
        for i in 1..<names.count {
            let p = names[i - 1]
            text += "\(names[i]): &\(names[i]) [" + Array(repeating: "*\(p)", count: 9).joined(separator: ",") + "]\n"
        }
        let clock = ContinuousClock()
        var d = Diagnostics()
        var result: YAMLDocument = .empty
        let elapsed = clock.measure { result = YAMLComposer.compose(text, file: "f.yaml", diagnostics: &d) }
        guard case .invalid = result else { Issue.record("expected refusal"); return }
        #expect(d.all.map(\.code) == ["E009"])
        // A sanity bound, not a benchmark: an unbounded expansion would take minutes and gigabytes.
        #expect(elapsed < .seconds(5))
    }

    @Test func aliasesWithinBudgetExpand() {
        let (doc, d) = compose("base: &b { x: 1 }\nuse: *b\n")
        #expect(d.all.isEmpty)
        guard case .mapping(let pairs)? = node(doc)?.kind, case .mapping(let used) = pairs[1].value.kind else {
            Issue.record("expected the alias to expand"); return
        }
        #expect(used.first?.key.scalar?.text == "x")
    }

    @Test func mergeKeysAddWhatTheMapDoesNotSet() {
        let (doc, d) = compose("base: &b { x: 1, y: 2 }\nuse:\n  <<: *b\n  y: 3\n")
        #expect(d.all.isEmpty)
        guard case .mapping(let pairs)? = node(doc)?.kind, case .mapping(let used) = pairs[1].value.kind else {
            Issue.record("expected a map"); return
        }
        let values = Dictionary(uniqueKeysWithValues: used.map { ($0.key.scalar!.text, $0.value.scalar!.text) })
        #expect(values == ["x": "1", "y": "3"])
    }

    @Test(arguments: [10_000, 65])
    func deepNestingIsRefused(depth: Int) {
        let text = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let (doc, d) = compose(text)
        guard case .invalid = doc else { Issue.record("expected refusal"); return }
        #expect(d.all.map(\.code) == ["E008"])
    }

    @Test func nestingUpToTheLimitIsFine() {
        let depth = YAMLLimits().maxDepth - 1
        let text = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let (doc, d) = compose(text)
        #expect(d.all.isEmpty)
        #expect(node(doc) != nil)
    }

    /// `a: ` then `depth` opening brackets, a long string inside the innermost one (so libyaml's
    /// scanner looks ahead past the brackets before the first event), then the closing ones.
    func deepFlow(_ depth: Int, padding: Int = 1_100) -> String {
        "a: " + String(repeating: "[", count: depth) + "'" + String(repeating: "x", count: padding) + "'"
            + String(repeating: "]", count: depth) + "\n"
    }

    /// The first bracket past the limit is the one reported, however long the line: libyaml's
    /// look-ahead on a long line must not move the diagnostic to the first bracket.
    @Test func nestingErrorPointsAtTheFirstLevelPastTheLimit() {
        let limit = YAMLLimits().maxDepth
        let (doc, d) = compose(deepFlow(300))
        guard case .invalid = doc else { Issue.record("expected refusal"); return }
        #expect(d.all.map(\.code) == ["E008"])
        // Column 4 holds the first bracket, at depth 2 (the top-level map is depth 1).
        #expect(d.all.first?.location?.column == 4 + limit - 1)
    }

    /// Each call's limit is its own: libyaml's nesting limit is one process-wide variable, so
    /// a composer that set it per call would let parallel workers with different limits
    /// change each other's (and race on it, which ThreadSanitizer reports).
    @Test func limitsOfParallelCallsDoNotMix() {
        let tight = { var limits = YAMLLimits(); limits.maxDepth = 8; return limits }()
        let text = deepFlow(30)
        let codes = parallelMap(64) { i -> [String] in
            var d = Diagnostics()
            _ = YAMLComposer.compose(text, file: "f.yaml", limits: i % 2 == 0 ? tight : YAMLLimits(), diagnostics: &d)
            return d.all.map(\.code)
        }
        #expect(codes == (0..<64).map { $0 % 2 == 0 ? ["E008"] : [] })
    }

    @Test func secondDocumentIsAnError() {
        let m = MarkedText("a: 1\n⟨second⟩---\nb: 2\n")
        let (_, d) = compose(m.text)
        #expect(d.all.map(\.code) == ["E006"])
        #expect(d.all[0].location?.line == m.markers["second"]?.line)
    }

    @Test func undefinedAliasIsLocated() {
        let m = MarkedText("a: 1\nb: ⟨alias⟩*nope\n")
        let (_, d) = compose(m.text)
        #expect(d.all.map(\.code) == ["E007"])
        #expect(d.all[0].location == m.location("alias", file: "f.yaml"))
    }

    @Test func emptyAndCommentOnlyStreamsHaveNoDocument() {
        for text in ["", "# nothing\n   \n# here\n"] {
            let (doc, d) = compose(text)
            guard case .empty = doc else { Issue.record("expected empty for \(text.debugDescription)"); continue }
            #expect(d.all.isEmpty)
        }
    }

    @Test func invalidUTF8IsLocatedAtTheFirstBadByte() {
        var d = Diagnostics()
        let bytes = Array("a: ok\nb: caf".utf8) + [0xE9, 0x20, 0xFF] + Array("\n".utf8)
        #expect(SourceDecoding.decode(bytes, file: "f.yaml", diagnostics: &d) == nil)
        #expect(d.all.map(\.code) == ["E004"])
        #expect(d.all[0].location == CronopsCore.SourceLocation(file: "f.yaml", line: 2, column: 7))
    }

    @Test func nulByteIsRefused() {
        var d = Diagnostics()
        let m = MarkedText("a: b⟨nul⟩\0c\n")
        #expect(SourceDecoding.decode(Array(m.text.utf8), file: "f.yaml", diagnostics: &d) == nil)
        #expect(d.all.map(\.code) == ["E005"])
        #expect(d.all[0].location == m.location("nul", file: "f.yaml"))
    }
}
