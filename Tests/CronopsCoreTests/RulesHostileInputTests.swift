import Testing
@testable import CronopsCore

/// Rule expressions and JSON documents built to break the evaluator: every one gets a verdict
/// or a located syntax error, never a trap or a stack overflow (the wrapper must still ping).
@Suite struct RulesHostileInputTests {
    func verdict(_ rule: String, _ json: String) throws -> RuleVerdict {
        try RuleExpression.parse(rule).get().evaluate(in: JSONParser.parse(json).get())
    }

    func runtimeError(_ rule: String, _ json: String) throws -> String {
        guard case let .error(message) = try verdict(rule, json) else {
            Issue.record("\(rule) on \(json): no error")
            return ""
        }
        return message
    }

    @Test func dividingTheSmallestIntegerByMinusOneDoesNotTrap() throws {
        // Int.min / -1 does not fit an Int, and Int.min % -1 traps in Swift.
        #expect(try verdict("n / -1 > 0", #"{"n": -9223372036854775808}"#) == .passed)
        #expect(try verdict("n / -1 == 9223372036854775808", #"{"n": -9223372036854775808}"#) == .passed)
        #expect(try verdict("n / m == n", #"{"n": -9223372036854775808, "m": 1}"#) == .passed)
        #expect(try verdict("-n > 0", #"{"n": -9223372036854775808}"#) == .passed)
    }

    @Test func arithmeticBeyondTheDoubleRangeIsAnErrorNotNaN() throws {
        // 1e308 * 10 is infinity, and infinity - infinity is NaN, which no comparison can order.
        let doc = #"{"big": 1e308, "n": 1}"#
        #expect(try runtimeError("n < big * 10 - big * 10", doc).contains("too large"))
        #expect(try runtimeError("big * 10 > 0", doc).contains("too large"))
        #expect(try runtimeError("n == 0 * (big * 10)", doc).contains("too large"))
        #expect(try runtimeError("big / 1e-308 > 0", doc).contains("too large"))
        #expect(try verdict("big * 1 == big", doc) == .passed)
    }

    @Test func numbersBeyondTheDoubleRangeAreNotJSON() {
        for text in ["1e999", "-1e400", #"{"a": [1, 2e308]}"#] {
            guard case let .failure(error) = JSONParser.parse(text) else {
                Issue.record("\(text) parsed")
                continue
            }
            #expect(error.message.contains("out of range"), "\(text): \(error.message)")
        }
        // Still fine: the largest doubles, tiny ones that round to zero, huge integers.
        #expect(JSONParser.parse("1.7976931348623157e308") == .success(.double(1.7976931348623157e308)))
        #expect(JSONParser.parse("1e-400") == .success(.double(0)))
        #expect(JSONParser.parse("123456789012345678901234567890") == .success(.double(1.2345678901234568e29)))
    }

    @Test func longChainsOfOperatorsAreRefusedNotOverflowingTheStack() {
        // A left-leaning chain is built by a loop, not by recursion, so the nesting bound on
        // parentheses did not see it; evaluating (or freeing) 100,000 levels overflowed the stack.
        for chain in [
            Array(repeating: "1", count: 100_000).joined(separator: " + ") + " > 0",
            Array(repeating: "x == 1", count: 100_000).joined(separator: " or "),
            Array(repeating: "flag", count: 100_000).joined(separator: " and "),
        ] {
            guard case let .failure(error) = RuleExpression.parse(chain) else {
                Issue.record("a 100,000-term chain parsed")
                continue
            }
            #expect(error.message.contains("split it"), "\(error.message)")
            // Located at the operator that made it too deep, inside the text.
            #expect(error.offset > 0 && error.offset < chain.unicodeScalars.count)
        }
    }

    @Test func theDeepestAcceptedRuleEvaluates() throws {
        // As deep as the limit allows, both ways: a chain and nested parentheses with chains.
        // n terms take n - 1 '+', and the comparison is one level more.
        let chain = Array(repeating: "n", count: RuleParser.maxHeight - 1).joined(separator: " + ") + " > 0"
        #expect(try verdict(chain, #"{"n": 1}"#) == .passed)
        let tooLong = Array(repeating: "n", count: RuleParser.maxHeight).joined(separator: " + ") + " > 0"
        #expect(throws: RuleSyntaxError.self) { try RuleExpression.parse(tooLong).get() }
        var nested = "n"
        for _ in 0..<60 { nested = "(" + nested + " + n + n + n + n + n)" }
        #expect(throws: RuleSyntaxError.self) { try RuleExpression.parse(nested + " > 0").get() }
    }

    @Test func objectsWithRepeatedKeysEqualThemselves() throws {
        // A repeated key keeps its last value (as lookups do), so an object equals itself and
        // any object with the same keys and last values.
        let twice = try JSONParser.parse(#"{"a": 1, "a": 2, "b": 3}"#).get()
        #expect(twice == twice)
        #expect(twice == (try JSONParser.parse(#"{"b": 3, "a": 2}"#).get()))
        #expect(twice != (try JSONParser.parse(#"{"a": 1, "b": 3}"#).get()))
        #expect(twice != (try JSONParser.parse(#"{"a": 2}"#).get()))
        #expect(try verdict("$ == $", #"{"a": 1, "a": 2}"#) == .passed)
    }
}
