/// How the run log stays bounded without forgetting a check's state: when the newest file
/// grows past its limit, its lines and the older file's are compacted into the older file.
/// Per slug only the lines that still decide what `LocalCheckState` computes are kept; the
/// others become one `pruned` line that keeps the ping count (`n_pings`) exact.
public enum RunLogCompaction {
    /// Kept per slug, in their order: the last finish (success or fail: `last_ping`, the
    /// status, the failure's verdict) and the start still open when it came (`last_duration`,
    /// or a run it did not close), then, after that finish, only the latest start
    /// (`last_start`: a later start replaces an earlier one). `log` lines change nothing and
    /// are only counted.
    ///
    /// What is lost: the finishes before the last one. The state the server would show is the
    /// same, except the `last_ping` of a check paused with `manual_resume` after its last kept
    /// finish was replaced by an ignored one (docs/monitor.md#run-log).
    public static func compact(_ events: [RunLogEvent]) -> [RunLogEvent] {
        var bySlug: [String: [Int]] = [:]
        for (index, event) in events.enumerated() { bySlug[event.slug, default: []].append(index) }
        // (position in the input, 0 for a slug's pruned line so it precedes its kept lines, line)
        var out: [(position: Int, rank: Int, event: RunLogEvent)] = []
        for (slug, indices) in bySlug {
            let finish = indices.last { events[$0].kind == .success || events[$0].kind == .fail }
            var keep: Set<Int> = []
            if let finish {
                keep.insert(finish)
                // The start still open when the last finish came (the finish may close it, with a
                // duration, or leave it running): found with `Check.ping`'s own rid rules.
                var open: Int?
                for index in indices where index < finish {
                    let event = events[index]
                    switch event.kind {
                    case .start: open = index
                    case .success, .fail:
                        if let start = open, events[start].runID == event.runID || event.kind == .fail || event.runID == nil {
                            open = nil
                        }
                    case .log, .pruned: break
                    }
                }
                if let open { keep.insert(open) }
            }
            if let start = indices.last(where: { $0 > (finish ?? -1) && events[$0].kind == .start }) { keep.insert(start) }
            let dropped = indices.reduce(0) { keep.contains($1) ? $0 : $0 + events[$1].pings }
            if dropped > 0 {
                // Dated and placed like the slug's first line: it changes no state, so only the
                // creation filter (`LocalCheckHistory.created`) reads its date.
                let first = events[indices[0]]
                out.append((indices[0], 0, RunLogEvent(kind: .pruned, at: first.at, slug: slug, job: first.job, count: dropped)))
            }
            for index in keep { out.append((index, 1, events[index])) }
        }
        out.sort { ($0.position, $0.rank) < ($1.position, $1.rank) }
        return out.map(\.event)
    }
}
