import Foundation
@testable import CronopsMonitor
import Testing

/// The fast list reader must agree with JSONDecoder on everything the server sends.
@Suite struct CheckListScannerTests {
    func both(_ data: Data) throws -> ([CheckDTO], [CheckDTO]) {
        (try CheckListScanner.parse(data), try JSONDecoder().decode(CheckListDTO.self, from: data).checks)
    }

    @Test(arguments: ["list-checks.json", "list-checks-readonly.json", "list-checks-slug.json"])
    func agreesWithJSONDecoderOnRecordedLists(_ name: String) throws {
        let (fast, reference) = try both(try Kit.fixture(name))
        #expect(!fast.isEmpty)
        #expect(fast == reference)
    }

    @Test func decodesEscapesAndUnicode() throws {
        let text = #"{"checks": [{"name": "caf\u00e9 \ud83d\ude00 \"q\" a\/b", "slug": "s", "tags": "t", "desc": "line1\nline2\ttab \\", "grace": 60, "timeout": 86400, "extra": {"deep": [1, 2.5e3, null, true, false, "x"]}, "last_ping": null}], "more": []}"#
        let (fast, reference) = try both(Data(text.utf8))
        #expect(fast == reference)
        #expect(fast[0].name == "café 😀 \"q\" a/b")
        #expect(fast[0].desc == "line1\nline2\ttab \\")
    }

    @Test(arguments: [
        #"{"checks": [{"name": "a", "slug": "s", "tags": "", "desc": "", "grace": 60.0}]}"#,  // not an integer
        #"{"checks": [{"name": "a", "slug": "s", "tags": "", "desc": ""}]}"#,  // grace missing
        #"{"checks": [{"name": "a""#,  // truncated
        #"{"checks": []} x"#,  // trailing garbage
        #"{"other": []}"#,
    ])
    func refusesWhatIsNotACheckList(_ text: String) {
        #expect(throws: (any Error).self) { try CheckListScanner.parse(Data(text.utf8)) }
    }
}
