import CronopsCore
import FoundationEssentials

/// The parts of Healthchecks' JSON that cronops reads. Everything else is ignored.
struct CheckListDTO: Decodable {
    var checks: [CheckDTO]

    /// The body of `GET checks/`: the fast scanner first; when it refuses, JSONDecoder, which
    /// either reads what the scanner could not or says what is wrong with the body.
    static func decode(_ data: Data) throws -> [CheckDTO] {
        if let checks = try? CheckListScanner.parse(data) { return checks }
        return try JSONDecoder().decode(CheckListDTO.self, from: data).checks
    }
}

struct CheckDTO: Decodable, Equatable {
    var name: String
    var slug: String
    var tags: String
    var desc: String
    var grace: Int
    var timeout: Int?
    var schedule: String?
    var tz: String?
    /// Read-write keys see the uuid and channels; read-only keys see `unique_key` instead.
    var uuid: String?
    var uniqueKey: String?
    var channels: String?
    var status: String?
    var manualResume: Bool?
    /// What `status` reads (`CheckObservation`): a start without its finish, the last ping
    /// (ISO 8601 or null), the last run's whole seconds (only after a start/finish pair), and
    /// the ping count.
    var started: Bool? = nil
    var lastPing: String? = nil
    var lastDuration: Int? = nil
    var pingCount: Int? = nil

    enum CodingKeys: String, CodingKey {
        case name, slug, tags, desc, grace, timeout, schedule, tz, uuid, channels, status, started
        case uniqueKey = "unique_key"
        case manualResume = "manual_resume"
        case lastPing = "last_ping"
        case lastDuration = "last_duration"
        case pingCount = "n_pings"
    }

    var isReadOnlyView: Bool { uuid == nil }

    func remote() throws -> RemoteCheck {
        guard let id = uuid ?? uniqueKey else {
            throw DecodingError.keyNotFound(CodingKeys.uuid, .init(codingPath: [], debugDescription: "a check without uuid or unique_key"))
        }
        return RemoteCheck(id: id, name: name, slug: slug, tags: tags, desc: desc, grace: grace, timeout: timeout,
                           schedule: schedule, tz: tz, channels: uuid == nil ? nil : (channels ?? ""),
                           status: status, manualResume: manualResume)
    }
}

extension CheckDTO {
    /// The check as `status` sees it. An unknown `status` string (a newer server) counts as
    /// `new`, which claims nothing; v1's `started` is `up` with a start.
    func observation() throws -> CheckObservation {
        let check = try remote()
        var status = status.flatMap(MonitorCheckStatus.init(rawValue:)) ?? .new
        var started = started ?? false
        if self.status == "started" {
            status = .up
            started = true
        }
        let last = lastPing.flatMap { InstantText.date(utc: $0) }
        return CheckObservation(check: check, status: status, started: started, lastPing: last,
                                lastDuration: lastDuration, pingCount: pingCount ?? 0)
    }
}

/// One entry of `GET checks/<uuid>/pings/` (newest first). Only what finds a failure's body.
struct PingDTO: Decodable, Equatable {
    var type: String
    var date: String
    var n: Int
    var bodyURL: String?

    enum CodingKeys: String, CodingKey {
        case type, date, n
        case bodyURL = "body_url"
    }

    var instant: Date? { InstantText.date(utc: date) }
}

struct PingListDTO: Decodable {
    var pings: [PingDTO]
}

/// What cronops reads of a create's answer: the check's uuid, for a pause in the same run.
struct CreatedCheckDTO: Decodable {
    var uuid: String
}

struct ChannelListDTO: Decodable {
    var channels: [RemoteChannel]
}

struct ErrorDTO: Decodable {
    var error: String
}

/// The body of a create or update: only the fields cronops manages, never `null`.
struct CheckBody: Encodable {
    var fields: CheckFields
    /// On create: match an existing check by slug so that a retried create updates instead of
    /// duplicating.
    var unique: [String]?

    enum CodingKeys: String, CodingKey {
        case name, slug, tags, desc, schedule, tz, grace, channels, unique
        case manualResume = "manual_resume"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(fields.name, forKey: .name)
        try c.encodeIfPresent(fields.slug, forKey: .slug)
        try c.encodeIfPresent(fields.tags, forKey: .tags)
        try c.encodeIfPresent(fields.desc, forKey: .desc)
        try c.encodeIfPresent(fields.schedule, forKey: .schedule)
        try c.encodeIfPresent(fields.tz, forKey: .tz)
        try c.encodeIfPresent(fields.grace, forKey: .grace)
        try c.encodeIfPresent(fields.channels, forKey: .channels)
        try c.encodeIfPresent(fields.manualResume, forKey: .manualResume)
        try c.encodeIfPresent(unique, forKey: .unique)
    }
}
