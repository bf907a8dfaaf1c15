import Foundation
import Model
import Store

/// An external attempt to start once the batch that recorded it is committed.
struct Launch {
    var identity: AttemptIdentity
    var handler: any ActionHandler
    var invocation: ActionInvocation
}

/// Everything one loop iteration decides, committed in one store transaction.
struct Batch {
    let now: Date
    /// Mutations besides execution, step and attempt rows (tasks, approvals, idempotency keys).
    var extra: [StoreMutation] = []
    var launches: [Launch] = []
    var events: [EngineEvent] = []
    /// Run after a successful commit (replies to callers).
    var onCommit: [() -> Void] = []
    /// Run when the commit fails.
    var onFailure: [(EngineError) -> Void] = []
    /// Work for the next iteration (cancelling children, for example).
    var followUps: [Work] = []
    /// Executions created in this batch (children), keyed by id.
    var created: [String: ExecutionState] = [:]
    /// Idempotency claims made in this batch, released again if its commit fails.
    var claims: [String] = []
    /// Approvals changed in this batch, applied to the engine's pending list after commit.
    var approvals: [ApprovalRecord] = []
    /// Executions committed `Queued` that a follow-up begins: kept in memory until then.
    var beginLater: [String] = []

    init(now: Date) { self.now = now }

    mutating func schedule(_ kind: TaskKind, for executionId: String, key: RunKey? = nil, attempt: Int? = nil, at date: Date) {
        extra.append(
            .insertTask(
                TaskRecord(
                    executionId: executionId, kind: kind, stepId: key?.stepId, itemIndex: key?.itemIndex,
                    attempt: attempt, dueAt: date.storedPrecision)))
    }

    mutating func event(_ state: ExecutionState, key: RunKey?, status: String, attempt: Int? = nil, message: String? = nil) {
        events.append(
            EngineEvent(
                executionId: state.id, stepId: key?.stepId, itemIndex: key?.itemIndex ?? -1, status: status,
                attempt: attempt, at: now, message: message))
    }
}
