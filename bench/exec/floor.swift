// The floor of bench/exec: the least a static Swift executable that imports Foundation does
// at start (the Swift runtime, Foundation's initialisers, reading the environment, one line).
import Foundation

let home = ProcessInfo.processInfo.environment["HOME"] ?? "?"
print("floor: HOME=\(home)")
