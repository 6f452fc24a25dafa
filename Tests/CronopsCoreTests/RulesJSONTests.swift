import Testing
@testable import CronopsCore

@Suite struct RulesJSONTests {
    private func parse(_ text: String) -> JSONValue? { try? JSONParser.parse(text).get() }

    @Test func keepsIntegersAndDecimalsApart() {
        #expect(parse("3") == .int(3))
        #expect(parse("-0") == .int(0))
        #expect(parse("3.0") == .double(3))
        if case .double = parse("3.0") {} else { Issue.record("3.0 must stay a decimal") }
        #expect(parse("1e3") == .double(1000))
        #expect(parse("9223372036854775807") == .int(Int.max))
        // Beyond 64 bits: a double, not a crash or a wrapped integer.
        #expect(parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test func parsesStructuresInOrder() throws {
        let value = try #require(parse(#" {"a": [1, true, null, "x\n\u00e9\ud83d\ude00"], "b": {}} "#))
        #expect(value.member("a") == .array([.int(1), .bool(true), .null, .string("x\né😀")]))
        #expect(value.member("b") == .object([]))
        #expect(value.json == #"{"a":[1,true,null,"x\né😀"],"b":{}}"#)
    }

    @Test func repeatedKeysKeepTheLastValue() {
        #expect(parse(#"{"a": 1, "a": 2}"#)?.member("a") == .int(2))
    }

    @Test func numbersCompareAcrossIntAndDouble() {
        #expect(JSONValue.int(1) == .double(1.0))
        #expect(JSONValue.int(1) != .string("1"))
    }

    @Test(arguments: [
        ("", "found end of input"),
        ("{", "expected a member name"),
        ("{\"a\" 1}", "expected ':'"),
        ("[1,]", "expected a JSON value"),
        ("[1 2]", "expected ',' or ']'"),
        ("01", "leading zeros"),
        ("\"abc", "unterminated string"),
        ("\"a\u{01}\"", "control character"),
        ("\"\\x\"", "invalid escape"),
        ("\"\\ud800\"", "lone UTF-16 surrogate"),
        ("tru", "invalid literal"),
        ("{} x", "after the JSON value"),
        ("'a'", "expected a JSON value"),
        ("1.", "expected a digit after '.'"),
    ])
    func reportsInvalidJSON(_ text: String, _ message: String) {
        guard case let .failure(error) = JSONParser.parse(text) else {
            Issue.record("\(text) should not parse")
            return
        }
        #expect(error.message.contains(message), "\(text): \(error)")
    }

    @Test func rejectsInvalidUTF8InStrings() {
        let bytes: [UInt8] = [0x22, 0xFF, 0xFE, 0x22]
        guard case let .failure(error) = JSONParser.parse(bytes) else {
            Issue.record("invalid UTF-8 must be refused")
            return
        }
        #expect(error.message.contains("UTF-8"))
    }

    @Test func boundsNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case let .failure(error) = JSONParser.parse(deep) else {
            Issue.record("100,000-deep nesting must be refused")
            return
        }
        #expect(error.message.contains("nested deeper than 512"))
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(parse(ok) != nil)
    }
}
