import Foundation
import Testing
@testable import CronopsCore

/// Replays the cronsim 2.7 corpus (scripts/generate-cronsim-corpus.py): every instant must
/// match, and every expression cronsim or Healthchecks rejects must be rejected, naming the
/// same field.
@Suite struct ScheduleCorpusTests {
    struct Corpus: Decodable {
        var cronsim: String
        var tzdata: String
        var cases: [Case]
    }

    struct Case: Decodable {
        var expr: String
        var tz: String?
        var start: Double?
        var next: [Int64]?
        var stop: Bool?
        var expands: String?
        var error: String?
        var explain: String?
    }

    static func corpus(_ name: String) throws -> Corpus {
        let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let data = try Data(contentsOf: dir.appendingPathComponent("cronsim/\(name).json"))
        return try JSONDecoder().decode(Corpus.self, from: data)
    }

    @Test(arguments: ["dst", "extensions", "random"])
    func validCasesMatchCronsim(file: String) throws {
        let corpus = try Self.corpus(file)
        #expect(corpus.cronsim == "2.7")
        #expect(corpus.cases.count > 600)
        var failures: [String] = []
        for c in corpus.cases {
            let parsed = CronSchedule.parse(c.expr)
            guard case let .success(s) = parsed else {
                failures.append("\(c.expr.debugDescription): rejected: \(parsed)")
                continue
            }
            if let e = c.expands, s.expression != e { failures.append("\(c.expr) expands to \(s.expression), not \(e)") }
            if let e = c.explain, s.describe() != e { failures.append("\(c.expr.debugDescription) describe() = \(s.describe().debugDescription), cronsim explain() = \(e.debugDescription)") }
            let zone = try TestZones.load(c.tz!)
            let start = Int64(c.start!.rounded(.down))
            var it = CronsimIterator(schedule: s, zone: zone, startUTC: start)
            var got: [Int64] = []
            var stopped = false
            for _ in 0..<6 {
                guard let t = it.next() else { stopped = true; break }
                got.append(t)
            }
            let want = c.next!
            if got != want || stopped != (c.stop ?? false) {
                failures.append("\(c.expr.debugDescription) in \(c.tz!) after \(iso(start, zone)):\n  cronsim \(want.map { iso($0, zone) })\(c.stop == true ? " stop" : "")\n  cronops \(got.map { iso($0, zone) })\(stopped ? " stop" : "")")
            }
        }
        #expect(failures.count == 0, "\(failures.count) of \(corpus.cases.count) differ (tzdata \(corpus.tzdata)):\n\(failures.prefix(15).joined(separator: "\n"))")
    }

    @Test func invalidCasesAreRejectedNamingTheField() throws {
        let corpus = try Self.corpus("invalid")
        #expect(corpus.cases.count > 400)
        var failures: [String] = []
        for c in corpus.cases {
            switch CronSchedule.parse(c.expr) {
            case let .success(s):
                failures.append("\(c.expr.debugDescription) accepted as \(s.expression); cronsim/Healthchecks: \(c.error!)")
            case let .failure(e):
                let error = c.error!
                let ok: Bool
                switch error {
                case "fields": ok = e.message.contains("fields") || e.message.contains("empty")
                case "length": ok = e.message.contains("at most 100")
                case "never": ok = e.message.contains("never fires")
                case "macro": ok = e.message.contains("macro") || e.message.contains("@reboot")
                default:
                    let field = error.replacingOccurrences(of: "Bad ", with: "")
                    ok = e.message.hasPrefix(field + ":")
                }
                let scalars = c.expr.unicodeScalars.count
                if !ok || e.offset < 0 || e.offset + e.length > max(1, scalars) {
                    failures.append("\(c.expr.debugDescription): cronsim says \(error); cronops says \(e.message) at \(e.offset)+\(e.length)")
                }
            }
        }
        #expect(failures.count == 0, "\(failures.count) of \(corpus.cases.count):\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}
