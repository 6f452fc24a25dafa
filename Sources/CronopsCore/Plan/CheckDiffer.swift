/// Compares one desired check with one current check, field by field, after normalising
/// both, and formats each difference for people.
struct CheckDiffer {
    struct Diff {
        var changes: [FieldChange] = []
        var fields = CheckFields()
        var note: String?
    }

    static let channelsUnknownNote = "channels unknown: the API key is read-only"

    let channels: ChannelDirectory
    private let nameOfID: [String: String]

    init(channels: ChannelDirectory) {
        self.channels = channels
        var names: [String: String] = [:]
        if case .listed(let list) = channels {
            var count: [String: Int] = [:]
            for channel in list { count[channel.name, default: 0] += 1 }
            // A name that is empty or shared by several channels does not identify one: show the id.
            for channel in list where !channel.name.isEmpty && count[channel.name] == 1 {
                names[channel.id] = channel.name
            }
        }
        nameOfID = names
    }

    func diff(_ want: DesiredCheck, _ have: RemoteCheck) -> Diff {
        var d = Diff()
        if have.slug != want.slug {
            d.changes.append(FieldChange(field: "slug", old: have.slug, new: want.slug))
            d.fields.slug = want.slug
        }
        if have.name != want.name {
            d.changes.append(FieldChange(field: "name", old: quote(have.name), new: quote(want.name)))
            d.fields.name = want.name
        }
        if have.desc != want.desc {
            d.changes.append(FieldChange(field: "desc", old: quote(have.desc), new: quote(want.desc)))
            d.fields.desc = want.desc
        }
        // Fast paths first: what cronops wrote comes back verbatim, so equal strings settle
        // most comparisons without splitting (10,000 checks per plan).
        if have.tags != want.tagString && have.tagSet != Set(want.tags) {
            d.changes.append(FieldChange(field: "tags", old: list(have.tagSet.sorted()), new: list(want.tags)))
            d.fields.tags = want.tagString
        }
        diffSchedule(want, have, into: &d)
        if have.grace != want.grace {
            d.changes.append(FieldChange(field: "grace", old: span(have.grace), new: span(want.grace)))
            d.fields.grace = want.grace
        }
        if let wantIDs = want.channelIDs, have.channels != nil {
            if have.channels != want.channelString, let haveIDs = have.channelIDs, Set(wantIDs) != Set(haveIDs) {
                d.changes.append(FieldChange(field: "channels", old: channelList(haveIDs), new: channelList(wantIDs)))
                d.fields.channels = want.channelString
            }
        } else {
            d.note = Self.channelsUnknownNote
        }
        let wantManualResume = want.suspension != nil
        if (have.manualResume ?? false) != wantManualResume {
            d.changes.append(FieldChange(field: "manual_resume", old: String(have.manualResume ?? false), new: String(wantManualResume)))
            d.fields.manualResume = wantManualResume
        }
        // A note alone is not a change: it only says the plan cannot see everything.
        if d.changes.isEmpty { d.fields = CheckFields() }
        return d
    }

    /// A simple (timeout) check has no schedule or zone to compare: it becomes a cron check.
    private func diffSchedule(_ want: DesiredCheck, _ have: RemoteCheck, into d: inout Diff) {
        guard let haveSchedule = have.schedule else {
            let was = have.timeout.map { "(simple check, timeout \(span($0)))" } ?? "(simple check)"
            d.changes.append(FieldChange(field: "schedule", old: was, new: quote(want.schedule)))
            d.changes.append(FieldChange(field: "tz", old: "(none)", new: want.tz))
            d.fields.schedule = want.schedule
            d.fields.tz = want.tz
            return
        }
        let scheduleDiffers = haveSchedule != want.schedule
            && Self.normalise(schedule: haveSchedule) != Self.normalise(schedule: want.schedule)
        let tzDiffers = have.tz != want.tz && (have.tz.map { ZoneTable.canonical($0) ?? $0 } ?? "UTC") != want.tz
        if scheduleDiffers {
            d.changes.append(FieldChange(field: "schedule", old: quote(haveSchedule), new: quote(want.schedule)))
        }
        if tzDiffers {
            d.changes.append(FieldChange(field: "tz", old: have.tz ?? "(none)", new: want.tz))
        }
        // Sent together: the zone is only meaningful with the schedule it reads.
        if scheduleDiffers || tzDiffers {
            d.fields.schedule = want.schedule
            d.fields.tz = want.tz
        }
    }

    func create(_ want: DesiredCheck) -> PlanAction {
        var changes = [
            FieldChange(field: "schedule", old: nil, new: quote(want.schedule)),
            FieldChange(field: "tz", old: nil, new: want.tz),
            FieldChange(field: "grace", old: nil, new: span(want.grace)),
        ]
        let alerts = want.channelIDs.map(channelList) ?? list(want.channelNames)
        changes.append(FieldChange(field: "channels", old: nil, new: alerts))
        changes.append(FieldChange(field: "tags", old: nil, new: list(want.tags)))
        changes.append(FieldChange(field: "desc", old: nil, new: quote(want.desc)))
        if want.suspension != nil { changes.append(FieldChange(field: "manual_resume", old: nil, new: "true")) }
        let fields = CheckFields(name: want.name, slug: want.slug, tags: want.tagString, desc: want.desc,
                                 schedule: want.schedule, tz: want.tz, grace: want.grace, channels: want.channelString,
                                 manualResume: want.suspension == nil ? nil : true)
        return PlanAction(kind: .create, slug: want.slug, job: want.job, host: want.host, changes: changes,
                          fields: fields, note: want.channelIDs == nil ? Self.channelsUnknownNote : nil)
    }

    /// Pause the check of a suspended job, resume the check of one that runs again. A check
    /// created in the same apply has no id yet: the provider finds it by its slug.
    static func pauseOrResume(_ want: DesiredCheck, _ have: RemoteCheck?) -> PlanAction? {
        let paused = have?.isPaused ?? false
        if let suspension = want.suspension, !paused {
            return PlanAction(kind: .pause, slug: want.slug, checkID: have?.id, job: want.job, host: want.host,
                              changes: [FieldChange(field: "status", old: have?.status ?? "new", new: "paused")],
                              note: suspension.text)
        }
        if want.suspension == nil, paused, let have {
            return PlanAction(kind: .resume, slug: want.slug, checkID: have.id, job: want.job, host: want.host,
                              changes: [FieldChange(field: "status", old: "paused", new: "new")],
                              note: "no longer suspended")
        }
        return nil
    }

    static func normalise(schedule: String) -> String {
        schedule.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    private func channelList(_ ids: [String]) -> String {
        list(ids.map { nameOfID[$0] ?? $0 }.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) })
    }
}

/// A value as the plan shows it: a JSON string literal, so quotes, line breaks and control
/// characters in it are visible and cannot break the line.
func quote(_ text: String) -> String { Escaping.jsonString(text) }

func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

func span(_ seconds: Int) -> String { TimeSpan(seconds: seconds).description }
