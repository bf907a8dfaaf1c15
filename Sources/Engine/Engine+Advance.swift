import Foundation
import Model
import Store

extension Engine {
    /// Starts every step whose needs have finished, resolves finished sub-workflows and `foreach`
    /// items, until nothing more can move; then settles the execution's own status.
    func advance(_ state: inout ExecutionState, _ batch: inout Batch) {
        guard let workflow = compiled[state.record.versionId], !state.record.status.isTerminal,
            state.record.status != .queued
        else { return }
        var moved = true
        while moved && !state.record.status.isTerminal {
            moved = false
            for step in workflow.workflow.steps {
                if let run = state.run(.step(step.id)) {
                    if run.status == .waiting, run.action == "workflow.run" {
                        moved = resolveChild(.step(step.id), &state, &batch) || moved
                    } else if run.itemCount != nil, run.status == .running {
                        moved = progressForeach(step, &state, &batch) || moved
                    }
                    continue
                }
                moved = tryStart(step, workflow, &state, &batch) || moved
            }
            if let failed = firstBlockingFailure(workflow.workflow, state) {
                let error = state.run(.step(failed))?.error
                terminate(
                    &state, status: .failed,
                    error: FailureInfo(
                        message: "step `\(failed)` failed: \(error?.message ?? "no reason recorded")", code: error?.code,
                        stepId: failed), &batch)
                return
            }
        }
        settle(workflow, &state, &batch)
    }

    /// Starts (or skips) a step that has not started yet; returns whether it did anything.
    private func tryStart(_ step: Step, _ workflow: CompiledWorkflow, _ state: inout ExecutionState, _ batch: inout Batch) -> Bool {
        var needs: [StepRunRecord] = []
        for need in step.needs {
            guard let run = state.run(.step(need)), run.status.isTerminal else { return false }
            needs.append(run)
        }
        let key = RunKey.step(step.id)
        if let skipped = needs.first(where: { $0.status == .skipped || $0.status == .cancelled }) {
            skip(step, because: "needs `\(skipped.stepId)`, which was \(skipped.status.rawValue.lowercased())", &state, &batch)
            return true
        }
        for need in needs where need.status == .failed || need.status == .timedOut {
            // A failure that stops the execution is handled by the caller; one that may continue
            // lets dependents run.
            if workflow.step(need.stepId)?.continueOnError != true { return false }
        }
        let context = contextDocument(state, item: nil)
        if let condition = step.condition {
            do {
                if try !workflow.condition(condition, context: context) {
                    skip(step, because: "its `if` is false", &state, &batch)
                    return true
                }
            } catch {
                failBeforeStart(key, action: step.action, message: "`if`: \(error.message)", &state, &batch)
                return true
            }
        }
        if let foreach = step.foreach {
            beginForeach(step, items: foreach, context: context, workflow, &state, &batch)
        } else {
            state.putRun(StepRunRecord(executionId: state.id, stepId: step.id, action: step.action))
            startAttempt(key, number: 1, &state, &batch)
        }
        return true
    }

    private func skip(_ step: Step, because reason: String, _ state: inout ExecutionState, _ batch: inout Batch) {
        state.putRun(
            StepRunRecord(
                executionId: state.id, stepId: step.id, action: step.action, status: .skipped, finishedAt: batch.now,
                error: FailureInfo(message: reason, code: "skipped")))
        batch.event(state, key: .step(step.id), status: StepStatus.skipped.rawValue, message: reason)
    }

    /// Records a step (or item) as failed before any attempt ran (bad `if`, bad `with`).
    func failBeforeStart(_ key: RunKey, action: String, message: String, _ state: inout ExecutionState, _ batch: inout Batch) {
        var run = state.run(key) ?? StepRunRecord(executionId: state.id, stepId: key.stepId, itemIndex: key.itemIndex, action: action)
        run.status = .failed
        run.startedAt = run.startedAt ?? batch.now
        run.finishedAt = batch.now
        run.error = FailureInfo(message: message, code: "invalid_input")
        state.putRun(run)
        batch.event(state, key: key, status: StepStatus.failed.rawValue, message: message)
    }

    /// The step whose failure ends the execution, if any (a failed step without `continueOnError`).
    private func firstBlockingFailure(_ workflow: Workflow, _ state: ExecutionState) -> String? {
        for step in workflow.steps where !step.continueOnError {
            if let run = state.run(.step(step.id)), run.status == .failed || run.status == .timedOut { return step.id }
        }
        return nil
    }

    /// When every step has ended: outputs and Succeeded; otherwise Running or Waiting.
    private func settle(_ workflow: CompiledWorkflow, _ state: inout ExecutionState, _ batch: inout Batch) {
        guard !state.record.status.isTerminal else { return }
        let runs = workflow.workflow.steps.map { state.run(.step($0.id)) }
        if runs.allSatisfy({ $0?.status.isTerminal == true }) {
            let context = contextDocument(state, item: nil)
            do {
                let outputs = try workflow.evaluate(.object(workflow.workflow.outputs), context: context)
                finish(&state, status: .succeeded, outputs: outputs, error: nil, &batch)
            } catch {
                finish(
                    &state, status: .failed, outputs: nil,
                    error: FailureInfo(message: "outputs: \(error.message)", code: "invalid_output"), &batch)
            }
            return
        }
        let active = state.hasActiveRuns
        let status: ExecutionStatus = active ? .running : .waiting
        if state.record.status != status {
            state.updateRecord { $0.status = status }
            batch.event(state, key: nil, status: status.rawValue)
        }
    }
}
