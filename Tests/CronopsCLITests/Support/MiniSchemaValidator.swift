import Foundation

/// The subset of JSON Schema 2020-12 our schemas use, enough to check the examples against
/// them without Python at test time. `SchemaTests` asserts that the schemas use no keyword
/// outside `supportedKeywords`, so nothing is silently ignored.
struct MiniSchemaValidator {
    static let supportedKeywords: Set<String> = [
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties", "additionalProperties",
        "required", "enum", "const", "pattern", "items", "minItems", "uniqueItems", "minimum", "maximum",
        "minLength", "maxLength", "minProperties", "propertyNames",
    ]

    /// Schemas by file name (`job.schema.json`), for `$ref`s across files.
    let documents: [String: [String: Any]]

    func validate(_ value: Any, against schema: [String: Any], in document: String, path: String = "$") -> [String] {
        var errors: [String] = []
        if let ref = schema["$ref"] as? String {
            let (file, pointer) = ref.hasPrefix("#") ? (document, String(ref.dropFirst())) :
                (String(ref.prefix(while: { $0 != "#" })), String(ref.drop(while: { $0 != "#" }).dropFirst()))
            guard let target = resolve(pointer, in: file) else { return ["\(path): unresolvable $ref \(ref)"] }
            errors += validate(value, against: target, in: file, path: path)
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as? String].compactMap { $0 }
            if !types.contains(where: { matches(value, type: $0) }) { errors.append("\(path): expected \(types.joined(separator: "|"))") }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { equal($0, value) }) {
            errors.append("\(path): not one of \(options)")
        }
        if let constant = schema["const"], !equal(constant, value) { errors.append("\(path): must be \(constant)") }
        if let s = value as? String {
            if let pattern = schema["pattern"] as? String, ((try? Regex(pattern)).flatMap { try? $0.firstMatch(in: s) }) == nil {
                errors.append("\(path): '\(s)' does not match \(pattern)")
            }
            if let n = schema["minLength"] as? Int, s.count < n { errors.append("\(path): shorter than \(n)") }
            if let n = schema["maxLength"] as? Int, s.count > n { errors.append("\(path): longer than \(n)") }
        }
        if let n = number(value) {
            if let lo = schema["minimum"] as? Double, n < lo { errors.append("\(path): below \(lo)") }
            if let hi = schema["maximum"] as? Double, n > hi { errors.append("\(path): above \(hi)") }
        }
        if let array = value as? [Any] {
            if let n = schema["minItems"] as? Int, array.count < n { errors.append("\(path): fewer than \(n) items") }
            if schema["uniqueItems"] as? Bool == true, Set(array.map { "\($0)" }).count != array.count { errors.append("\(path): items repeat") }
            if let items = schema["items"] as? [String: Any] {
                for (i, item) in array.enumerated() { errors += validate(item, against: items, in: document, path: "\(path)[\(i)]") }
            }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { errors.append("\(path): missing \(key)") }
            if let n = schema["minProperties"] as? Int, object.count < n { errors.append("\(path): fewer than \(n) keys") }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                if let names = schema["propertyNames"] as? [String: Any] {
                    errors += validate(key, against: names, in: document, path: "\(path).\(key) (name)")
                }
                if let sub = properties[key] as? [String: Any] {
                    errors += validate(child, against: sub, in: document, path: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] {
                    if extra as? Bool == false { errors.append("\(path): unexpected key \(key)") }
                    if let sub = extra as? [String: Any] { errors += validate(child, against: sub, in: document, path: "\(path).\(key)") }
                }
            }
        }
        return errors
    }

    func resolve(_ pointer: String, in file: String) -> [String: Any]? {
        var node: Any? = documents[file]
        for part in pointer.split(separator: "/") { node = (node as? [String: Any])?[String(part)] }
        return node as? [String: Any]
    }

    func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return value is Bool
        case "integer": return value is Int
        case "number": return value is Int || value is Double
        case "null": return value is NSNull
        default: return false
        }
    }

    /// On Linux an NSNumber from JSONSerialization also answers `is Bool`, so integers first.
    func number(_ value: Any) -> Double? {
        if let i = value as? Int { return Double(i) }
        if value is Bool { return nil }
        return value as? Double
    }

    func equal(_ a: Any, _ b: Any) -> Bool {
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = number(a), let y = number(b) { return x == y }
        if let x = a as? Bool, let y = b as? Bool { return x == y }
        return false
    }

    /// Every keyword used anywhere in a schema (keys of schema objects, not of `properties`).
    static func keywords(in schema: Any) -> Set<String> {
        guard let object = schema as? [String: Any] else {
            return (schema as? [Any])?.reduce(into: Set<String>()) { $0.formUnion(keywords(in: $1)) } ?? []
        }
        var result = Set(object.keys)
        for (key, value) in object {
            switch key {
            case "properties", "$defs":
                for sub in (value as? [String: Any] ?? [:]).values { result.formUnion(keywords(in: sub)) }
            case "enum", "const", "required", "description", "title":
                continue
            default:
                result.formUnion(keywords(in: value))
            }
        }
        return result
    }
}
