import Foundation
import Testing
@testable import CronopsCore

/// A generated manifest read back with libyaml (the project's composer), independently of the
/// emitter: plain scalars resolved as YAML resolves them, so a string that a reader would take
/// for a number, a boolean or a null shows up as one.
indirect enum Manifest: Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case other(String)
    case list([Manifest])
    case map([String: Manifest])

    static func read(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Manifest {
        var diagnostics = Diagnostics()
        let document = YAMLComposer.compose(text, file: "manifest.yaml", diagnostics: &diagnostics)
        #expect(diagnostics.all.isEmpty, "\(diagnostics.all)", sourceLocation: sourceLocation)
        guard case .node(let node) = document else { throw ManifestError(text: "no document in:\n\(text)") }
        return try convert(node)
    }

    private static func convert(_ node: YAMLNode) throws -> Manifest {
        switch node.kind {
        case .scalar(let scalar):
            switch scalar.resolved {
            case .string(let s): return .string(s)
            case .int(let i): return .int(i)
            case .bool(let b): return .bool(b)
            default: return .other(scalar.text)
            }
        case .sequence(let items): return .list(try items.map(convert))
        case .mapping(let pairs):
            var out: [String: Manifest] = [:]
            for pair in pairs {
                guard case .scalar(let key) = pair.key.kind, out[key.text] == nil else { throw ManifestError(text: "bad or repeated key") }
                out[key.text] = try convert(pair.value)
            }
            return .map(out)
        }
    }

    subscript(_ path: String) -> Manifest? {
        var current: Manifest? = self
        for part in path.split(separator: ".") {
            if let index = Int(part), case .list(let items)? = current {
                current = index < items.count ? items[index] : nil
            } else if case .map(let map)? = current {
                current = map[String(part)]
            } else {
                return nil
            }
        }
        return current
    }

    /// A key with dots in it (labels, annotations) under `path`.
    func value(_ path: String, key: String) -> Manifest? {
        if case .map(let map)? = self[path] { return map[key] }
        return nil
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var int: Int? { if case .int(let i) = self { i } else { nil } }
    var strings: [String]? {
        guard case .list(let items) = self else { return nil }
        let out = items.compactMap(\.string)
        return out.count == items.count ? out : nil
    }
}

struct ManifestError: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}

/// Kubernetes' expansion of `$(NAME)` in a container's command, args and env values, written
/// from its documentation (API reference, Container.command: "Variable references $(VAR_NAME)
/// are expanded using the container's environment. If a variable cannot be resolved, the
/// reference in the input string will be unchanged. Double $$ are reduced to a single $, which
/// allows for escaping the $(VAR_NAME) syntax") and the algorithm of
/// third_party/forked/golang/expansion: after `$`, a `$` is a literal `$`, a `(` up to the
/// next `)` is a reference, and anything else is kept with the `$`.
enum KubernetesExpansion {
    static func expand(_ input: String, environment: [String: String]) -> String {
        let bytes = Array(input.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count else { out.append(bytes[i]); i += 1; continue }
            let next = bytes[i + 1]
            if next == UInt8(ascii: "$") {
                out.append(next); i += 2
            } else if next == UInt8(ascii: "(") {
                if let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: ")")) {
                    let name = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
                    out += Array((environment[name] ?? "$(\(name))").utf8)
                    i = close + 1
                } else {
                    out += bytes[i...]; i = bytes.count
                }
            } else {
                out += [bytes[i], next]; i += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension CrontabSample {
    static func kubernetesHost(_ name: String = "cluster-1", namespace: String = "batch", image: String? = "registry.example.com/jobs:1",
                               secret: KubernetesSettings.SecretKey = .init(name: "cronops-acme-prod", key: "ping-key"),
                               serviceAccount: String? = nil) -> CronopsCore.Host {
        Host(name: name, kind: .kubernetes,
             kubernetes: KubernetesSettings(namespace: namespace, image: image, pingKeySecret: secret, serviceAccount: serviceAccount),
             location: location(10, file: "cronops.yaml"))
    }

    /// The manifests of one kubernetes host, by file name, expecting no errors; `check` (what
    /// validate runs) must find the same as `emit`.
    static func manifests(_ spec: Spec, host: String = "cluster-1", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String: String] {
        let emission = KubernetesEmitter.emit(spec, hosts: [host], options: options())
        #expect(!emission.diagnostics.hasErrors, "\(emission.diagnostics.all)", sourceLocation: sourceLocation)
        #expect(KubernetesEmitter.check(spec, options: options()).all == emission.diagnostics.all, sourceLocation: sourceLocation)
        let files = try #require(emission.hosts.first, sourceLocation: sourceLocation).files
        return Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.text) })
    }
}
