import Foundation
import Model
import Store

extension Engine {
    /// Ends an execution early (cancelled, failed, timed out): stops running attempts, cancels
    /// gates and child executions, and marks every unfinished step.
    func terminate(_ state: inout ExecutionState, status: ExecutionStatus, error: FailureInfo, _ batch: inout Batch) {
        let stepStatus: StepStatus = status == .timedOut ? .timedOut : .cancelled
        let now = batch.now
        for run in state.runs.values where !run.status.isTerminal {
            let key = RunKey(stepId: run.stepId, itemIndex: run.itemIndex)
            if let attempt = state.lastAttempt(key), attempt.status == .running || attempt.status == .waiting {
                inFlight.removeValue(forKey: AttemptIdentity(executionId: state.id, key: key, attempt: attempt.number))?.cancel()
                if attempt.status == .waiting, run.action == "workflow.run",
                    case .string(let childId)? = attempt.output?["executionId"]
                {
                    batch.followUps.append(
                        .cancel(executionId: childId, reason: "the parent execution \(state.id) ended \(status.rawValue)", reply: nil))
                }
                state.updateLastAttempt(key) {
                    $0.status = stepStatus
                    $0.finishedAt = now
                }
            }
            for approval in pendingApprovals.values where approval.executionId == state.id && approval.stepId == key.stepId
                && approval.itemIndex == key.itemIndex
            {
                var cancelled = approval
                cancelled.status = .cancelled
                cancelled.decidedAt = now
                batch.extra.append(.putApproval(cancelled))
                batch.approvals.append(cancelled)
            }
            state.updateRun(key) {
                $0.status = stepStatus
                $0.finishedAt = now
                $0.error = $0.error ?? FailureInfo(message: error.message, code: error.code)
            }
            if run.itemIndex == -1 { batch.event(state, key: key, status: stepStatus.rawValue, message: error.message) }
        }
        finish(&state, status: status, outputs: nil, error: error, &batch)
    }

    /// Records the execution's end, frees its concurrency slot and tells a parent waiting for it.
    func finish(_ state: inout ExecutionState, status: ExecutionStatus, outputs: JSONValue?, error: FailureInfo?, _ batch: inout Batch) {
        let heldSlot = state.record.status == .running || state.record.status == .waiting
        let now = batch.now
        let outputs = outputs.map { SecretMasking.mask($0, secrets: settings.secrets) }
        state.updateRecord {
            $0.status = status
            $0.finishedAt = now
            $0.outputs = outputs
            $0.error = error
        }
        batch.event(state, key: nil, status: status.rawValue, message: error?.message)
        batch.extra.append(.deleteTasks(executionId: state.id))
        releaseSlot(of: state, heldSlot: heldSlot, &batch)
        if let parent = state.record.parentExecutionId {
            childRecords[state.id] = state.record
            batch.schedule(.advance, for: parent, at: now)
        }
    }
}
