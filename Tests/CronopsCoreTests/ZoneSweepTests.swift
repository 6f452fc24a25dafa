import Foundation
import Testing
@testable import CronopsCore

/// The machine's whole tz database against cronsim 2.7 (Fixtures/zone-sweep.json, made by
/// scripts/generate-zone-sweep.py): every zone file loads, and `next` gives cronsim's instants
/// for fixed-time, wildcard and yearly schedules from starts that cross the zone's changes.
///
/// The expectations belong to file contents, not names: each zone's file is hashed (FNV-1a
/// 64, as the script does) and compared only when the bytes are the ones cronsim read. A newer
/// tzdata (CI) changes a few files and adds a zone now and then; those zones are still loaded
/// and walked (instants strictly increasing, each after the start), and listed, but cannot
/// fail against expectations made from other data. When the machine has the tzdata version the
/// data was made from, everything must match: a missing or changed zone then fails.
@Suite struct ZoneSweepTests {
    struct Sweep: Decodable {
        var cronsim: String
        var tzdata: String
        var tzdataDebian: String
        var excluded: [String: String]
        var notZoneFiles: [String]
        var zones: [String: String]
        /// hash -> [expression, start, instants]
        var files: [String: [Case]]
    }

    struct Case: Decodable {
        var expression: String
        var start: Int64
        var next: [Int64]

        init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            expression = try c.decode(String.self)
            start = try c.decode(Int64.self)
            next = try c.decode([Int64].self)
        }
    }

    static func sweep() throws -> Sweep {
        let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try JSONDecoder().decode(Sweep.self, from: Data(contentsOf: dir.appendingPathComponent("zone-sweep.json")))
    }

    static func fnv1a64(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Every TZif file under the database, by zone name, leaving out what the script leaves
    /// out (`excluded`: posix/, right/, localtime, posixrules) and files that are not TZif.
    static func machineZones(excluded: [String: String]) throws -> [String: [UInt8]] {
        let root = SystemTZ.directory
        let enumerator = try #require(FileManager.default.enumerator(atPath: root), "\(root) is missing: install the tzdata package")
        var zones: [String: [UInt8]] = [:]
        while let name = enumerator.nextObject() as? String {
            if let top = name.split(separator: "/").first, excluded[top + "/"] != nil {
                enumerator.skipDescendants()
                continue
            }
            guard excluded[name] == nil,
                  let data = FileManager.default.contents(atPath: root + "/" + name) else { continue }
            let bytes = [UInt8](data)
            if bytes.starts(with: Array("TZif".utf8)) { zones[name] = bytes }
        }
        return zones
    }

    static var machineTZDataVersion: String? {
        guard let text = try? String(contentsOfFile: SystemTZ.directory + "/tzdata.zi", encoding: .utf8),
              let line = text.split(separator: "\n").first, line.hasPrefix("# version ") else { return nil }
        return String(line.dropFirst("# version ".count))
    }

    @Test func everyZoneOfTheSystemDatabaseLoadsAndAgreesWithCronsim() throws {
        let sweep = try Self.sweep()
        #expect(sweep.cronsim == "2.7")
        let machine = try Self.machineZones(excluded: sweep.excluded)
        let sameRelease = Self.machineTZDataVersion == sweep.tzdata
        var mismatches: [String] = [], loadFailures: [String] = [], unchecked: [String] = []
        var compared = 0, cases = 0
        for (name, bytes) in machine.sorted(by: { $0.key < $1.key }) {
            let zone: ZoneRules
            do {
                zone = try ZoneRules(tzif: bytes, name: name)
            } catch {
                loadFailures.append("\(error)")
                continue
            }
            guard let hash = sweep.zones[name], hash == Self.fnv1a64(bytes), let expected = sweep.files[hash] else {
                unchecked.append(name)
                // Not what cronsim was asked about: at least it must load and walk sanely.
                for c in sweep.files.values.first ?? [] {
                    let runs = try schedule(c.expression).next(afterUTC: c.start, in: zone, count: c.next.count)
                    if runs.count != c.next.count || runs.first.map({ $0 <= c.start }) == true {
                        mismatches.append("\(name) (not in the data): '\(c.expression)' after \(c.start) gave \(runs)")
                    }
                }
                continue
            }
            compared += 1
            for c in expected {
                cases += 1
                var it = CronsimIterator(schedule: try schedule(c.expression), zone: zone, startUTC: c.start)
                var got: [Int64] = []
                while got.count < c.next.count, let t = it.next() { got.append(t) }
                if got != c.next {
                    mismatches.append("\(name): '\(c.expression)' after \(iso(c.start, zone)):\n  cronsim \(c.next.map { iso($0, zone) })\n  cronops \(got.map { iso($0, zone) })")
                }
            }
        }
        let missing = sweep.zones.keys.filter { machine[$0] == nil }.sorted()
        if !unchecked.isEmpty || !missing.isEmpty {
            print("ZoneSweepTests: the data is from tzdata \(sweep.tzdata) (\(sweep.tzdataDebian)), the machine has \(Self.machineTZDataVersion ?? "no tzdata.zi"); "
                + "\(unchecked.count) zones changed or new here, only loaded and walked: \(unchecked.prefix(20)); \(missing.count) zones of the data absent here: \(missing.prefix(20))")
        }
        #expect(loadFailures.isEmpty, "\(loadFailures.count) zone files do not load:\n\(loadFailures.joined(separator: "\n"))")
        #expect(mismatches.isEmpty, "\(mismatches.count) differ from cronsim 2.7 (\(cases) cases in \(compared) zones):\n\(mismatches.joined(separator: "\n"))")
        if sameRelease {
            #expect(unchecked.isEmpty && missing.isEmpty,
                    "tzdata \(sweep.tzdata) as when the data was made, yet \(unchecked) differ and \(missing) are missing: rerun scripts/generate-zone-sweep.py")
        }
        // However new the machine's tzdata, most files are unchanged: a sweep that compares
        // few zones has stopped testing anything.
        #expect(compared * 2 > sweep.zones.count, "only \(compared) of \(sweep.zones.count) zones compared")
        #expect(cases > 5_000)
    }

    /// The script and this test agree on what a zone file is: on the release the data was
    /// made from, the files set aside as not TZif are exactly the ones the script found.
    @Test func theExclusionsAreTheScripts() throws {
        let sweep = try Self.sweep()
        #expect(Set(sweep.excluded.keys) == ["posix/", "right/", "localtime", "posixrules"])
        guard Self.machineTZDataVersion == sweep.tzdata else { return }
        let root = SystemTZ.directory
        let top = try FileManager.default.contentsOfDirectory(atPath: root).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
                && sweep.excluded[name] == nil && !(FileManager.default.contents(atPath: root + "/" + name)?.starts(with: Array("TZif".utf8)) ?? true)
        }
        #expect(top.sorted() == sweep.notZoneFiles)
    }
}
