@testable import CronopsCLI
import CronopsCore
import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// The HTML page in a real browser (Debian's chromium, headless; `.ci/run` installs it):
/// screenshots at 1280 and 400 px, the DOM it builds (jobs and states present, no element
/// made from user input), and no horizontal scrolling at 400 px. Chromium's own exit ends
/// every step; nothing waits on a clock.
@Suite(.serialized) struct StatusBrowserTests {
    static let chromium = "/usr/bin/chromium"

    /// Runs chromium headless on `page` with its own profile directory (tests run in parallel).
    func chromium(_ arguments: [String], page: URL, profile: URL) async throws -> ChildResult {
        let result = try await ChildProcess.run(Self.chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
            "--user-data-dir=" + profile.path,
        ] + arguments + [page.absoluteString], environment: ["HOME": profile.path, "PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "chromium \(arguments): \(result.stderrText)")
        return result
    }

    /// Width and height from a PNG's IHDR chunk.
    func pngSize(_ url: URL) throws -> (Int, Int) {
        let bytes = [UInt8](try Data(contentsOf: url))
        try #require(bytes.count > 24 && bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func be32(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    /// The page's widths as laid out in a viewport `width` px wide: chromium will not make
    /// its own window narrower than 500 px, so the page is laid out in an iframe of that width
    /// (`srcdoc`: same origin, so the outer page may measure it), whose `onload` writes the
    /// widths into the DOM that `--dump-dom` prints once loading is over.
    func layoutWidths(_ html: String, width: Int, dir: URL) async throws -> (scroll: Int, client: Int) {
        let probe = dir.appendingPathComponent("probe-\(width).html")
        let measure = "var d=this.contentDocument.documentElement;document.body.setAttribute('data-widths',d.scrollWidth+' '+d.clientWidth)"
        try """
            <!doctype html><html><body style="margin:0"><iframe style="border:0;display:block" width="\(width)" height="900" \
            srcdoc="\(Escaping.htmlAttribute(html))" onload="\(measure)"></iframe></body></html>
            """.write(to: probe, atomically: true, encoding: .utf8)
        let dom = try await chromium(["--window-size=1400,1000", "--dump-dom"], page: probe,
                                     profile: dir.appendingPathComponent("profile-\(width)")).stdoutText
        let marker = try #require(dom.range(of: "data-widths=\""))
        let numbers = dom[marker.upperBound...].prefix { $0 != "\"" }.split(separator: " ").compactMap { Int($0) }
        try #require(numbers.count == 2)
        return (numbers[0], numbers[1])
    }

    @Test func thePageRendersReadsAt400PxAndBuildsNoElementFromUserInput() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.chromium), "install chromium (apt-get install chromium), as .ci/run does")
        try await HealthchecksDouble.with { double in
            await StatusTestKit.seed(double.store)
            let dir = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let pageURL = dir.appendingPathComponent("status.html")
            let (code, _) = await StatusTestKit.run(StatusTestKit.spec(apiURL: double.baseURL), .init(format: .html, out: pageURL.path))
            #expect(code == 0)
            let html = try String(contentsOf: pageURL, encoding: .utf8)
            // Self-contained: nothing is fetched, nothing needs a script.
            #expect(!html.contains("<script") && !html.contains("src=\"") && !html.contains("href=\"http") && !html.contains("@import"))

            for (width, height) in [(1280, 900), (400, 900)] {
                let shot = dir.appendingPathComponent("shot-\(width).png")
                _ = try await chromium(["--window-size=\(width),\(height)", "--screenshot=" + shot.path], page: pageURL,
                                       profile: dir.appendingPathComponent("profile-shot-\(width)"))
                #expect(try pngSize(shot) == (width, height))
            }

            let dom = try await chromium(["--window-size=1280,900", "--dump-dom"], page: pageURL, profile: dir.appendingPathComponent("profile-dom")).stdoutText
            for (job, state) in [("invoice-processor", "down"), ("nightly-etl", "down"), ("db-backup", "late"), ("crm-sync", "up"),
                                 ("crm-sync", "running"), ("weekly-report", "never-ran"), ("cleanup", "paused"), ("usage-digest", "missing"),
                                 ("legacy-export", "not-owned"), ("cache-warm", "unmonitored")] {
                #expect(dom.contains("<tr class=\"job\" data-job=\"\(job)\" data-state=\"\(state)\">"), "\(job) \(state)")
            }
            #expect(dom.contains("id=\"host-app-1\"") && dom.contains("id=\"host-billing-1\""))
            #expect(dom.contains("clocks go forward 1 h (+01:00 → +02:00)"))
            #expect(dom.contains("Busiest: Sun 28 Mar 03:00, 5 jobs start"))
            // The hostile description and reason are text in the DOM, not elements.
            #expect(!dom.contains("<script") && !dom.contains("<img") && !dom.contains("<b>(?i)"))
            #expect(dom.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"))
            #expect(dom.contains("&lt;b&gt;(?i)error&lt;/b&gt;"))

            let narrow = try await layoutWidths(html, width: 400, dir: dir)
            #expect(narrow.client == 400 && narrow.scroll <= narrow.client, "at 400 px the page scrolls sideways: \(narrow)")
            let wide = try await layoutWidths(html, width: 1280, dir: dir)
            #expect(wide.client == 1280 && wide.scroll <= wide.client, "\(wide)")
        }
    }
}
