import Testing
@testable import CronopsCore

private let incident: JSONValue = try! JSONParser.parse(#"{"generated": 3, "sent": 0, "failed": 3}"#).get()
private let report: JSONValue = try! JSONParser.parse(#"""
{"status": "ok", "ratio": 0.75, "sent": "3", "count": 3, "empty": null, "flag": true,
 "stats": {"sent": 5, "errors": 0}, "items": [{"id": 7}, {"id": 8}], "name": "héllo",
 "odd key": 1, "not": 2, "len": 4, "big": 9223372036854775807}
"""#).get()

private func verdict(_ rule: String, _ doc: JSONValue = report) -> RuleVerdict {
    switch RuleExpression.parse(rule) {
    case let .success(e): return e.evaluate(in: doc)
    case let .failure(error): return .error("SYNTAX: \(error)")
    }
}

private func errorMessage(_ rule: String, _ doc: JSONValue = report) -> String {
    if case let .error(message) = verdict(rule, doc) { return message }
    return "<no error: \(verdict(rule, doc))>"
}

@Suite struct RulesEvaluateTests {
    @Test func theInvoiceIncidentFailsWithTheValuesShown() {
        #expect(verdict("sent == generated", incident) == .failed("sent = 0, generated = 3"))
        #expect(verdict("failed == 0", incident) == .failed("failed = 3"))
        #expect(verdict("generated >= 1", incident) == .passed)
    }

    @Test(arguments: [
        "status == \"ok\"", "status != 'bad'", "ratio < 1", "ratio == 0.75", "count == 3.0", "count * 2 == 6",
        "stats.sent > stats.errors", "items[0].id == 7", "items[-1].id == 8", "len(items) == 2",
        "len(name) == 5", "len(stats) == 2", "exists(stats.sent)", "not exists(stats.missing)",
        "exists(empty)", "empty == null", "flag", "flag == true", "not (flag == false)",
        "$[\"odd key\"] == 1", "$[\"not\"] == 2", "len == 4", "status < \"zzz\"", "7 / 2 == 3.5",
        "6 / 3 == 2", "count - 5 == -2", "-count == -3", "big + 1 > big", "sent == \"3\"", "sent != 3",
        "exists(x) and x > 0 or true", "flag or missing > 0", "not (not flag and missing)", "items == items",
        "stats == stats", "len($) > 3", "exists(items[1])", "not exists(items[2])", "not exists(status.x)",
        "(1 + 2) * 3 == 9", "1 + 2 * 3 == 7",
    ])
    func passes(_ rule: String) {
        #expect(verdict(rule) == .passed, "\(rule)")
    }

    @Test(arguments: [
        ("status == \"bad\"", "status = \"ok\""),
        ("count > 3", "count = 3"),
        ("stats.sent < 1 and stats.errors == 0", "stats.sent = 5"),
        ("len(items) > 5", "items = [{\"id\":7},{\"id\":8}]"),
        ("1 > 2", "false"),
    ])
    func failsWithWhatItSaw(_ rule: String, _ shown: String) {
        #expect(verdict(rule) == .failed(shown))
    }

    @Test(arguments: [
        ("sent > 2", "`sent` is a string (\"3\"), cannot compare with a number"),
        ("count < sent", "`sent` is a string (\"3\"), cannot compare with a number (`count` is 3)"),
        ("stats.sent2 == 1", "`stats.sent2` does not exist: `stats` has no member \"sent2\" (it has sent, errors)"),
        ("missing == 1", "`missing` does not exist: the JSON object has no member \"missing\""),
        ("items[5].id == 1", "`items[5].id` does not exist: `items` has 2 elements"),
        ("status.code == 1", "`status.code` does not exist: `status` is a string (\"ok\"), not an object"),
        ("stats[0] == 1", "`stats` is an object"),
        ("count / stats.errors > 1", "division by zero in `count / stats.errors` (`stats.errors` is 0)"),
        ("count / 0 > 1", "division by zero"),
        ("status + 1 > 0", "`status` is a string (\"ok\"), '+' needs a number"),
        ("status and flag", "'and' needs true or false, but `status` is a string"),
        ("not count", "'not' needs true or false, but `count` is a number (3)"),
        ("len(count) > 0", "len() counts a string, array or object, but `count` is a number"),
        ("count", "the rule yields a number (3), not true or false"),
        ("flag < true or 1 < 2", "SYNTAX"),
        ("empty < 1", "`empty` is null (null), cannot compare with a number"),
    ])
    func reportsRuntimeErrorsClearly(_ rule: String, _ message: String) {
        #expect(errorMessage(rule).contains(message), "\(rule): \(errorMessage(rule))")
    }

    @Test func missingPathInsideExistsIsNotAnError() {
        #expect(verdict("exists(a.b.c)", .object([])) == .failed("false"))
        #expect(verdict("exists(a[3])", .object([("a", .array([]))])) == .failed("false"))
    }

    @Test func arithmeticOverflowFallsBackToDecimals() {
        #expect(verdict("big * 2 > big") == .passed)
    }

    @Test func documentCanBeAnArray() {
        let doc = try! JSONParser.parse("[1, 2, 3]").get()
        #expect(verdict("len($) == 3 and $[0] == 1", doc) == .passed)
        #expect(errorMessage("x == 1", doc).contains("the JSON document is an array"))
    }
}
