/// ANSI colour for text a terminal shows (plan, status); a no-op when colour is off (not a
/// terminal, `NO_COLOR`, `--color never`). `code` is the SGR parameter: `32` green, `1;31` bold red.
struct Paint {
    let enabled: Bool
    func callAsFunction(_ text: String, _ code: String) -> String {
        enabled ? "\u{1b}[\(code)m\(text)\u{1b}[0m" : text
    }
}
