import CronopsCLI
import Glibc

let outcome = CronopsMain.run(Array(CommandLine.arguments.dropFirst()))
// The only place the process ends. What the command built is still referenced here, so
// `exit` hands its memory back to the kernel without freeing it piece by piece.
withExtendedLifetime(outcome) { exit(outcome.status) }
