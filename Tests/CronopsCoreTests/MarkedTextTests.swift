import CronopsTestSupport
import Testing
@testable import CronopsCore

/// The position markers every suite pins lines and columns with.
@Suite struct MarkedTextTests {
    @Test func markersAreRemovedAndTheirPlacesKept() {
        let m = MarkedText("⟨a⟩x: 1\n  ⟨b⟩é\u{301}⟨c⟩z\n")
        #expect(m.text == "x: 1\n  é\u{301}z\n")
        #expect(m.markers["a"] == .init(line: 1, column: 1))
        #expect(m.markers["b"] == .init(line: 2, column: 3))
        // Columns count Unicode scalars: e + combining accent is two.
        #expect(m.markers["c"] == .init(line: 2, column: 5))
        #expect(m.location("b", file: "f.yaml") == SourceLocation(file: "f.yaml", line: 2, column: 3))
        #expect(m.location("missing", file: "f.yaml") == nil)
    }

    @Test func offsetsAreForOneLineValues() {
        let m = MarkedText("sent ⟨op⟩= 1\n⟨next⟩x")
        #expect(m.offset("op") == 5)
        #expect(m.offset("next") == nil)
    }
}
