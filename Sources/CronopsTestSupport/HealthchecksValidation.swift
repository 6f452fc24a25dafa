import CronopsCore
import Foundation

/// The create/update body as Healthchecks' pydantic `Spec` (strict mode) validates it: fields
/// checked in declaration (alphabetical) order, only the first error reported, `null` rejected
/// everywhere, unknown fields ignored.
struct HCSpec {
    var channels: String?
    var desc: String?
    var failureKw: String?
    var filterBody: Bool?
    var filterDefaultFail: Bool?
    var filterHttpBody: Bool?
    var filterSubject: Bool?
    var grace: Int?
    var manualResume: Bool?
    var methods: String?
    var name: String?
    var schedule: String?
    var slug: String?
    var startKw: String?
    var subject: String?
    var subjectFail: String?
    var successKw: String?
    var tags: String?
    var timeout: Int?
    var tz: String?
    var unique: [String]?

    struct Invalid: Error { let message: String }

    static func validate(_ body: HCJSON) throws -> HCSpec {
        guard case .object = body else { throw Invalid(message: "json validation error: value is not an object") }
        var spec = HCSpec()
        func fail(_ field: String, _ reason: String) -> Invalid { Invalid(message: "json validation error: \(field) \(reason)") }
        func str(_ field: String, max: Int? = nil) throws -> String? {
            guard let value = body[field] else { return nil }
            guard case .string(let s) = value else { throw fail(field, "is not a string") }
            if let max, s.count > max { throw fail(field, "is too long") }
            return s
        }
        func bool(_ field: String) throws -> Bool? {
            guard let value = body[field] else { return nil }
            guard case .bool(let b) = value else { throw fail(field, "is not a boolean") }
            return b
        }
        func seconds(_ field: String) throws -> Int? {
            guard let value = body[field] else { return nil }
            let n: Int
            switch value {
            case .int(let i): n = i
            case .bool(let b): n = b ? 1 : 0  // Python: bool is an int
            default: throw fail(field, "is not a number")
            }
            if n < 60 { throw fail(field, "is too small") }
            if n > 31_536_000 { throw fail(field, "is too large") }
            return n
        }

        spec.channels = try str("channels")
        spec.desc = try str("desc")
        spec.failureKw = try str("failure_kw", max: 200)
        spec.filterBody = try bool("filter_body")
        spec.filterDefaultFail = try bool("filter_default_fail")
        spec.filterHttpBody = try bool("filter_http_body")
        spec.filterSubject = try bool("filter_subject")
        spec.grace = try seconds("grace")
        spec.manualResume = try bool("manual_resume")
        if let value = body["methods"] {
            guard case .string(let m) = value, m == "" || m == "POST" else { throw fail("methods", "has unexpected value") }
            spec.methods = m
        }
        spec.name = try str("name", max: 100)
        spec.schedule = try str("schedule", max: 100)
        if let schedule = spec.schedule, !isValidSchedule(schedule) {
            throw fail("schedule", "is not a valid cron or OnCalendar expression")
        }
        spec.slug = try str("slug", max: 100)
        if let slug = spec.slug, !slug.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }) {
            throw fail("slug", "does not match pattern")
        }
        spec.startKw = try str("start_kw", max: 200)
        spec.subject = try str("subject", max: 200)
        spec.subjectFail = try str("subject_fail", max: 200)
        spec.successKw = try str("success_kw", max: 200)
        spec.tags = try str("tags")
        spec.timeout = try seconds("timeout")
        spec.tz = try str("tz")
        if let tz = spec.tz, ZoneTable.canonical(tz) == nil { throw fail("tz", "is not a valid timezone") }
        if let value = body["unique"] {
            guard case .array(let items) = value else { throw fail("unique", "is not an array") }
            var keys: [String] = []
            for item in items {
                guard case .string(let s) = item, ["name", "slug", "tags", "timeout", "grace"].contains(s) else {
                    throw Invalid(message: "json validation error: an item in 'unique' has unexpected value")
                }
                keys.append(s)
            }
            spec.unique = keys
        }
        return spec
    }

    /// One line of exactly five fields is cron (checked for shape by the schedule engine);
    /// anything else is read as systemd OnCalendar, of which the double knows the keywords and
    /// `… HH:MM` forms. Macros and six-field cron therefore fail, as on the real server.
    static func isValidSchedule(_ text: String) -> Bool {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if !text.contains("\n") && fields.count == 5 {
            if case .success = CronSchedule.parse(text) { return true }
            return false
        }
        let keywords: Set<String> = ["minutely", "hourly", "daily", "weekly", "monthly", "yearly", "annually", "quarterly"]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return !lines.isEmpty && lines.allSatisfy { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            return keywords.contains(t) || (t.contains(":") && !t.hasPrefix("@"))
        }
    }
}
