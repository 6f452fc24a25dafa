import ArgumentParser
import CronopsCore
import FoundationEssentials

extension GlobalOptions {
    /// Loads and checks the repository for commands that need a valid one (plan, apply,
    /// crontab, next --job): prints its diagnostics to stderr and stops with exit 1 on errors.
    public func loadValidSpec() throws -> Spec {
        try loadValidRepository().spec
    }

    /// The same, with the text of every file read, for commands that report diagnostics of
    /// their own later (plan, apply, crontab, generate) and show their source lines.
    public func loadValidRepository() throws -> (spec: Spec, sources: SourceMap) {
        let loaded = RepositoryLoader().load(config: config)
        report(loaded.diagnostics, sources: loaded.sources)
        guard let spec = loaded.spec else {
            Terminal.err("cronops: the repository has \(loaded.diagnostics.errorCount) error(s); run 'cronops validate' for details\n")
            throw ExitCode.failure
        }
        return (spec, loaded.sources)
    }
}
