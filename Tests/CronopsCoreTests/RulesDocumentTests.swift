import Testing
@testable import CronopsCore

private func select(_ text: String, complete: Bool = true) -> Result<RuleDocument, RuleDocumentError> {
    RuleDocument.select(from: Array(text.utf8), complete: complete)
}

@Suite struct RulesDocumentTests {
    @Test func theWholeStdoutWhenItIsOneJSONValue() throws {
        let doc = try select("{\n  \"sent\": 3,\n  \"nested\": {\"a\": 1}\n}\n").get()
        #expect(doc.origin == .whole)
        #expect(doc.value.member("sent") == .int(3))
        #expect(try select("[1, 2]").get().origin == .whole)
    }

    @Test func theLastJSONObjectLineAfterALog() throws {
        let out = """
        Generating invoices...
        {"progress": 1}
        Generated: 3
        {"generated": 3, "sent": 0, "failed": 3}\r
        done.

        """
        let doc = try select(out).get()
        #expect(doc.origin == .line(4))
        #expect(doc.value.member("sent") == .int(0))
        #expect(doc.originDescription == "stdout line 4")
    }

    @Test func skipsLinesThatOnlyLookLikeJSON() throws {
        let doc = try select("{\"a\": 1}\n{'python': 'dict'}\n").get()
        #expect(doc.origin == .line(1))
    }

    @Test func explainsWhenThereIsNoJSON() {
        guard case let .failure(e1) = select("") else { Issue.record("empty"); return }
        #expect(e1.message.contains("stdout is empty"))
        guard case let .failure(e2) = select("hello\n{'a': 1}\n") else { Issue.record("no json"); return }
        #expect(e2.message.contains("no line of it is a JSON object"))
        #expect(e2.message.contains("line 2 looks like one but is not valid JSON"))
    }

    @Test func truncatedStdoutOnlyUsesCompleteLinesOfTheKeptEnd() throws {
        // The kept end starts mid-line: that fragment must not count, even if it parses.
        let kept = "{\"partial\": 1}\nlog\n{\"sent\": 2}\n"
        let doc = try select(kept, complete: false).get()
        #expect(doc.value.member("sent") == .int(2))
        guard case .failure = select("{\"partial\": 1}\nlog\n", complete: false) else {
            Issue.record("the cut first line must be ignored")
            return
        }
        #expect(try select("{\"a\": 1}", complete: true).get().origin == .whole)
    }
}
