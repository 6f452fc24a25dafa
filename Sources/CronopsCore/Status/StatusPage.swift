import FoundationEssentials

/// `cronops status --format html`: one self-contained page (inline CSS, no script, no
/// external asset) that a person can open from a CI artifact or mail. Per host: the jobs with
/// their states in colour, the last failures with their reasons, and the coming week (when
/// each job starts, in the host's zone, offset changes marked, the busiest minutes named).
/// Every value from the repository or the monitor goes through `Escaping.htmlText` or
/// `htmlAttribute`. Below 600 px the tables become one card per job, so the page reads at
/// 400 px without scrolling sideways.
enum StatusPage {
    static func render(_ report: StatusReport, zone: (String) -> ZoneRules) -> String {
        let h = Escaping.htmlText
        var out = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>cronops status: \(h(report.project))</title>
            <style>\(css)</style>
            </head>
            <body>
            <header>
            <h1>cronops status <span class="project">\(h(report.project))</span></h1>
            <p class="summary \(report.hasProblems ? "bad" : "good")" id="summary">\(h(report.summary))</p>
            <p class="meta">\(h(report.provider)) \(h(report.target)) · \(h(ScheduleFormat.isoUTC(seconds(report.now)))) UTC · \(report.requests) request\(report.requests == 1 ? "" : "s")</p>

            """
        out += counts(report)
        for note in report.limitations { out += "<p class=\"note\">\(h(note))</p>\n" }
        out += "</header>\n<main>\n"
        for timeline in report.timelines {
            let rows = report.rows.filter { $0.hosts.contains(timeline.host) }
            out += "<section class=\"host\" id=\"host-\(Escaping.htmlAttribute(timeline.host))\">\n"
            out += "<h2>\(h(timeline.host)) <span class=\"zone\">\(h(timeline.zone))</span></h2>\n"
            out += jobTable(rows, report: report, zone: zone)
            out += failures(rows, report: report)
            out += week(timeline, zone: zone(timeline.zone), now: report.now)
            out += "</section>\n"
        }
        let hosted = Set(report.timelines.map(\.host))
        let rest = report.rows.filter { row in !row.hosts.contains(where: hosted.contains) }
        if !rest.isEmpty {
            out += "<section class=\"host\" id=\"other-jobs\">\n<h2>\(report.timelines.isEmpty ? "Jobs" : "Jobs on no host shown here")</h2>\n"
            out += jobTable(rest, report: report, zone: zone) + failures(rest, report: report) + "</section>\n"
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func counts(_ report: StatusReport) -> String {
        let chips = JobHealth.summaryOrder.compactMap { state -> String? in
            let n = report.count(state)
            return n == 0 ? nil : "<li class=\"st st-\(state.rawValue)\">\(n) \(state.label)</li>"
        }
        return chips.isEmpty ? "" : "<ul class=\"counts\">" + chips.joined() + "</ul>\n"
    }

    static func jobTable(_ rows: [JobStatus], report: StatusReport, zone: (String) -> ZoneRules) -> String {
        let h = Escaping.htmlText
        guard !rows.isEmpty else { return "<p class=\"empty\">No jobs on this host.</p>\n" }
        var out = "<table class=\"jobs\">\n<thead><tr><th>job</th><th>state</th><th>last run</th><th>took</th><th>next run</th></tr></thead>\n<tbody>\n"
        for row in rows {
            let rules = zone(row.zone)
            let when = { (date: Date?) -> String in
                guard let date else { return "–" }
                return "\(h(StatusTime.local(date, zone: rules))) <span class=\"ago\">\(h(StatusTime.ago(date, now: report.now)))</span>"
            }
            out += "<tr class=\"job\" data-job=\"\(Escaping.htmlAttribute(row.job))\" data-state=\"\(row.state.rawValue)\">"
            out += "<td class=\"name\" data-label=\"job\"><span class=\"jn\">\(h(row.job))</span>"
            if row.hosts.count > 1 { out += " <span class=\"shared\">shared by \(h(row.hosts.joined(separator: ", ")))</span>" }
            if !row.description.isEmpty { out += "<br><span class=\"desc\">\(h(row.description))</span>" }
            out += "</td><td data-label=\"state\"><span class=\"st st-\(row.state.rawValue)\">\(row.state.label)</span></td>"
            out += "<td data-label=\"last run\">\(when(row.lastRun))</td>"
            out += "<td data-label=\"took\">\(row.duration.map { h(StatusTime.duration($0)) } ?? "–")</td>"
            out += "<td data-label=\"next run\">\(when(row.nextRun))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static func failures(_ rows: [JobStatus], report: StatusReport) -> String {
        let h = Escaping.htmlText
        let failing = rows.filter { $0.failure != nil }
        guard !failing.isEmpty else { return "" }
        var out = "<h3>Last failures</h3>\n"
        for row in failing {
            let failure = row.failure!
            out += "<div class=\"failure\" data-job=\"\(Escaping.htmlAttribute(row.job))\">"
            out += "<p><b>\(h(row.displayName))</b> failed <span class=\"reason\">\(h(failure.shortReason))</span> "
            out += "<span class=\"ago\">\(h(StatusTime.ago(failure.at, now: report.now)))\(failure.manual ? ", manual run" : "")</span></p>"
            out += "<pre>" + h(StatusRenderer.failureLines(failure, now: report.now).dropFirst().reduce(failure.headline) { $0 + "\n" + $1 }) + "</pre></div>\n"
        }
        return out
    }

    /// Seven day rows; each a 24-hour bar with one mark per 15-minute slot in which jobs start
    /// (darker the more start), an offset change as a dashed line, hours ruled every 6 h.
    static func week(_ timeline: HostTimeline, zone: ZoneRules, now: Date) -> String {
        let h = Escaping.htmlText
        let slot: Int64 = 900
        let t0 = seconds(now)
        var out = "<h3>The coming week <span class=\"zone\">in \(h(timeline.zone))</span></h3>\n<div class=\"week\">\n"
        out += "<div class=\"day ruler\"><span></span><div class=\"hours\"><span>0</span><span>6</span><span>12</span><span>18</span><span>24</span></div></div>\n"
        var peak = 1
        var days: [[Int: [String]]] = []
        for d in 0..<7 {
            var slots: [Int: [String]] = [:]
            for (job, starts) in timeline.runs {
                for t in starts where t >= timeline.dayStarts[d] && t < timeline.dayStarts[d + 1] {
                    let local = CivilDateTime(localSeconds: t + zone.offset(atUTC: t))
                    slots[(local.hour * 3600 + local.minute * 60) / Int(slot), default: []].append(job)
                }
            }
            peak = max(peak, slots.values.map(\.count).max() ?? 0)
            days.append(slots)
        }
        for d in 0..<7 {
            let start = timeline.dayStarts[d]
            let date = CivilDateTime(localSeconds: start + zone.offset(atUTC: start)).date
            out += "<div class=\"day\"><span class=\"dl\">\(weekday(date)) \(date.day) \(month(date))</span><div class=\"bar\">"
            if t0 >= start && t0 < timeline.dayStarts[d + 1] {
                let local = CivilDateTime(localSeconds: t0 + zone.offset(atUTC: t0))
                out += "<i class=\"now\" style=\"left:\(percent(local.hour * 60 + local.minute))%\" title=\"now\"></i>"
            }
            for (index, jobs) in days[d].sorted(by: { $0.key < $1.key }) {
                let level = min(4, 1 + (jobs.count - 1) * 4 / peak)
                let names = Dictionary(grouping: jobs, by: { $0 }).map { $0.value.count > 1 ? "\($0.key) ×\($0.value.count)" : $0.key }.sorted()
                let label = "\(Civil.pad(index / 4, 2)):\(Civil.pad(index % 4 * 15, 2)) \(jobs.count) start\(jobs.count == 1 ? "" : "s"): " + names.joined(separator: ", ")
                out += "<i class=\"mk l\(level)\" style=\"left:\(percent(index * 15))%\" title=\"\(Escaping.htmlAttribute(label))\"></i>"
            }
            for change in timeline.transitions where change.utc >= start && change.utc < timeline.dayStarts[d + 1] {
                let local = CivilDateTime(localSeconds: change.utc + change.offsetAfter)
                out += "<i class=\"dst\" style=\"left:\(percent(local.hour * 60 + local.minute))%\" title=\"\(h(dstText(change)))\"></i>"
            }
            out += "</div></div>\n"
        }
        out += "</div>\n"
        var notes: [String] = timeline.transitions.map { change in
            let local = CivilDateTime(localSeconds: change.utc + change.offsetBefore)
            return "<li class=\"dstnote\">\(weekday(local.date)) \(local.date.day) \(month(local.date)) \(local.hhmm): \(h(dstText(change)))</li>"
        }
        for busy in timeline.busiest {
            let local = CivilDateTime(localSeconds: busy.minute + zone.offset(atUTC: busy.minute))
            notes.append("<li class=\"busy\">Busiest: \(weekday(local.date)) \(local.date.day) \(month(local.date)) \(local.hhmm), \(busy.jobs.count) jobs start: \(h(busy.jobs.joined(separator: ", ")))</li>")
        }
        if timeline.runs.allSatisfy({ $0.starts.isEmpty }) { notes.append("<li>No job starts on this host this week.</li>") }
        if !notes.isEmpty { out += "<ul class=\"weeknotes\">" + notes.joined() + "</ul>\n" }
        return out
    }

    static func percent(_ minuteOfDay: Int) -> String {
        let p = Double(minuteOfDay) / 1440 * 100
        return FixedPoint.format(p, places: 2)
    }

    static func dstText(_ change: ZoneTransition) -> String {
        let shift = DurationText.format(Double(abs(change.change))).replacingEvery(" 0 m 0 s", with: "").replacingEvery(" 0 s", with: "")
        return "clocks go \(change.change > 0 ? "forward" : "back") \(shift) (\(ScheduleFormat.offset(change.offsetBefore)) → \(ScheduleFormat.offset(change.offsetAfter)))"
    }

    static func weekday(_ date: CivilDate) -> String { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][date.isoWeekday - 1] }
    static func month(_ date: CivilDate) -> String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][date.month - 1]
    }

    static let css = """
        :root{--up:#1a7f37;--down:#cf222e;--late:#9a6700;--run:#0969da;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;--ink:#1f2328}
        *{box-sizing:border-box}
        body{margin:0 auto;padding:12px;max-width:1100px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--ink)}
        h1{font-size:1.35em;margin:.2em 0}h2{font-size:1.15em;margin:0 0 .5em}h3{font-size:1em;margin:1.2em 0 .4em;color:var(--muted)}
        .project{color:var(--muted);font-weight:400;overflow-wrap:anywhere}
        .summary{font-size:1.1em;font-weight:600;padding:8px 12px;border-radius:6px;border-left:6px solid;overflow-wrap:anywhere;background:var(--card)}
        .summary.good{border-color:var(--up)}.summary.bad{border-color:var(--down)}
        .meta,.zone,.ago,.desc,.shared{color:var(--muted);font-weight:400;font-size:.9em}
        .meta{overflow-wrap:anywhere}
        .note{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 10px;overflow-wrap:anywhere}
        .counts{list-style:none;padding:0;margin:.4em 0;display:flex;flex-wrap:wrap;gap:6px}
        .host{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:14px 0}
        table{border-collapse:collapse;width:100%}
        th{font-size:.8em;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);text-align:left;padding:4px 8px;border-bottom:2px solid var(--line)}
        td{padding:6px 8px;border-bottom:1px solid #eef1f4;vertical-align:top;overflow-wrap:anywhere}
        .jn{font-weight:600;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}
        .st{display:inline-block;padding:1px 9px;border-radius:999px;font-size:.85em;font-weight:600;color:#fff;white-space:nowrap;background:var(--muted)}
        .st-up{background:var(--up)}.st-running{background:var(--run)}.st-late{background:#bf8700;color:#1f2328}
        .st-down,.st-missing{background:var(--down)}.st-not-owned{background:#8250df}
        .st-never-ran,.st-paused,.st-unmonitored{background:#eaeef2;color:var(--muted)}
        .failure{border-left:4px solid var(--down);padding:2px 10px;margin:8px 0;background:#fff5f5}
        .failure p{margin:.3em 0;overflow-wrap:anywhere}.reason{font-family:ui-monospace,Menlo,monospace;font-size:.92em}
        pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3em 0 .5em;font-size:.85em}
        .week{margin-top:4px}
        .day{display:grid;grid-template-columns:5.6em 1fr;gap:6px;align-items:center;margin:3px 0}
        .dl{font-size:.85em;color:var(--muted);white-space:nowrap}
        .bar{position:relative;height:20px;border-radius:3px;background:repeating-linear-gradient(to right,#e6eaef 0 1px,#f6f8fa 1px 25%)}
        .hours{display:flex;justify-content:space-between;font-size:.75em;color:var(--muted)}
        .mk,.now,.dst{position:absolute;top:0;bottom:0}
        .mk{width:max(2px,.62%);border-radius:1px;background:var(--run)}
        .mk.l1{opacity:.35}.mk.l2{opacity:.55}.mk.l3{opacity:.78}.mk.l4{opacity:1;background:#0550ae}
        .now{width:3px;top:-3px;bottom:-3px;background:var(--down);border-radius:2px;z-index:1}
        .dst{width:0;border-left:2px dashed #bf8700}
        .weeknotes{padding-left:1.2em;margin:.6em 0 0;font-size:.9em}.weeknotes li{overflow-wrap:anywhere}
        .dstnote{color:#7d4e00}
        @media (max-width:600px){
        body{padding:8px;font-size:14px}
        .host{padding:10px}
        table.jobs thead{display:none}
        table.jobs,table.jobs tbody,table.jobs tr,table.jobs td{display:block;width:100%}
        table.jobs tr{border-bottom:1px solid var(--line);padding:6px 0}
        table.jobs td{border:0;padding:1px 0}
        table.jobs td[data-label]:not(.name)::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85em}
        .day{grid-template-columns:5.4em 1fr;gap:4px}.dl{font-size:.78em}
        }
        """
}
