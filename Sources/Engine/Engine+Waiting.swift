import Foundation
import Model
import Store

extension Engine {
    /// A Human Gate: records the approval (and its timeout) and parks the step.
    func awaitApproval(_ key: RunKey, _ request: ApprovalRequest, _ state: inout ExecutionState, _ batch: inout Batch) {
        let approval = ApprovalRecord(
            id: Identifiers.random(), executionId: state.id, stepId: key.stepId, itemIndex: key.itemIndex,
            title: request.title, description: request.description, approvers: request.approvers, createdAt: batch.now,
            timeoutAt: request.timeout.map { batch.now.addingTimeInterval($0.seconds).storedPrecision },
            onTimeout: request.onTimeout)
        batch.extra.append(.putApproval(approval))
        batch.approvals.append(approval)
        wait(key, output: ["approvalId": .string(approval.id)], &state, &batch)
        if let timeoutAt = approval.timeoutAt {
            batch.schedule(.approvalTimeout, for: state.id, key: key, attempt: state.lastAttempt(key)?.number, at: timeoutAt)
        }
    }

    /// Records a decision (or a timeout) on a gate and completes its step. Returns the decided record.
    @discardableResult
    func resolve(
        _ approval: ApprovalRecord, status: ApprovalStatus, by actor: String, comment: String?,
        _ state: inout ExecutionState, _ batch: inout Batch
    ) -> ApprovalRecord {
        var decided = approval
        decided.status = status
        decided.decidedBy = actor
        decided.decidedAt = batch.now
        decided.comment = comment
        batch.extra.append(.putApproval(decided))
        batch.approvals.append(decided)
        let key = RunKey(stepId: approval.stepId, itemIndex: approval.itemIndex)
        let decision: String
        switch status {
        case .approved: decision = "approved"
        case .rejected: decision = "rejected"
        case .timedOut where approval.onTimeout == "approve": decision = "approved"
        case .timedOut where approval.onTimeout == "fail":
            fail(key, ActionFailure(message: "nobody decided before the gate's timeout", code: "timeout", retryable: false), &state, &batch)
            return decided
        default: decision = "rejected"
        }
        var output: JSONValue = [
            "decision": .string(decision), "decidedBy": .string(actor), "decidedAt": .string(Timestamps.text(batch.now)),
            "approvalId": .string(approval.id),
        ]
        if let comment { output = .object(output.objectValue!.merging(["comment": .string(comment)]) { $1 }) }
        complete(key, output: output, &state, &batch)
        return decided
    }

    /// `workflow.run`: creates the child execution and parks the step until it ends.
    func runChild(_ key: RunKey, _ request: ChildRequest, _ state: inout ExecutionState, _ batch: inout Batch) {
        let start = StartRequest(
            workflowId: request.workflow, trigger: request.trigger, vars: request.vars, configuration: request.configuration)
        let parent = ParentLink(executionId: state.id, stepId: key.stepId, itemIndex: key.itemIndex)
        do {
            var child = try makeExecution(start, parent: parent, &batch)
            begin(&child, &batch)
            childRecords[child.id] = child.record
            wait(key, output: ["executionId": .string(child.id)], &state, &batch)
            batch.created[child.id] = child
            if !child.record.status.isTerminal {
                // The child's own loop iteration picks it up; this makes sure it is not forgotten.
                batch.schedule(.advance, for: child.id, at: batch.now)
            } else {
                batch.schedule(.advance, for: state.id, at: batch.now)
            }
        } catch {
            fail(key, ActionFailure(message: "could not start `\(request.workflow)`: \(error.description)", code: "child_start", retryable: false), &state, &batch)
        }
    }

    /// Completes a step whose child execution has ended; returns whether it did.
    func resolveChild(_ key: RunKey, _ state: inout ExecutionState, _ batch: inout Batch) -> Bool {
        guard case .string(let childId)? = state.lastAttempt(key)?.output?["executionId"],
            let child = childRecords[childId], child.status.isTerminal
        else { return false }
        childRecords[childId] = nil
        let output: JSONValue = [
            "executionId": .string(childId), "status": .string(child.status.rawValue), "outputs": child.outputs ?? .null,
        ]
        if child.status == .succeeded {
            complete(key, output: output, &state, &batch)
        } else {
            let reason = child.error?.message ?? "no reason recorded"
            fail(
                key,
                ActionFailure(
                    message: "child execution \(childId) ended \(child.status.rawValue): \(reason)", code: "child_failed",
                    retryable: false, output: output), &state, &batch)
        }
        return true
    }

    /// Evaluates a `foreach` and creates its items; the items start as slots allow.
    func beginForeach(
        _ step: Step, items source: JSONValue, context: JSONValue, _ workflow: CompiledWorkflow,
        _ state: inout ExecutionState, _ batch: inout Batch
    ) {
        let key = RunKey.step(step.id)
        let items: [JSONValue]
        do {
            guard case .array(let values) = try workflow.evaluate(source, context: context) else {
                failBeforeStart(key, action: step.action, message: "`foreach` must give an array", &state, &batch)
                return
            }
            items = values
        } catch {
            failBeforeStart(key, action: step.action, message: "`foreach`: \(error.message)", &state, &batch)
            return
        }
        guard items.count <= settings.maximumForeachItems else {
            failBeforeStart(
                key, action: step.action,
                message: "`foreach` gave \(items.count) items; the limit is \(settings.maximumForeachItems)", &state, &batch)
            return
        }
        state.putRun(
            StepRunRecord(
                executionId: state.id, stepId: step.id, action: step.action, status: .running, itemCount: items.count,
                startedAt: batch.now))
        batch.event(state, key: key, status: StepStatus.running.rawValue)
        for (index, item) in items.enumerated() {
            state.putRun(StepRunRecord(executionId: state.id, stepId: step.id, itemIndex: index, action: step.action, item: item))
        }
        _ = progressForeach(step, &state, &batch)
    }

    /// Starts pending items up to the step's concurrency; finishes the step when all ended.
    func progressForeach(_ step: Step, _ state: inout ExecutionState, _ batch: inout Batch) -> Bool {
        let key = RunKey.step(step.id)
        var moved = false
        var items = state.items(of: step.id)
        var running = items.count { !$0.status.isTerminal && $0.status != .pending }
        let limit = step.concurrency ?? settings.defaultForeachConcurrency
        for item in items where item.status == .pending && running < limit {
            startAttempt(RunKey(stepId: step.id, itemIndex: item.itemIndex), number: 1, &state, &batch)
            running += 1
            moved = true
        }
        items = state.items(of: step.id)
        guard items.allSatisfy({ $0.status.isTerminal }) else { return moved }
        let outputs = JSONValue.array(items.map { $0.output ?? .null })
        if let failed = items.first(where: { $0.status == .failed || $0.status == .timedOut }) {
            let message = "item \(failed.itemIndex) failed: \(failed.error?.message ?? "no reason recorded")"
            state.updateRun(key) {
                $0.status = .failed
                $0.finishedAt = batch.now
                $0.output = outputs
                $0.error = FailureInfo(message: message, code: failed.error?.code)
            }
            batch.event(state, key: key, status: StepStatus.failed.rawValue, message: message)
        } else {
            state.updateRun(key) {
                $0.status = .succeeded
                $0.finishedAt = batch.now
                $0.output = outputs
            }
            batch.event(state, key: key, status: StepStatus.succeeded.rawValue)
        }
        return true
    }
}
