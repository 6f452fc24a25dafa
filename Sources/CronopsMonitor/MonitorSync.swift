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
        public enum Outcome: Sendable, Equatable {
            /// A short past-tense detail ("created", "already gone").
            case done(String)
            case failed(String)
            /// Never sent: the monitor had stopped answering before its turn came.
            case notAttempted
        }

        public var action: PlanAction
        public var outcome: Outcome

        public init(action: PlanAction, outcome: Outcome) {
            self.action = action
            self.outcome = outcome
        }

        /// nil unless the change failed.
        public var error: String? {
            if case .failed(let why) = outcome { return why }
            return nil
        }
    }

    public struct ApplyReport: Sendable {
        public var plan: Plan
        public var diagnostics: Diagnostics
        public var results: [ActionResult]
        /// Why the monitor stopped answering, when it did (the run then stopped early).
        public var outage: String?
        public var succeeded: Int { results.count { if case .done = $0.outcome { true } else { false } } }
        public var failed: Int { results.count { $0.error != nil } }
        public var notAttempted: [PlanAction] { results.filter { $0.outcome == .notAttempted }.map(\.action) }
        /// Plan errors stopped the run before anything was sent.
        public var blocked: Bool { diagnostics.hasErrors }
        /// Every change was made: the monitor matches the plan.
        public var complete: Bool { !blocked && succeeded == results.count }

        public var sentence: String {
            if blocked { return "Apply: nothing done, the plan has errors." }
            if results.isEmpty { return "Apply: no changes; \(plan.summary.unchanged) checks already match." }
            let done = "Apply: \(succeeded) of \(results.count) changes done"
            if let outage {
                return done + ", \(failed) failed, \(notAttempted.count) not attempted: \(outage). Run `cronops apply` again to finish."
            }
            return done + (failed > 0 ? ", \(failed) failed; run `cronops apply` again to finish." : ".")
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
        var report = ApplyReport(plan: plan, diagnostics: diagnostics, results: results, outage: provider.outage)
        do {
            try await provider.commit()
        } catch {
            // Nothing performed is durable: count every change made as failed.
            let why = "\(error)"
            report.results = results.map { result in
                guard case .done = result.outcome else { return result }
                return ActionResult(action: result.action, outcome: .failed(why))
            }
        }
        return report
    }

    /// Renames go first (they free slugs a create may reuse), deletes last; within a phase up
    /// to `maxConcurrency` requests run at once. A failed change does not stop the others; a
    /// monitor that stopped answering (`provider.outage`) does: every change not yet started
    /// is then reported as not attempted, and the next apply plans them again.
    static func execute(_ actions: [PlanAction], on provider: any MonitorProvider,
                        progress: @escaping @Sendable (ActionResult) -> Void) async -> [ActionResult] {
        let phases: [[PlanAction]] = [
            actions.filter { $0.kind == .rename },
            actions.filter { $0.kind == .create || $0.kind == .update || $0.kind == .adopt },
            // After the creates and updates: a new check must exist, and manual_resume be set,
            // before its pause.
            actions.filter { $0.kind == .pause || $0.kind == .resume },
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
                    if provider.outage != nil {
                        collected.append((index, ActionResult(action: action, outcome: .notAttempted)))
                        return
                    }
                    group.addTask {
                        let outcome: ActionResult.Outcome
                        do {
                            outcome = .done(try await provider.perform(action))
                        } catch MonitorError.monitorDown {
                            outcome = .notAttempted
                        } catch {
                            outcome = .failed("\(error)")
                        }
                        let result = ActionResult(action: action, outcome: outcome)
                        if outcome != .notAttempted { progress(result) }
                        return (index, result)
                    }
                }
                while next < min(width, phase.count) { launch(next); next += 1 }
                while let done = await group.next() {
                    collected.append(done)
                    if next < phase.count { launch(next); next += 1 }
                }
                // Launches refused after the last task finished.
                while next < phase.count { launch(next); next += 1 }
                return collected.sorted { $0.0 < $1.0 }.map(\.1)
            }
            results += phaseResults
        }
        return results
    }
}
