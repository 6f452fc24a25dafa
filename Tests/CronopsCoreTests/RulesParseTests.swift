import CronopsTestSupport
import Testing
@testable import CronopsCore

/// `marked` is a rule with `⟨at⟩` where the error must point.
private func syntaxError(_ marked: String) -> (expected: Int?, actual: RuleSyntaxError?) {
    let rule = MarkedText(marked)
    guard case let .failure(error) = RuleExpression.parse(rule.text) else { return (rule.offset("at"), nil) }
    return (rule.offset("at"), error)
}

private func parses(_ text: String) -> Bool {
    if case .success = RuleExpression.parse(text) { return true }
    return false
}

/// The tree as a fully parenthesised string, to pin precedence.
private func shape(_ text: String) -> String {
    guard case let .success(e) = RuleExpression.parse(text) else { return "<error>" }
    func render(_ n: RuleNode) -> String {
        switch n.kind {
        case let .literal(v): return v.json
        case let .path(p): return p.description
        case let .unary(op, x): return "(\(op.rawValue) \(render(x)))"
        case let .binary(op, a, b): return "(\(render(a)) \(op.rawValue) \(render(b)))"
        case let .call(f, x): return "\(f.rawValue)(\(render(x)))"
        }
    }
    return render(e.root)
}

@Suite struct RulesParseTests {
    @Test(arguments: [
        "failed == 0", "sent == generated", "generated >= 1", "stats.sent > 0", "items[0].id != null",
        "len(items) == 3", "exists(stats.sent)", "not failed", "a and b or c", "(a + b) * 2 <= 10",
        "status == \"ok\"", "status == 'ok'", "ratio < 0.5e1", "$[\"odd key\"] == 1", "items[-1].ok == true",
        "len == 3", "exists.x == 1", "$ != null", "len($) > 0", "x == -3", "- x < 0", "  failed==0  ",
    ])
    func acceptsValidRules(_ text: String) {
        #expect(parses(text), "\(text)")
    }

    @Test func precedenceFollowsTheGrammar() {
        #expect(shape("a or b and c") == "(a or (b and c))")
        #expect(shape("not a and b") == "((not a) and b)")
        #expect(shape("not a == 1") == "(not (a == 1))")
        #expect(shape("a + b * c == d") == "((a + (b * c)) == d)")
        #expect(shape("a - b - c > 0") == "(((a - b) - c) > 0)")
        #expect(shape("a / b * c > 0") == "(((a / b) * c) > 0)")
        #expect(shape("(a or b) and c") == "((a or b) and c)")
        #expect(shape("-a * 2 < 0") == "(((- a) * 2) < 0)")
        #expect(shape("x == -3") == "(x == -3)")
        #expect(shape("items[0].id == stats[\"a b\"].c") == "(items[0].id == stats[\"a b\"].c)")
        #expect(shape("$[0] == 1") == "($[0] == 1)")
    }

    @Test func keepsTheSource() throws {
        let rule = try RuleExpression.parse("sent == generated").get()
        #expect(rule.source == "sent == generated")
        #expect(rule.description == "sent == generated")
    }

    @Test(arguments: [
        ("⟨at⟩", "empty rule"),
        ("sent ⟨at⟩= generated", "write '=='"),
        ("a ⟨at⟩&& b", "write 'and'"),
        ("a ⟨at⟩|| b", "write 'or'"),
        ("⟨at⟩!a", "write 'not'"),
        ("a ⟨at⟩=> 1", "write '>='"),
        ("failed == 0 and ⟨at⟩", "found end of rule"),
        ("failed == ⟨at⟩)", "no matching '('"),
        ("(failed == 0⟨at⟩", "close `(failed == 0`"),
        ("len(items) > (1⟨at⟩", "close `(1`, found end of rule"),
        ("sent ⟨at⟩=== generated", "'===' is not an operator; write '=='"),
        ("sent ⟨at⟩!== 1", "'!==' is not an operator; write '!='"),
        ("failed == 0 ⟨at⟩sent == 1", "join conditions with 'and' or 'or'"),
        ("a < b ⟨at⟩< c", "cannot be chained"),
        ("status == ⟨at⟩\"ok", "string is not closed"),
        ("x == \"a⟨at⟩\\q\"", "unknown escape"),
        ("⟨at⟩length(x) > 0", "unknown function 'length'"),
        ("exists(⟨at⟩1)", "exists() takes a path"),
        ("len(⟨at⟩3) > 1", "len() counts a string"),
        ("⟨at⟩sent + 1", "yields a number, not true or false"),
        ("⟨at⟩len(items)", "yields a number"),
        ("a and ⟨at⟩1", "'and' needs true or false"),
        ("not ⟨at⟩\"x\"", "'not' needs true or false"),
        ("⟨at⟩\"a\" + 1 > 0", "'+' works on numbers"),
        ("x > ⟨at⟩true", "compares numbers or strings"),
        ("1 ⟨at⟩< \"a\"", "cannot compare a number with a string"),
        ("items.⟨at⟩0 == 1", "write `[0]`"),
        ("items[⟨at⟩x] == 1", "integer index or a quoted key"),
        ("items[0 ⟨at⟩== 1", "expected ']'"),
        ("x ⟨at⟩% 2 == 0", "remainder"),
        ("⟨at⟩and == 1", "expected a value, found 'and'"),
        ("1⟨at⟩a == 1", "names cannot start with a digit"),
        ("x == ⟨at⟩#", "unexpected character '#'"),
        ("é == 1 and ⟨at⟩@", "unexpected character"),
        ("naïve_count == ⟨at⟩", "found end of rule"),
        ("\"é\" == x ⟨at⟩x", "after a complete condition"),
    ])
    func reportsSyntaxErrorsAtTheOffendingCharacter(_ marked: String, _ message: String) {
        let (expected, error) = syntaxError(marked)
        #expect(error?.offset == expected, "\(marked): \(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(marked): \(String(describing: error?.message))")
    }

    @Test func boundsNestingInsteadOfOverflowingTheStack() {
        let deep = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        guard case let .failure(error) = RuleExpression.parse(deep) else {
            Issue.record("10,000 parentheses should be refused")
            return
        }
        #expect(error.message.contains("nested deeper"))
        let nots = String(repeating: "not ", count: 10_000) + "a"
        #expect(!parses(nots))
        let minuses = String(repeating: "-", count: 10_000) + "a > 0"
        #expect(!parses(minuses))
    }

    @Test func errorOffsetsCountUnicodeScalarsLikeSourceColumns() {
        // "é" written as e + combining accent is two scalars, as a YAML column counts it.
        let (expected, error) = syntaxError("\"e\u{301}\" == ⟨at⟩=")
        #expect(error?.offset == expected)
    }
}
