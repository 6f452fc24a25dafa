import CronopsCore

/// Plan and apply, as library functions that take a `Spec` and a provider. The CLI only parses
/// flags, calls these, renders and maps to an exit code.
public enum MonitorSync {
    public struct PlanOutcome: Sendable {
        public var plan: Plan
        /// Plan errors (E2xx) make the plan unusable; warnings do not.
        public var diagnostics: Diagnostics
        public var state: ServerState
    }

    public static func plan(spec: Spec, provider: any MonitorProvider, prune: Bool) async throws -> PlanOutcome {
        let state = try await provider.fetchState()
        var diagnostics = Diagnostics()
        let plan = Planner.plan(spec: spec, state: state, provider: provider.kind, target: provider.target,
                                prune: prune, diagnostics: &diagnostics)
        return PlanOutcome(plan: plan, diagnostics: diagnostics, state: state)
    }

    public struct ActionResult: Sendable, Equatable {
        public var action: PlanAction
        /// nil on success.
        public var error: String?
        public var detail: String
    }

    public struct ApplyReport: Sendable {
        public var plan: Plan
        public var diagnostics: Diagnostics
        public var results: [ActionResult]
        public var succeeded: Int { results.count { $0.error == nil } }
        public var failed: Int { results.count { $0.error != nil } }
        /// Plan errors stopped the run before anything was sent.
        public var blocked: Bool { diagnostics.hasErrors }

        public var sentence: String {
            if blocked { return "Apply: nothing done, the plan has errors." }
            if results.isEmpty { return "Apply: no changes; \(plan.summary.unchanged) checks already match." }
            return "Apply: \(succeeded) of \(results.count) changes done" + (failed > 0 ? ", \(failed) failed; run `cronops apply` again to finish." : ".")
        }
    }

    /// Without a saved plan: plan and apply in one go. With one: re-read the provider, refuse
    /// the plan when the state it was computed from has changed, then carry it out.
    public static func apply(spec: Spec, savedPlan: Plan?, provider: any MonitorProvider, prune: Bool,
                             readOnlyEnv: String, announce: @Sendable (Plan) -> Void = { _ in },
                             progress: @escaping @Sendable (ActionResult) -> Void) async throws -> ApplyReport {
        let state = try await provider.fetchState()
        if state.isReadOnly { throw MonitorError.readOnlyKey(env: readOnlyEnv) }
        var diagnostics = Diagnostics()
        let plan: Plan
        if let saved = savedPlan {
            guard saved.project == spec.project else { throw MonitorError.planProjectMismatch(plan: saved.project, repo: spec.project) }
            // A local state path may be spelt differently between runs (--config forms); the
            // fingerprint still protects it. A server is identified by its API base.
            guard saved.provider == provider.kind && (provider.kind == "local" || saved.target == provider.target) else {
                throw MonitorError.planProviderMismatch(plan: "\(saved.provider) \(saved.target)", repo: "\(provider.kind) \(provider.target)")
            }
            if saved.readOnly { throw MonitorError.readOnlyPlan }
            if prune && !saved.prune { throw MonitorError.pruneNotInPlan }
            guard saved.fingerprint == Fingerprint.of(state) else { throw MonitorError.stalePlan }
            plan = saved
        } else {
            plan = Planner.plan(spec: spec, state: state, provider: provider.kind, target: provider.target,
                                prune: prune, diagnostics: &diagnostics)
            if diagnostics.hasErrors {
                return ApplyReport(plan: plan, diagnostics: diagnostics, results: [])
            }
        }
        if plan.hasChanges { announce(plan) }
        let results = await execute(plan.changes, on: provider, progress: progress)
        var report = ApplyReport(plan: plan, diagnostics: diagnostics, results: results)
        do {
            try await provider.commit()
        } catch {
            // Nothing performed is durable: count every change as failed.
            let why = "\(error)"
            report.results = results.map { ActionResult(action: $0.action, error: $0.error ?? why, detail: $0.detail) }
        }
        return report
    }

    /// Renames go first (they free slugs a create may reuse), deletes last; within a phase up
    /// to `maxConcurrency` requests run at once. A failed change does not stop the others.
    static func execute(_ actions: [PlanAction], on provider: any MonitorProvider,
                        progress: @escaping @Sendable (ActionResult) -> Void) async -> [ActionResult] {
        let phases: [[PlanAction]] = [
            actions.filter { $0.kind == .rename },
            actions.filter { $0.kind == .create || $0.kind == .update || $0.kind == .adopt },
            actions.filter { $0.kind == .delete },
        ]
        var results: [ActionResult] = []
        for phase in phases where !phase.isEmpty {
            let width = max(1, provider.maxConcurrency)
            let phaseResults = await withTaskGroup(of: (Int, ActionResult).self) { group in
                var collected: [(Int, ActionResult)] = []
                var next = 0
                func launch(_ index: Int) {
                    let action = phase[index]
                    group.addTask {
                        let result: ActionResult
                        do {
                            let detail = try await provider.perform(action)
                            result = ActionResult(action: action, error: nil, detail: detail)
                        } catch {
                            result = ActionResult(action: action, error: "\(error)", detail: "failed")
                        }
                        progress(result)
                        return (index, result)
                    }
                }
                while next < min(width, phase.count) { launch(next); next += 1 }
                while let done = await group.next() {
                    collected.append(done)
                    if next < phase.count { launch(next); next += 1 }
                }
                return collected.sorted { $0.0 < $1.0 }.map(\.1)
            }
            results += phaseResults
        }
        return results
    }
}
