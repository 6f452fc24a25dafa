/// What a monitor provider holds right now, as plan reads it: the checks (every one the key
/// can see, owned or not) and the alert channels that route names resolve against.
public struct ServerState: Sendable, Equatable {
    public var checks: [RemoteCheck]
    public var channels: ChannelDirectory

    public init(checks: [RemoteCheck], channels: ChannelDirectory) {
        self.checks = checks
        self.channels = channels
    }

    /// A read-only key hides channels (and uuids): plan still works, apply must refuse.
    public var isReadOnly: Bool { channels == .hidden }
}

/// One check as the provider returned it. Only the fields cronops manages are kept.
public struct RemoteCheck: Sendable, Equatable, Codable {
    /// The uuid (read-write key), or the `unique_key` a read-only key sees instead.
    public var id: String
    public var name: String
    public var slug: String
    /// Space-separated, exactly as stored (the server keeps it verbatim).
    public var tags: String
    public var desc: String
    public var grace: Int
    /// Present only for simple (timeout) checks.
    public var timeout: Int?
    /// Present only for cron/OnCalendar checks, byte-for-byte as stored.
    public var schedule: String?
    public var tz: String?
    /// Assigned channel ids, comma-joined and sorted; nil when the key cannot see them.
    public var channels: String?
    /// `new`, `up`, `grace`, `down`, `paused`, … as the server computes it now; nil when not
    /// known (a local state file written before suspension existed).
    public var status: String?
    /// Pings do not un-pause the check (what a suspended job's check needs).
    public var manualResume: Bool?

    public init(id: String, name: String, slug: String, tags: String, desc: String, grace: Int,
                timeout: Int? = nil, schedule: String? = nil, tz: String? = nil, channels: String? = nil,
                status: String? = nil, manualResume: Bool? = nil) {
        self.id = id
        self.name = name
        self.slug = slug
        self.tags = tags
        self.desc = desc
        self.grace = grace
        self.timeout = timeout
        self.schedule = schedule
        self.tz = tz
        self.channels = channels
        self.status = status
        self.manualResume = manualResume
    }

    public var isPaused: Bool { status == "paused" }

    /// Tags as the set the server means (it stores the raw string, duplicates and spaces included).
    public var tagSet: Set<String> { Set(tags.split(separator: " ").map(String.init)) }

    /// Whether `tag` is one of the space-separated tags (without building a set).
    public func hasTag(_ tag: String) -> Bool {
        tags.utf8.split(separator: UInt8(ascii: " ")).contains { $0.elementsEqual(tag.utf8) }
    }

    public var channelIDs: [String]? {
        channels.map { $0.split(separator: ",").map(String.init).sorted() }
    }
}

/// A server integration that routes refer to by name (or id).
public struct RemoteChannel: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var kind: String

    public init(id: String, name: String, kind: String) {
        self.id = id
        self.name = name
        self.kind = kind
    }
}

/// How route channel names turn into the ids a check stores.
public enum ChannelDirectory: Sendable, Equatable {
    /// The server's list (read-write key): names resolve to ids, and must be unique.
    case listed([RemoteChannel])
    /// A read-only key cannot list channels nor see a check's channels.
    case hidden
    /// The local provider has no integrations: a channel's name is its id.
    case namesAreIDs
}
