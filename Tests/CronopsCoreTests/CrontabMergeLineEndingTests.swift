import Testing
@testable import CronopsCore

/// `--merge` on crontabs with Windows line endings (an editor's doing). Swift takes "\r\n" as
/// one Character, so a split on the Character "\n" did not see those lines at all: the block was
/// never found and every merge appended another one.
@Suite struct CrontabMergeLineEndingTests {
    typealias S = CrontabSample

    static let host = S.host(format: .crontab)
    static var fragment: CrontabFragment { S.fragment(S.spec(jobs: [S.job("a")], hosts: [host])) }

    static func merge(_ existing: String) -> String? {
        CrontabMerge.merge(existing: existing, fragment: fragment, host: host, project: "acme-prod", file: "my.crontab").text
    }

    static func blocks(in text: String) -> Int {
        text.unicodeScalars.split(separator: "\n").count { Substring($0).hasPrefix("# BEGIN cronops acme-prod") }
    }

    @Test func replacesABlockBetweenCRLFLines() throws {
        let before = "MAILTO=me@example.com\r\n0 5 * * * a\r\n"
        let after = "0 6 * * * b\r\n"
        let existing = before + "# BEGIN cronops acme-prod\r\nold\r\n# END cronops acme-prod\r\n" + after
        let merged = try #require(Self.merge(existing))
        #expect(Self.blocks(in: merged) == 1)
        #expect(!merged.contains("old"))
        #expect(merged.hasPrefix(before))
        #expect(merged.hasSuffix(after))
        #expect(Self.merge(merged) == merged)
    }

    @Test func mergingTwiceChangesNothingAfterALineEndingInCR() throws {
        // Found by the merge fuzzer: the last line ends in "\r" without "\n", so the block's
        // "\n" joined it into one "\r\n" Character and the next merge lost the block's start.
        let existing = "0 5 * * * /bac\nkup.\0\r"
        let once = try #require(Self.merge(existing))
        #expect(once.hasPrefix(existing + "\n# BEGIN cronops acme-prod\n"))
        #expect(Self.merge(once) == once)
    }

    @Test func keepsTheBytesOfACRLFFileWithoutABlock() throws {
        let existing = "0 5 * * * a\r\n"
        let merged = try #require(Self.merge(existing))
        #expect(merged.hasPrefix(existing + "# BEGIN cronops acme-prod\n"))
        #expect(Self.merge(merged) == merged)
    }
}
