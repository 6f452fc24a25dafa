/// Problems with the values of a repository that reads fine as YAML (E023–E099, W001–W049).
extension Diagnostic {
    static func invalidName(kind: String, _ name: Located<String>, problem: String) -> Diagnostic {
        .error("E023", "\(kind) name '\(name.value)' \(problem)", at: name.location)
    }

    static func duplicateJob(_ name: Located<String>, first: SourceLocation) -> Diagnostic {
        .error("E024", "job '\(name.value)' is defined twice; job names are unique across the repository",
               at: name.location, notes: [DiagnosticNote("'\(name.value)' first defined here", at: first)])
    }

    static func duplicateEntry(kind: String, _ name: Located<String>, first: SourceLocation) -> Diagnostic {
        .error("E024", "\(kind) '\(name.value)' is listed twice", at: name.location,
               notes: [DiagnosticNote("first listed here", at: first)])
    }

    static func invalidDuration(_ value: Located<String>, what: String, _ error: TimeSpan.ParseError) -> Diagnostic {
        .error("E025", "\(what) '\(value.value)' is not a duration: \(error.message)",
               at: value.location.advanced(by: error.offset))
    }

    static func durationOutOfRange(_ value: Located<String>, what: String, range: String) -> Diagnostic {
        .error("E026", "\(what) '\(value.value)' is out of range: it must be \(range)", at: value.location)
    }

    static func unknownReference(kind: String, _ name: Located<String>, known: [String], definedIn: String) -> Diagnostic {
        let code = kind == "route" ? "E027" : "E028"
        let list = known.isEmpty ? "none are defined" : "defined: \(known.joined(separator: ", "))"
        if let s = Suggestions.closest(to: name.value, in: known) {
            return .error(code, "unknown \(kind) '\(name.value)'; did you mean '\(s)'?", at: name.location,
                          notes: [DiagnosticNote("\(kind)s are defined under '\(kind)s:' in \(definedIn) (\(list))")], fixIt: s)
        }
        return .error(code, "unknown \(kind) '\(name.value)'", at: name.location,
                      notes: [DiagnosticNote("\(kind)s are defined under '\(kind)s:' in \(definedIn) (\(list))")])
    }

    static func secretValue(at location: SourceLocation) -> Diagnostic {
        .error("E029", "this value looks like a Healthchecks API key; keys never belong in the repository: put it in an environment variable and name the variable with 'api_key_env'",
               at: location)
    }

    static func invalidSchedule(_ schedule: Located<String>, _ error: ScheduleError) -> Diagnostic {
        .error("E030", "invalid schedule '\(schedule.value)': \(error.message)", at: schedule.location.advanced(by: error.offset))
    }

    static func unknownZone(_ zone: Located<String>) -> Diagnostic {
        if let s = Suggestions.closest(to: zone.value, in: ZoneTable.allNames) {
            return .error("E031", "unknown time zone '\(zone.value)'; did you mean '\(s)'?", at: zone.location, fixIt: s)
        }
        return .error("E031", "unknown time zone '\(zone.value)'; use an IANA name such as Europe/Berlin or UTC",
                      at: zone.location)
    }

    static func legacyZone(_ zone: Located<String>, canonical: String) -> Diagnostic {
        .warning("W001", "time zone '\(zone.value)' is a legacy alias of '\(canonical)'; the monitor stores '\(canonical)'",
                 at: zone.location, fixIt: canonical)
    }

    static func invalidRule(_ rule: Located<String>, _ error: RuleSyntaxError) -> Diagnostic {
        .error("E032", "invalid rule '\(rule.value)': \(error.message)", at: rule.location.advanced(by: error.offset))
    }

    static func invalidRegex(_ pattern: Located<String>, what: String, reason: String) -> Diagnostic {
        .error("E033", "\(what) pattern '\(pattern.value)' is not a valid regular expression: \(reason)", at: pattern.location)
    }

    static func invalidChoice(_ value: Located<String>, what: String, choices: [String]) -> Diagnostic {
        let quoted = choices.map { "'\($0)'" }.joined(separator: ", ")
        if let s = Suggestions.closest(to: value.value, in: choices) {
            return .error("E034", "\(what) '\(value.value)' is not one of \(quoted); did you mean '\(s)'?", at: value.location, fixIt: s)
        }
        return .error("E034", "\(what) '\(value.value)' is not one of \(quoted)", at: value.location)
    }

    static func outOfRange(_ value: Located<Int>, what: String, range: ClosedRange<Int>) -> Diagnostic {
        .error("E035", "\(what) is \(value.value); it must be between \(range.lowerBound) and \(range.upperBound)", at: value.location)
    }

    static func unsupportedVersion(_ value: Located<Int>) -> Diagnostic {
        .error("E036", "'version: \(value.value)' is not supported; this cronops reads version 1", at: value.location, fixIt: "1")
    }

    static func invalidValue(_ what: String, _ location: SourceLocation, _ problem: String, fixIt: String? = nil) -> Diagnostic {
        .error("E037", "\(what) \(problem)", at: location, fixIt: fixIt)
    }

    static func missingJobField(_ key: String, job: Located<String>) -> Diagnostic {
        .error("E022", "job '\(job.value)' needs '\(key)'", at: job.location)
    }

    static func previousNameTaken(_ name: Located<String>, job: String, other: SourceLocation) -> Diagnostic {
        .error("E038", "previous name '\(name.value)' of job '\(job)' is the name of another job; a rename cannot take over a live job",
               at: name.location, notes: [DiagnosticNote("job '\(name.value)' is defined here", at: other)])
    }

    static func previousNameClaimedTwice(_ name: Located<String>, first: SourceLocation) -> Diagnostic {
        .error("E038", "previous name '\(name.value)' is claimed by two jobs; only one job can inherit a check",
               at: name.location, notes: [DiagnosticNote("also claimed here", at: first)])
    }

    static func slugTooLong(_ slug: String, job: Located<String>) -> Diagnostic {
        .error("E039", "check slug '\(slug)' is \(slug.count) characters; Healthchecks allows 100. Shorten the job or host name, or use 'monitor: shared'",
               at: job.location)
    }

    static func tagsTooLong(total: Int, at location: SourceLocation) -> Diagnostic {
        .error("E040", "tags add up to \(total) characters with the ownership tag; Healthchecks stores at most 500",
               at: location)
    }

    static func durationsInverted(min: Located<String>, max: Located<String>) -> Diagnostic {
        .error("E041", "'validate.duration.min' (\(min.value)) is longer than 'max' (\(max.value)); no run could pass",
               at: min.location, notes: [DiagnosticNote("max is set here", at: max.location)])
    }

    static func noHosts(job: Located<String>) -> Diagnostic {
        .warning("W002", "job '\(job.value)' runs on no host: it is monitored, but no crontab will run it; write 'hosts: []' if it runs elsewhere",
                 at: job.location)
    }


    static func hostKeyForOtherKind(key: String, host: String, kind: HostKind, owners: Set<HostKind>, at location: SourceLocation) -> Diagnostic {
        let names = HostKind.allCases.filter(owners.contains).map(\.rawValue)
        return .error("E060", "'\(key)' of host '\(host)' only applies to hosts of kind \(names.joined(separator: " or ")); this host is of kind \(kind.rawValue)",
                      at: location, notes: [DiagnosticNote("remove it, or set 'kind: \(names[0])'")])
    }
}
