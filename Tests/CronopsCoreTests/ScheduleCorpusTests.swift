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

    /// The same cases against "slim" TZif files (no table after the last rule change, only the
    /// POSIX footer), as Debian may ship them: the footer must give the same answers.
    @Test func slimZoneFilesGiveTheSameAnswers() throws {
        let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let slimDir = dir.appendingPathComponent("cronsim/zoneinfo-slim")
        var slim: [String: ZoneRules] = [:]
        for name in ["Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "America/New_York", "Pacific/Chatham"] {
            let bytes = try Data(contentsOf: slimDir.appendingPathComponent(name))
            let fat = try Data(contentsOf: dir.appendingPathComponent("cronsim/zoneinfo/\(name)"))
            var slimReader = TZifReader(bytes: [UInt8](bytes), zone: name), fatReader = TZifReader(bytes: [UInt8](fat), zone: name)
            let slimTable = try slimReader.read().transitions, fatTable = try fatReader.read().transitions
            #expect(slimTable.count < fatTable.count, "\(name) is not slim")
            #expect((slimTable.last ?? 0) < instant("2037-01-01T00:00:00Z"))
            slim[name] = try ZoneRules(tzif: [UInt8](bytes), name: name)
            let reference = try TestZones.load(name)
            var t = instant("1970-01-01T00:00:00Z")
            while t < instant("2200-01-01T00:00:00Z") {
                #expect(slim[name]!.offset(atUTC: t) == reference.offset(atUTC: t), "\(name) at \(t)")
                t += 86_400 * 3 + 3_517
            }
        }
        var compared = 0
        for file in ["dst", "extensions", "random"] {
            for c in try Self.corpus(file).cases {
                guard let zone = slim[c.tz!], case let .success(s) = CronSchedule.parse(c.expr) else { continue }
                var it = CronsimIterator(schedule: s, zone: zone, startUTC: Int64(c.start!.rounded(.down)))
                var got: [Int64] = []
                while got.count < 6, let t = it.next() { got.append(t) }
                #expect(got == c.next!, "\(c.expr) in slim \(c.tz!) after \(c.start!)")
                compared += 1
            }
        }
        #expect(compared > 800)
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
                    // The caret must also lie inside that field's text.
                    let tokens = ScheduleParser.tokens(Array(c.expr.unicodeScalars))
                    let index = CronFieldKind.allCases.first { $0.name == field }.map(\.rawValue)
                    let inside = index.map { i in
                        tokens.count == 5 && e.offset >= tokens[i].offset
                            && e.offset + e.length <= tokens[i].offset + tokens[i].scalars.count
                    } ?? false
                    ok = e.message.hasPrefix(field + ":") && inside
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
