import Foundation
@testable import CronopsMonitor
import Testing

/// `CheckListDTO.decode`, what `listChecks` reads a `GET checks/` body with: the fast scanner,
/// else JSONDecoder. Whichever reads it, the checks are JSONDecoder's.
@Suite struct CheckListDecodeTests {
    static func reference(_ text: String) throws -> [CheckDTO] {
        try JSONDecoder().decode(CheckListDTO.self, from: Data(text.utf8)).checks
    }

    @Test(arguments: [
        // Found by the check-list fuzzer: the scanner kept the last "channels", JSONDecoder the first.
        #"{"checks": [{"name": "r", "slug": "r", "tags": "", "desc": "", "grace": 600, "uuid": "u", "channels": "a-b", "x": 1, "channels": ""}]}"#,
        #"{"checks": [{"name": "r", "slug": "r", "tags": "", "desc": "", "grace": 60, "grace": 120}]}"#,
        #"{"checks": [{"name": "r", "name": "s", "slug": "r", "tags": "", "desc": "", "grace": 60}]}"#,
        #"{"checks": [], "checks": [{"name": "r", "slug": "r", "tags": "", "desc": "", "grace": 60}]}"#,
    ])
    func aRepeatedMemberIsReadAsJSONDecoderReadsIt(_ text: String) throws {
        #expect(try CheckListDTO.decode(Data(text.utf8)) == Self.reference(text))
    }

    @Test func theScannerLeavesRepeatedMembersToJSONDecoder() {
        let text = #"{"checks": [{"name": "r", "slug": "r", "tags": "", "desc": "", "grace": 60, "grace": 120}]}"#
        #expect(throws: (any Error).self) { try CheckListScanner.parse(Data(text.utf8)) }
    }

    @Test func aBodyThatIsNotACheckListIsAnError() {
        #expect(throws: (any Error).self) { try CheckListDTO.decode(Data(#"{"checks": [{"name": 1}]}"#.utf8)) }
    }
}
