/// The result of comparing the repo with the monitor: what `apply` would do, in order, and
/// what it was computed from. Saved with `--out` and read back by `apply PLAN.json`.
public struct Plan: Sendable, Equatable, Codable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var project: String
    /// `healthchecks` or `local`.
    public var provider: String
    /// The API base or the state file the plan was computed against (never a secret).
    public var target: String
    /// Fingerprint of the server state the plan was computed from; `apply` refuses the plan
    /// when the server no longer matches it.
    public var fingerprint: String
    /// Computed with a read-only key: channels are unknown and the plan cannot be applied.
    public var readOnly: Bool
    public var prune: Bool
    public var summary: PlanSummary
    public var actions: [PlanAction]

    public init(project: String, provider: String, target: String, fingerprint: String, readOnly: Bool,
                prune: Bool, actions: [PlanAction], unchanged: Int) {
        self.formatVersion = Self.currentFormatVersion
        self.project = project
        self.provider = provider
        self.target = target
        self.fingerprint = fingerprint
        self.readOnly = readOnly
        self.prune = prune
        self.actions = actions
        self.summary = PlanSummary(actions: actions, unchanged: unchanged)
    }

    /// Orphans are reported but never acted on, so they are not changes.
    public var hasChanges: Bool { actions.contains { $0.kind != .orphan } }

    /// The actions `apply` sends, one request each.
    public var changes: [PlanAction] { actions.filter { $0.kind != .orphan } }
}

public struct PlanSummary: Sendable, Equatable, Codable {
    public var create: Int
    public var update: Int
    public var rename: Int
    public var adopt: Int
    public var delete: Int
    public var orphan: Int
    public var pause: Int
    public var resume: Int
    public var unchanged: Int

    public init(actions: [PlanAction], unchanged: Int) {
        func count(_ kind: PlanAction.Kind) -> Int { actions.count { $0.kind == kind } }
        create = count(.create)
        update = count(.update)
        rename = count(.rename)
        adopt = count(.adopt)
        delete = count(.delete)
        orphan = count(.orphan)
        pause = count(.pause)
        resume = count(.resume)
        self.unchanged = unchanged
    }

    /// Saved plans from before pause/resume existed decode with none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        create = try c.decode(Int.self, forKey: .create)
        update = try c.decode(Int.self, forKey: .update)
        rename = try c.decode(Int.self, forKey: .rename)
        adopt = try c.decode(Int.self, forKey: .adopt)
        delete = try c.decode(Int.self, forKey: .delete)
        orphan = try c.decode(Int.self, forKey: .orphan)
        pause = try c.decodeIfPresent(Int.self, forKey: .pause) ?? 0
        resume = try c.decodeIfPresent(Int.self, forKey: .resume) ?? 0
        unchanged = try c.decode(Int.self, forKey: .unchanged)
    }

    /// `Plan: 1 to create, 1 to update, 1 to delete, 42 unchanged.` (renames and adoptions
    /// are updates of an existing check).
    public var sentence: String {
        let pauses = (pause > 0 ? ", \(pause) to pause" : "") + (resume > 0 ? ", \(resume) to resume" : "")
        return "Plan: \(create) to create, \(update + rename + adopt) to update\(pauses), \(delete) to delete, \(unchanged) unchanged."
    }
}

public struct PlanAction: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case create
        case update
        /// An owned check found under a previous name: its slug and name change, its id stays.
        case rename
        /// A check cronops does not own yet, taken over because the job says `adopt: true`.
        case adopt
        /// An owned check no job defines any more, with prune on.
        case delete
        /// The same with prune off: kept, reported, not a change.
        case orphan
        /// The job is suspended: pause its check (`manual_resume` keeps it paused).
        case pause
        /// The job is no longer suspended: resume its check.
        case resume
    }

    public var kind: Kind
    /// The slug after the action (the new one for a rename).
    public var slug: String
    /// The slug before a rename.
    public var previousSlug: String?
    /// The existing check's id (uuid, or `unique_key` under a read-only key).
    public var checkID: String?
    public var job: String?
    public var host: String?
    /// Field-level diff, for display (values already formatted).
    public var changes: [FieldChange]
    /// The body `apply` sends: every field for a create, only what differs otherwise.
    public var fields: CheckFields?
    /// Something the plan could not know (e.g. channels under a read-only key).
    public var note: String?

    /// Spelt so that the snake_case key strategies map it to `check_id` both ways.
    enum CodingKeys: String, CodingKey {
        case kind, slug, previousSlug, checkID = "checkId", job, host, changes, fields, note
    }

    public init(kind: Kind, slug: String, previousSlug: String? = nil, checkID: String? = nil, job: String? = nil,
                host: String? = nil, changes: [FieldChange] = [], fields: CheckFields? = nil, note: String? = nil) {
        self.kind = kind
        self.slug = slug
        self.previousSlug = previousSlug
        self.checkID = checkID
        self.job = job
        self.host = host
        self.changes = changes
        self.fields = fields
        self.note = note
    }
}

/// One field that differs, as the user reads it: `grace 10m -> 20m`.
public struct FieldChange: Sendable, Equatable, Codable {
    public var field: String
    /// nil for a create.
    public var old: String?
    public var new: String

    public init(field: String, old: String?, new: String) {
        self.field = field
        self.old = old
        self.new = new
    }
}

/// The check fields cronops writes, in the server's names. nil = not sent (the server's update
/// is partial; `null` would be rejected).
public struct CheckFields: Sendable, Equatable, Codable {
    public var name: String?
    public var slug: String?
    public var tags: String?
    public var desc: String?
    public var schedule: String?
    public var tz: String?
    public var grace: Int?
    /// Comma-joined channel ids (ids, not names: names may be ambiguous).
    public var channels: String?
    /// true while the job is suspended, so that a stray ping cannot un-pause its check.
    public var manualResume: Bool?

    public init(name: String? = nil, slug: String? = nil, tags: String? = nil, desc: String? = nil,
                schedule: String? = nil, tz: String? = nil, grace: Int? = nil, channels: String? = nil,
                manualResume: Bool? = nil) {
        self.name = name
        self.slug = slug
        self.tags = tags
        self.desc = desc
        self.schedule = schedule
        self.tz = tz
        self.grace = grace
        self.channels = channels
        self.manualResume = manualResume
    }

    public var isEmpty: Bool { self == CheckFields() }
}
