/// The wrapper's command line as argument words, for callers outside the crontab emitter.
public enum WrapperArguments {
    /// `<cronops> exec JOB FLAGS -- COMMAND` for `job` on `host`, exactly as that host's line
    /// carries it but without the `--only-at` guard: what `cronops run` executes.
    public static func unguarded(job: Job, host: Host, spec: Spec, options: CrontabOptions) -> [String] {
        WrapperInvocation(job: job, host: host, spec: spec, onlyAt: false, paths: options.wrapperPaths(spec: spec)).words.map(\.text)
    }
}
