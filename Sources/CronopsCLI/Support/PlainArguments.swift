import ArgumentParser

/// A command line in its plain form, read without ArgumentParser: `--name value` pairs,
/// `--flag`s, positional words and, where the command takes one, `--` and a command.
///
/// Why: ArgumentParser finds a command's options by reflection, and each property's first
/// dynamic cast scans every protocol conformance record of the binary (some 4,000): 8.8 of the
/// 23 million instructions of `cronops validate` (callgrind), about a millisecond on every run
/// of the commands that cron, CI and editors run most (`exec`, `validate`, `next`). See
/// docs/exec.md, "Cost".
///
/// Only the plain form is read. Anything else (`--help`, `--name=value`, a short name, an
/// unknown or repeated name, a value that is empty or starts with `-`, more positionals than
/// the command takes) returns nil, and ArgumentParser parses the line as it always did, so
/// help, errors and every unusual form stay exactly what ArgumentParser makes of them.
struct PlainArguments {
    enum Kind: Equatable {
        case flag, single, repeating
    }

    /// The values of each option given (a flag given has one empty value).
    private(set) var values: [String: [String]] = [:]
    private(set) var positionals: [String] = []
    /// The words after `--`, or nil when there was no `--`.
    private(set) var command: [String]?

    /// `words` read against `options` (long names with their dashes), or nil when they are
    /// not in the plain form.
    static func read(_ words: ArraySlice<String>, options: [String: Kind], positionals: Int, takesCommand: Bool) -> PlainArguments? {
        read(words, kind: { options[$0] }, positionals: positionals, takesCommand: takesCommand)
    }

    /// The same with the kinds looked up by `kind` (nil: not an option of the command).
    static func read(_ words: ArraySlice<String>, kind: (String) -> Kind?, positionals: Int, takesCommand: Bool) -> PlainArguments? {
        var read = PlainArguments()
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            index += 1
            if word == "--" {
                guard takesCommand else { return nil }
                read.command = Array(words[index...])
                break
            }
            guard !word.isEmpty else { return nil }
            guard word.hasPrefix("-") else {
                guard read.positionals.count < positionals else { return nil }
                read.positionals.append(word)
                continue
            }
            guard let kind = kind(word), kind == .repeating || read.values[word] == nil else { return nil }
            if kind == .flag {
                read.values[word] = [""]
                continue
            }
            guard index < words.endIndex else { return nil }
            let value = words[index]
            index += 1
            guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
            read.values[word, default: []].append(value)
        }
        return read
    }

    func has(_ flag: String) -> Bool { values[flag] != nil }

    /// The one value of a single option.
    func value(_ name: String) -> String? { values[name]?.first }

    /// A single option's value as `T`: `.some(nil)` when absent, nil when it does not read.
    func value<T>(_ name: String, as read: (String) -> T?) -> T?? {
        guard let text = value(name) else { return .some(nil) }
        return read(text).map { .some($0) }
    }

    /// Plain decimal digits only (no sign, no spaces), which every reader of integers accepts.
    static func digits(_ value: String) -> String? {
        value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? value : nil
    }
}

/// A command with a plain form: `CronopsMain` builds it from `PlainArguments` and runs it as
/// ArgumentParser would have (after its `validate()`).
protocol PlainParsable: ParsableCommand {
    /// Every long name the command takes (GlobalOptions' included), and how.
    static var plainOptions: [String: PlainArguments.Kind] { get }
    /// How many positional words it takes.
    static var plainPositionals: Int { get }
    /// The command `words` make, or nil when a value does not read (ArgumentParser says why).
    static func make(_ words: PlainArguments) -> Self?
}

extension PlainParsable {
    /// The command `arguments` (after its name) make in the plain form, validated; nil leaves
    /// the line to ArgumentParser.
    static func plain(_ arguments: ArraySlice<String>) -> Self? {
        guard let words = PlainArguments.read(arguments, options: plainOptions, positionals: plainPositionals, takesCommand: false),
              var command = make(words), (try? command.validate()) != nil
        else { return nil }
        return command
    }
}

extension GlobalOptions {
    static let plainOptions: [String: PlainArguments.Kind] = ["--config": .single, "--color": .single, "--quiet": .flag, "--verbose": .flag]

    /// The options as `words` give them, or nil when `--color` does not read.
    init?(_ words: PlainArguments) {
        guard case let .some(color) = words.value("--color", as: ColorChoice.init(rawValue:)) else { return nil }
        self.init()
        config = words.value("--config")
        self.color = color ?? .auto
        quiet = words.has("--quiet")
        verbose = words.has("--verbose")
    }
}
