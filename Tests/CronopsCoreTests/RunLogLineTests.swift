import Foundation
import Testing
@testable import CronopsCore
import CronopsTestSupport

/// The run log's line format (docs/monitor.md#run-log) and its compaction.
@Suite struct RunLogLineTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000.125)

    @Test func aLineIsOneSortedJSONObjectWithItsVersion() throws {
        let event = RunLogEvent(kind: .fail, at: Self.at, slug: "invoice-processor__billing-1", job: "invoice-processor",
                                runID: "6f1c", manual: true, duration: 2.5, exitCode: 3, headline: "FAILED: \"x\"\tdone",
                                failedRules: ["--expect-exit 0: the job exited with status 3"], exitStatus: "3")
        let line = RunLogLine.encode(event)
        #expect(String(decoding: line, as: UTF8.self) == #"{"at":"2027-01-15T08:00:00.125Z","duration":2.500,"exitCode":3,"exitStatus":"3","failedRules":["--expect-exit 0: the job exited with status 3"],"headline":"FAILED: \"x\"\tdone","job":"invoice-processor","kind":"fail","manual":true,"rid":"6f1c","slug":"invoice-processor__billing-1","v":1}"# + "\n")
        #expect(try RunLogLine.decode(line.dropLast()).get() == event)
        let start = RunLogEvent(kind: .start, at: Self.at, slug: "a", job: "a", runID: "r")
        #expect(try RunLogLine.decode(RunLogLine.encode(start).dropLast()).get() == start)
    }

    /// Whatever the verdict holds, a line stays within its bound and still reads back with its
    /// state fields intact.
    @Test(arguments: [10, 1_000, 100_000])
    func longVerdictsAreCutToTheBound(size: Int) throws {
        let control = String(repeating: "\u{01}", count: size)
        let event = RunLogEvent(kind: .fail, at: Self.at, slug: "s", job: "j", runID: "r", headline: "FAILED: " + control,
                                failedRules: (0..<50).map { "--stdout-contains '\(control)\($0)': not found" }, exitStatus: control)
        let line = RunLogLine.encode(event)
        #expect(line.count <= RunLogLine.maximumBytes)
        #expect(line.last == UInt8(ascii: "\n"))
        let back = try RunLogLine.decode(line.dropLast()).get()
        #expect(back.kind == .fail && back.at == Self.at && back.slug == "s" && back.runID == "r")
        #expect(back.headline?.hasPrefix("FAILED: ") == true)
        if size > 100 { #expect(back.failedRules.count < 50) }
    }

    @Test func malformedLinesAreSkippedWithTheirLocation() {
        var contents = RunLogContents()
        let good = RunLogLine.encode(RunLogEvent(kind: .success, at: Self.at, slug: "a", job: "a"))
        let bytes = good + Array("not json\n".utf8) + Array("{\"v\":2,\"kind\":\"start\"}\n".utf8) + Array("\n".utf8)
            + Array("{\"v\":1,\"kind\":\"boom\",\"at\":\"2027-01-15T08:00:00Z\",\"slug\":\"a\"}\n".utf8)
            + Array("{\"v\":1,\"kind\":\"start\",\"at\":\"yesterday\",\"slug\":\"a\"}\n".utf8)
            + good + Array(good.prefix(20))
        contents.read(bytes, name: "runs.jsonl")
        #expect(contents.events.count == 2)
        #expect(contents.problems == [
            "runs.jsonl:2: not a JSON object; skipped",
            "runs.jsonl:3: format version 2; this cronops reads version 1; skipped",
            "runs.jsonl:5: \"kind\" is missing or not one of start, success, fail, log, pruned; skipped",
            "runs.jsonl:6: \"at\" is missing or not an instant such as 2026-11-27T16:42:01.123Z; skipped",
            "runs.jsonl:8: the last line has no newline (cut short while written); skipped",
        ])
    }

    @Test func instantsRoundTripToTheMillisecond() {
        for seconds in [0.0, 1_800_000_000.999, 4_102_444_799.001, 951_782_400.5] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = RunLogTime.format(date)
            #expect(text.count == 24)
            #expect(RunLogTime.parse(text).map { abs($0.timeIntervalSince(date)) < 0.001 } == true, "\(text)")
        }
        #expect(RunLogTime.format(Date(timeIntervalSince1970: 951_782_400.5)) == "2000-02-29T00:00:00.500Z")
        #expect(RunLogTime.parse("2027-02-29T00:00:00Z") == nil)
        #expect(RunLogTime.parse("2027-01-15T08:00:00Z") == Date(timeIntervalSince1970: 1_800_000_000))
    }

    /// Compaction keeps what decides the state: for random histories, every field of the
    /// observation is the same from the compacted lines as from all of them, at several instants.
    @Test func compactionKeepsEveryChecksObservation() throws {
        var random = SeededRandom(seed: 12)
        let check = RemoteCheck(id: "x", name: "", slug: "", tags: "", desc: "", grace: 120, timeout: 600, status: "new")
        for round in 0..<300 {
            var events: [RunLogEvent] = []
            var t = 0.0
            for _ in 0..<random.below(30) {
                t += Double(random.below(400))
                let kind = [RunLogEvent.Kind.start, .success, .fail, .log][random.below(4)]
                let rid = ["a", "b", nil][random.below(3)]
                let slug = ["s1", "s2", "s3"][random.below(3)]
                events.append(RunLogEvent(kind: kind, at: Date(timeIntervalSince1970: t), slug: slug, job: slug, runID: rid,
                                          headline: kind == .fail ? "FAILED \(round)" : nil))
            }
            // Compaction may run on already compacted lines.
            let compacted = RunLogCompaction.compact(RunLogCompaction.compact(events) + [])
            #expect(compacted.count <= 4 * 3)
            for slug in ["s1", "s2", "s3"] {
                var named = check
                named.slug = slug
                for now in [t, t + 130, t + 700, t + 900] {
                    let all = LocalCheckState.observe(check: named, events: events.filter { $0.slug == slug },
                                                      now: Date(timeIntervalSince1970: now), zones: { _ in nil })
                    let kept = LocalCheckState.observe(check: named, events: compacted.filter { $0.slug == slug },
                                                       now: Date(timeIntervalSince1970: now), zones: { _ in nil })
                    #expect(all == kept, "round \(round), \(slug) at \(now): \(events.filter { $0.slug == slug }.map { "\($0.kind) \($0.runID ?? "-") \(Int($0.at.timeIntervalSince1970))" }) -> \(compacted.filter { $0.slug == slug }.map { "\($0.kind) \($0.runID ?? "-") \(Int($0.at.timeIntervalSince1970))" })")
                }
            }
        }
    }
}
