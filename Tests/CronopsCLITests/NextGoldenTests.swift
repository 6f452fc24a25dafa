import CronopsTestSupport
import Foundation
import Testing
@testable import CronopsCLI

/// `cronops next` on the DST cases people ask about, as one readable golden file
/// (Fixtures/next/dst-showcase.txt; CRONOPS_RECORD=1 re-records it).
@Suite struct NextGoldenTests {
    static let runs: [[String]] = [
        ["30 2 * * *", "--tz", "Europe/Berlin", "--after", "2026-03-28T12:00:00Z", "--count", "3"],
        ["30 2 * * *", "--tz", "Europe/Berlin", "--after", "2026-10-24T12:00:00Z", "--count", "3"],
        ["*/30 * * * *", "--tz", "Europe/Berlin", "--after", "2026-10-25T01:40:00+02:00", "--count", "5"],
        ["0 */2 * * *", "--tz", "Europe/Berlin", "--after", "2026-03-28T23:00:00+01:00", "--count", "3"],
        ["0-59/20 2 * * *", "--tz", "Europe/Berlin", "--after", "2026-03-29T00:00:00+01:00", "--count", "2"],
        ["*/20 2 * * *", "--tz", "Europe/Berlin", "--after", "2026-03-29T00:00:00+01:00", "--count", "2"],
        ["50 2 * * *", "--tz", "Europe/Berlin", "--after", "2026-10-25T02:10:00+01:00", "--count", "2"],
        ["15 2 * * *", "--tz", "Australia/Lord_Howe", "--after", "2026-10-03T12:00:00+10:30", "--count", "2"],
        ["0 3 * * *", "--tz", "Pacific/Chatham", "--after", "2026-09-26T12:00:00+12:45", "--count", "2"],
        ["*/30 * * * *", "--tz", "America/Santiago", "--after", "2026-09-05T23:10:00-04:00", "--count", "3"],
        ["0 0 * * *", "--tz", "America/Havana", "--after", "2026-03-07T12:00:00-05:00", "--count", "2"],
        ["0 0 * * *", "--tz", "Asia/Beirut", "--after", "2026-03-28T12:00:00+02:00", "--count", "2"],
        ["0 0 29 2 *", "--tz", "UTC", "--after", "2096-03-01T00:00:00Z", "--count", "2"],
        ["0 0 LW * 5L", "--tz", "Asia/Kathmandu", "--after", "2026-01-01T00:00:00Z", "--count", "4"],
        ["@weekly", "--tz", "America/New_York", "--after", "2026-11-01T00:00:00Z", "--count", "2", "--json"],
    ]

    @Test func dstShowcase() throws {
        var out = ""
        for args in Self.runs {
            let command = try NextCommand.parse(args)
            let result = try command.execute(now: Date(timeIntervalSince1970: 0), zones: { try SystemZones.load($0, directory: NextCommandTests.zoneDirectory) },
                                             loadSpec: { throw CancellationError() })
            out += "$ cronops next " + args.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ") + "\n"
            out += result.stdout + result.stderr + "\n"
        }
        try Golden.check(out, file: Golden.fixture("next/dst-showcase.txt"))
    }
}
