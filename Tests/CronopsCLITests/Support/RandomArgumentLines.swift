import CronopsTestSupport

/// Random argument words for the differential tests of the fast paths (`ExecArguments`,
/// `PlainParsable`): option names, values and oddities, mostly in name-value pairs.
struct RandomArgumentLines {
    var random: SeededRandom
    let names: [String]
    let values: [String]
    let odd: [String]

    mutating func pick(_ words: [String]) -> String { words[random.below(words.count)] }

    /// Up to five more items: an odd word, a value, a name, or a name and a value.
    mutating func words() -> [String] {
        var line: [String] = []
        for _ in 0..<random.below(6) {
            switch random.below(10) {
            case 0: line.append(pick(odd))
            case 1: line.append(pick(values))
            case 2: line.append(pick(names))
            default: line += [pick(names), pick(values)]
            }
        }
        return line
    }
}
