/// The pure diff: desired checks from the spec against the provider's current checks.
///
/// Identity is the slug, ownership is the `cronops:<project>` tag. Both sides are normalised
/// before comparing (tags as sets, schedule whitespace, canonical zones, channel ids as sets,
/// fields a check kind does not return), so that planning right after an apply shows nothing.
public enum Planner {
    public static func plan(spec: Spec, state: ServerState, provider: String, target: String, prune: Bool,
                            diagnostics: inout Diagnostics) -> Plan {
        let tag = spec.ownershipTag
        let checks = state.checks
        let isOwned: [Bool] = checks.map { $0.hasTag(tag) }
        var bySlug: [String: [Int]] = [:]
        for (index, check) in checks.enumerated() where !check.slug.isEmpty {
            bySlug[check.slug, default: []].append(index)
        }

        let desired = DesiredChecks.derive(from: spec, channels: state.channels, diagnostics: &diagnostics)
        let desiredSlugs = Set(desired.map(\.slug))
        // Indices, not copies: a Job is a large value and 10,000 copies show in profiles.
        var jobIndex: [String: Int] = [:]
        jobIndex.reserveCapacity(spec.jobs.count)
        for (index, job) in spec.jobs.enumerated() { jobIndex[job.name] = index }
        let differ = CheckDiffer(channels: state.channels)

        var claimed = Set<Int>()
        var actions: [PlanAction] = []
        var unchanged = 0

        for want in desired {
            guard let jobAt = jobIndex[want.job] else { continue }
            var job: Job { spec.jobs[jobAt] }
            let matches = bySlug[want.slug] ?? []
            if matches.count > 1 {
                diagnostics.emit(.planDuplicateServerSlug(want.slug, job: job, count: matches.count))
                claimed.formUnion(matches)
                continue
            }
            if let index = matches.first {
                claimed.insert(index)
                if isOwned[index] || want.adopt {
                    if let action = CheckDiffer.pauseOrResume(want, checks[index]) { actions.append(action) }
                }
                if isOwned[index] {
                    let diff = differ.diff(want, checks[index])
                    if diff.changes.isEmpty {
                        if CheckDiffer.pauseOrResume(want, checks[index]) == nil { unchanged += 1 }
                    } else {
                        actions.append(PlanAction(kind: .update, slug: want.slug, checkID: checks[index].id, job: want.job,
                                                  host: want.host, changes: diff.changes, fields: diff.fields,
                                                  note: diff.note))
                    }
                } else if want.adopt {
                    let diff = differ.diff(want, checks[index])
                    actions.append(PlanAction(kind: .adopt, slug: want.slug, checkID: checks[index].id, job: want.job,
                                              host: want.host, changes: diff.changes, fields: diff.fields, note: diff.note))
                } else {
                    diagnostics.emit(.planSlugTakenByUnowned(want.slug, job: job, ownershipTag: tag))
                }
                continue
            }
            if let rename = findRename(for: want, job: job, bySlug: bySlug, isOwned: isOwned, claimed: &claimed,
                                       desiredSlugs: desiredSlugs, tag: tag, diagnostics: &diagnostics) {
                if let index = rename {
                    let have = checks[index]
                    if let action = CheckDiffer.pauseOrResume(want, have) { actions.append(action) }
                    let diff = differ.diff(want, have)
                    actions.append(PlanAction(kind: .rename, slug: want.slug, previousSlug: have.slug, checkID: have.id,
                                              job: want.job, host: want.host, changes: diff.changes, fields: diff.fields,
                                              note: diff.note))
                }
                continue
            }
            actions.append(differ.create(want))
            if let action = CheckDiffer.pauseOrResume(want, nil) { actions.append(action) }
        }

        for (index, check) in checks.enumerated() where isOwned[index] && !claimed.contains(index) {
            actions.append(PlanAction(kind: prune ? .delete : .orphan, slug: check.slug, checkID: check.id))
        }

        actions.sort { a, b in
            let ra = order(a.kind), rb = order(b.kind)
            return ra != rb ? ra < rb : (a.slug, a.checkID ?? "") < (b.slug, b.checkID ?? "")
        }
        return Plan(project: spec.project, provider: provider, target: target,
                    fingerprint: Fingerprint.of(state), readOnly: state.isReadOnly, prune: prune,
                    actions: actions, unchanged: unchanged)
    }

    /// The display and apply order: what is added first, what is removed last.
    static func order(_ kind: PlanAction.Kind) -> Int {
        switch kind {
        case .create: 0
        case .rename: 1
        case .adopt: 2
        case .update: 3
        case .pause: 4
        case .resume: 5
        case .delete: 6
        case .orphan: 7
        }
    }

    /// nil: no previous name applies (create). `.some(nil)`: a previous name was found but is
    /// an error (reported). `.some(index)`: rename that check.
    private static func findRename(for want: DesiredCheck, job: Job, bySlug: [String: [Int]], isOwned: [Bool],
                                   claimed: inout Set<Int>, desiredSlugs: Set<String>, tag: String,
                                   diagnostics: inout Diagnostics) -> Int?? {
        for previous in want.previousSlugs where !desiredSlugs.contains(previous) {
            let candidates = (bySlug[previous] ?? []).filter { !claimed.contains($0) }
            let owned = candidates.filter { isOwned[$0] }
            if owned.count > 1 {
                diagnostics.emit(.planPreviousNameAmbiguous(previous, job: job, count: owned.count))
                claimed.formUnion(owned)
                return .some(nil)
            }
            if let index = owned.first {
                claimed.insert(index)
                return .some(index)
            }
            if !candidates.isEmpty {
                diagnostics.emit(.planPreviousNameNotOwned(previous, job: job, ownershipTag: tag))
            }
        }
        return nil
    }
}
