import Foundation
import Model
import Store

extension Engine {
    /// Applies one piece of work to the in-memory states of the batch.
    func handle(_ work: Work, states: inout [String: ExecutionState], batch: inout Batch) {
        switch work {
        case .task(let task):
            if task.id != 0 { batch.extra.append(.deleteTask(id: task.id)) }
            withState(task.executionId, &states) { state in handle(task, &state, &batch) }
        case .start(let request, let parent, let reply, let bulk):
            startExecution(request, parent: parent, reply: reply, beginLater: bulk != nil, states: &states, batch: &batch)
        case .actionFinished(let executionId, let key, let attempt, let result):
            inFlight[AttemptIdentity(executionId: executionId, key: key, attempt: attempt)] = nil
            withState(executionId, &states) { state in
                guard state.run(key)?.status == .running, let last = state.lastAttempt(key), last.number == attempt,
                    last.status == .running
                else { return }  // cancelled, timed out or already recorded
                apply(result, to: key, &state, &batch)
                advance(&state, &batch)
            }
        case .cancel(let executionId, let reason, let reply):
            let found = withState(executionId, &states) { state in
                guard !state.record.status.isTerminal else {
                    reply?.fail(.conflict("execution `\(executionId)` already ended: \(state.record.status.rawValue)"))
                    return
                }
                terminate(&state, status: .cancelled, error: FailureInfo(message: reason, code: "cancelled"), &batch)
                let record = state.record
                batch.onCommit.append { reply?.succeed(record) }
                batch.onFailure.append { reply?.fail($0) }
            }
            if !found { replyNotFoundOrFinished(executionId, reply) }
        case .decide(let approvalId, let decision, let actor, let comment, let reply):
            guard let approval = pendingApprovals[approvalId] else {
                reply?.fail(.notFound("no pending approval `\(approvalId)`"))
                return
            }
            withState(approval.executionId, &states) { state in
                let status: ApprovalStatus = decision == .approve ? .approved : .rejected
                let decided = resolve(approval, status: status, by: actor, comment: comment, &state, &batch)
                advance(&state, &batch)
                batch.onCommit.append { reply?.succeed(decided) }
                batch.onFailure.append { reply?.fail($0) }
            }
        }
        for (id, created) in batch.created where states[id] == nil { states[id] = created }
        batch.created.removeAll()
    }

    /// Runs `body` on the execution's state (from this batch, or the cache); false when the
    /// execution is unknown or already ended.
    @discardableResult
    func withState(_ id: String, _ states: inout [String: ExecutionState], _ body: (inout ExecutionState) -> Void) -> Bool {
        guard var state = states[id] ?? cache[id] else { return false }
        body(&state)
        states[id] = state
        return true
    }

    private func replyNotFoundOrFinished(_ executionId: String, _ reply: Reply<ExecutionRecord>?) {
        guard let reply else { return }
        let store = self.store
        Task {
            if let record = try? await store.execution(id: executionId) {
                reply.fail(.conflict("execution `\(executionId)` already ended: \(record.status.rawValue)"))
            } else {
                reply.fail(.notFound("no execution `\(executionId)`"))
            }
        }
    }

    private func handle(_ task: TaskRecord, _ state: inout ExecutionState, _ batch: inout Batch) {
        guard !state.record.status.isTerminal else { return }
        let key = task.stepId.map { RunKey(stepId: $0, itemIndex: task.itemIndex ?? -1) }
        switch task.kind {
        case .advance, .runAction:
            if state.record.status == .queued { begin(&state, &batch) } else { advance(&state, &batch) }
        case .retry:
            guard let key, let attempt = task.attempt, state.run(key)?.status == .running,
                state.lastAttempt(key)?.number == attempt - 1
            else { return }
            startAttempt(key, number: attempt, &state, &batch)
            advance(&state, &batch)
        case .wakeUp:
            guard let key, state.run(key)?.status == .waiting, let last = state.lastAttempt(key),
                last.number == task.attempt
            else { return }
            complete(key, output: last.output ?? .object([:]), &state, &batch)
            advance(&state, &batch)
        case .approvalTimeout:
            guard let key, let approval = pendingApprovals.values.first(where: {
                $0.executionId == state.id && $0.stepId == key.stepId && $0.itemIndex == key.itemIndex
            }) else { return }
            resolve(approval, status: .timedOut, by: "timeout", comment: nil, &state, &batch)
            advance(&state, &batch)
        case .stepTimeout:
            guard let key, let attempt = task.attempt, state.lastAttempt(key)?.number == attempt,
                state.lastAttempt(key)?.status == .running
            else { return }
            inFlight.removeValue(forKey: AttemptIdentity(executionId: state.id, key: key, attempt: attempt))?.cancel()
            apply(.failure(ActionFailure(message: "the attempt ran out of time (step timeout)", code: "timeout", retryable: true)), to: key, &state, &batch)
            advance(&state, &batch)
        case .executionTimeout:
            let limit = compiled[state.record.versionId]?.workflow.timeout?.description ?? "its"
            terminate(
                &state, status: .timedOut,
                error: FailureInfo(message: "the execution ran longer than its \(limit) timeout", code: "timeout"), &batch)
        }
    }
}
