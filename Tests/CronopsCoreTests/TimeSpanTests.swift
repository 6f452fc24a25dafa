import Testing
@testable import CronopsCore

@Suite struct TimeSpanTests {
    @Test(arguments: [("90s", 90), ("15m", 900), ("1h30m", 5400), ("2d", 172_800), ("1w", 604_800), ("1w2d3h4m5s", 788_645)])
    func parses(text: String, seconds: Int) throws {
        #expect(try TimeSpan.parse(text).get().seconds == seconds)
    }

    @Test(arguments: [
        ("5 minutes", 1, "did you mean 5m?"), ("-1m", 0, "negative"), ("", 0, "empty"), ("10x", 2, "unknown unit 'x'"),
        ("1m1h", 3, "largest to smallest"), ("15", 2, "missing unit"), ("1h 30m", 2, "no spaces; write 1h30m"), ("m", 0, "expected a number"),
    ])
    func rejectsWithOffset(text: String, offset: Int, message: String) {
        guard case .failure(let error) = TimeSpan.parse(text) else { Issue.record("\(text) parsed"); return }
        #expect(error.offset == offset)
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func printsTheShortestForm() {
        #expect(TimeSpan(seconds: 5400).description == "1h30m")
        #expect(TimeSpan(seconds: 0).description == "0s")
        #expect(TimeSpan(seconds: 691_200).description == "1w1d")
    }
}

@Suite struct SuggestionsTests {
    @Test func findsCloseKeys() {
        #expect(Suggestions.closest(to: "shedule", in: KeySets.job) == "schedule")
        #expect(Suggestions.closest(to: "max_run_time", in: KeySets.job) == "max_runtime")
        #expect(Suggestions.closest(to: "Europe/Berln", in: ZoneTable.allNames) == "Europe/Berlin")
        #expect(Suggestions.closest(to: "zzzzzz", in: KeySets.job) == nil)
    }
}

@Suite struct SecretMaskTests {
    @Test func masksKeysAndSecretFields() {
        let key = "hcw_" + String(repeating: "a1", count: 14)
        #expect(SecretMask.redact("  env: \(key) # x") == "  env: ******** # x")
        #expect(SecretMask.redact("  api_key: hunter2hunter2") == "  api_key: ********")
        #expect(SecretMask.redact("hcw_short stays") == "hcw_short stays")
        // Both kinds, in either order: a read key before a write key is masked too.
        let read = "hcr_" + String(repeating: "r", count: 28), write = "hcw_" + String(repeating: "w", count: 28)
        #expect(SecretMask.redact("a \(read) b \(write) c") == "a ******** b ******** c")
        #expect(SecretMask.redact("a \(write) b \(read) c hc hcx_ hcw") == "a ******** b ******** c hc hcx_ hcw")
        // A hostile line of 200,000 short look-alikes: each search starts after the last match
        // and stops at the next, so this is linear (a search that copied or rescanned the rest
        // of the line each time would take hours here).
        let hostile = String(repeating: "hcr_ hcw_ ", count: 100_000)
        #expect(SecretMask.redact(hostile) == hostile)
        #expect(SecretMask.redact("url https://x/ping/SECRETKEY/slug", secrets: ["SECRETKEY"]) == "url https://x/ping/********/slug")
    }
}

@Suite struct ZoneTableTests {
    @Test func canonicalisesLikeTheServer() {
        #expect(ZoneTable.lookup("Europe/Berlin") == .canonical("Europe/Berlin"))
        #expect(ZoneTable.lookup("Europe/Kiev") == .legacy("Europe/Kiev", canonical: "Europe/Kyiv"))
        #expect(ZoneTable.lookup("US/Eastern") == .legacy("US/Eastern", canonical: "America/New_York"))
        #expect(ZoneTable.lookup("utc") == .unknown, "the server's names are case-sensitive")
        #expect(ZoneTable.canonical("UTC") == "UTC")
    }
}
