import Foundation
import Model

/// One change in a batch that a store applies atomically.
public enum StoreMutation: Sendable, Hashable {
    case insertExecution(ExecutionRecord)
    /// Replaces the row with the same id.
    case updateExecution(ExecutionRecord)
    /// Inserts or replaces by (executionId, stepId, itemIndex).
    case putStepRun(StepRunRecord)
    /// Inserts or replaces by (executionId, stepId, itemIndex, number).
    case putAttempt(AttemptRecord)
    /// Inserts; the store assigns the id (returned by `apply`, in order).
    case insertTask(TaskRecord)
    case deleteTask(id: Int64)
    /// Deletes every task of an execution (it reached a terminal state).
    case deleteTasks(executionId: String)
    /// Inserts or replaces by id.
    case putApproval(ApprovalRecord)
    /// Inserts; fails with `StoreError.conflict` when (key, workflowId) exists.
    case insertIdempotencyKey(IdempotencyRecord)
    /// Inserts when the id is new; an existing id is left as it is (versions are immutable).
    case putDefinitionVersion(DefinitionVersionRecord)
    /// Inserts; fails with `StoreError.conflict` when (scheduleId, fireTime) exists.
    case insertScheduleFire(ScheduleFireRecord)
}

/// A store failure, with the backend's message and the operation that failed. Never shown to API
/// clients as is (it may quote SQL).
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A uniqueness rule was broken (an idempotency key or an execution id already exists).
    case conflict(String)
    /// The backend failed: `operation` is what we were doing, `message` the library's words.
    case backend(operation: String, message: String)
    /// Stored data could not be decoded.
    case corrupt(String)

    public var description: String {
        switch self {
        case .conflict(let message): "conflict: \(message)"
        case .backend(let operation, let message): "\(operation) failed: \(message)"
        case .corrupt(let message): "corrupt data: \(message)"
        }
    }
}

/// Filters and paging for listing executions, newest first.
public struct ExecutionQuery: Sendable, Hashable {
    public var workflowId: String?
    public var status: ExecutionStatus?
    /// At most this many (the store may cap it).
    public var limit: Int
    /// The `nextCursor` of the previous page.
    public var cursor: String?

    /// Creates a query.
    public init(workflowId: String? = nil, status: ExecutionStatus? = nil, limit: Int = 50, cursor: String? = nil) {
        self.workflowId = workflowId
        self.status = status
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of executions.
public struct ExecutionPage: Sendable, Hashable {
    public var items: [ExecutionRecord]
    /// Pass as `cursor` for the next page; nil on the last one.
    public var nextCursor: String?

    /// Creates a page.
    public init(items: [ExecutionRecord], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// An execution with everything recorded about its steps.
public struct ExecutionDetail: Sendable, Hashable {
    public var execution: ExecutionRecord
    /// Ordered by step id, then item index.
    public var steps: [StepRunRecord]
    /// Ordered by step id, item index, number.
    public var attempts: [AttemptRecord]

    /// Creates a detail.
    public init(execution: ExecutionRecord, steps: [StepRunRecord], attempts: [AttemptRecord]) {
        self.execution = execution
        self.steps = steps
        self.attempts = attempts
    }
}

/// Durable state of the engine. Every backend (SQLite, PostgreSQL) passes the same conformance
/// suite (`Tests/StoreSQLiteTests/StoreConformance.swift`).
public protocol ExecutionStore: Sendable {
    /// Applies every mutation in one transaction: all or none. Returns the ids of inserted tasks,
    /// in the order of their `insertTask` mutations.
    @discardableResult
    func apply(_ mutations: [StoreMutation]) async throws(StoreError) -> [Int64]

    func execution(id: String) async throws(StoreError) -> ExecutionRecord?
    func executionDetail(id: String) async throws(StoreError) -> ExecutionDetail?
    /// Newest first (by creation time, then id).
    func executions(_ query: ExecutionQuery) async throws(StoreError) -> ExecutionPage
    /// Executions not in a terminal state, oldest first.
    func activeExecutions() async throws(StoreError) -> [ExecutionRecord]
    /// How many executions of `workflowId` with `concurrencyKey` (nil matches nil) are in `statuses`.
    func countExecutions(
        workflowId: String, concurrencyKey: String?, statuses: Set<ExecutionStatus>
    ) async throws(StoreError) -> Int
    /// The oldest Queued execution of `workflowId` with `concurrencyKey` (nil matches nil).
    func oldestQueuedExecution(workflowId: String, concurrencyKey: String?) async throws(StoreError) -> ExecutionRecord?
    /// Children started by a step.
    func childExecutions(parentExecutionId: String) async throws(StoreError) -> [ExecutionRecord]

    /// Tasks due at or before `now`, oldest due first, at most `limit`.
    func dueTasks(now: Date, limit: Int) async throws(StoreError) -> [TaskRecord]
    /// When the next task falls due; nil when there is none.
    func nextDueDate() async throws(StoreError) -> Date?
    /// Every task of an execution.
    func tasks(executionId: String) async throws(StoreError) -> [TaskRecord]

    func definitionVersion(id: String) async throws(StoreError) -> DefinitionVersionRecord?
    /// Versions of a workflow, newest first.
    func definitionVersions(workflowId: String) async throws(StoreError) -> [DefinitionVersionRecord]

    func approval(id: String) async throws(StoreError) -> ApprovalRecord?
    /// Approvals, oldest first; all of them when `status` is nil.
    func approvals(status: ApprovalStatus?) async throws(StoreError) -> [ApprovalRecord]

    func idempotencyRecord(key: String, workflowId: String) async throws(StoreError) -> IdempotencyRecord?
    /// Deletes idempotency records created before `date`; returns how many.
    @discardableResult
    func deleteIdempotencyRecords(before date: Date) async throws(StoreError) -> Int
}
