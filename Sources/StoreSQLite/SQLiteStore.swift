import Foundation
import Model
import SQLite
import Store

/// The single-machine `ExecutionStore`: one SQLite file in WAL mode (DESIGN.md §6).
///
/// The actor is the only owner of its connection, so every call runs serially; `apply` is one
/// `BEGIN IMMEDIATE` transaction, which also keeps other processes' writers out while it runs.
///
/// - Dates are kept as whole Unix milliseconds, truncated toward the past (`storedDate(_:)`).
/// - `updateExecution` of an id that does not exist fails the batch with `.conflict`.
/// - `executions(_:)` caps `limit` to 1…500; its cursor is opaque, and one this store did not hand
///   out fails with `.corrupt("invalid cursor")` (an API answers that with 400).
/// - JSON values go through `JSONValue.jsonText`, so a whole `.number` (such as `2.0`) reads
///   back as `.integer` — the same value in JSON.
public actor SQLiteStore: ExecutionStore {
    /// How hard commits work to survive a power cut (`PRAGMA synchronous`).
    public enum Synchronous: Sendable, Hashable {
        /// Commits survive a crash of the process; the last ones may be lost on a power cut. Fast.
        case normal
        /// Every commit reaches the disk before `apply` returns. Several times slower.
        case full
    }

    /// The database file.
    public nonisolated let path: String
    let database: StoreDatabase
    private var versionCache: [String: DefinitionVersionRecord] = [:]

    /// Opens (creating the file and its folder when missing) the store at `path`, switches it to WAL
    /// mode and brings its schema up to date.
    public init(path: String, synchronous: Synchronous = .normal) throws(StoreError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .backend(operation: "open", message: "cannot create \(folder): \(error.localizedDescription)")
        }
        do {
            database = try StoreDatabase(path: path, synchronous: synchronous == .full ? .full : .normal)
        } catch {
            throw .backend(operation: "open", message: error.description)
        }
        self.path = path
    }

    /// Applies every mutation in one transaction: all or none. Returns the ids of inserted tasks, in
    /// order. A duplicate execution id or idempotency key is `.conflict`; nothing of the batch stays.
    @discardableResult
    public func apply(_ mutations: [StoreMutation]) throws(StoreError) -> [Int64] {
        try database.apply(mutations)
    }

    /// The execution with `id`, if any.
    public func execution(id: String) throws(StoreError) -> ExecutionRecord? {
        try database.execution(id: id)
    }

    /// The execution with its step runs and attempts, read from one snapshot.
    public func executionDetail(id: String) throws(StoreError) -> ExecutionDetail? {
        try database.executionDetail(id: id)
    }

    /// A page of executions, newest first by (createdAt, id); see the type's notes on cursors.
    public func executions(_ query: ExecutionQuery) throws(StoreError) -> ExecutionPage {
        try database.executions(query)
    }

    /// Executions not in a terminal state, oldest first.
    public func activeExecutions() throws(StoreError) -> [ExecutionRecord] {
        try database.activeExecutions()
    }

    /// How many executions of `workflowId` with `concurrencyKey` (nil matches nil) are in `statuses`.
    public func countExecutions(
        workflowId: String, concurrencyKey: String?, statuses: Set<ExecutionStatus>
    ) throws(StoreError) -> Int {
        try database.countExecutions(workflowId: workflowId, concurrencyKey: concurrencyKey, statuses: statuses)
    }

    /// The oldest Queued execution of `workflowId` with `concurrencyKey` (nil matches nil).
    public func oldestQueuedExecution(workflowId: String, concurrencyKey: String?) throws(StoreError) -> ExecutionRecord? {
        try database.oldestQueuedExecution(workflowId: workflowId, concurrencyKey: concurrencyKey)
    }

    /// Children started by a step of `parentExecutionId`, oldest first.
    public func childExecutions(parentExecutionId: String) throws(StoreError) -> [ExecutionRecord] {
        try database.childExecutions(parentExecutionId: parentExecutionId)
    }

    /// Tasks due at or before `now`, oldest due first (then by id), at most `limit`.
    public func dueTasks(now: Date, limit: Int) throws(StoreError) -> [TaskRecord] {
        try database.dueTasks(now: now, limit: limit)
    }

    /// When the next task falls due; nil when there is none.
    public func nextDueDate() throws(StoreError) -> Date? {
        try database.nextDueDate()
    }

    /// Every task of an execution, in insertion order.
    public func tasks(executionId: String) throws(StoreError) -> [TaskRecord] {
        try database.tasks(executionId: executionId)
    }

    /// The definition version with `id`, if any.
    public func definitionVersion(id: String) throws(StoreError) -> DefinitionVersionRecord? {
        // Versions never change once written, so decoded ones can be kept (a few hundred at most).
        if let cached = versionCache[id] { return cached }
        let version = try database.definitionVersion(id: id)
        if let version {
            if versionCache.count >= 512 { versionCache.removeAll() }
            versionCache[id] = version
        }
        return version
    }

    /// Versions of a workflow, newest first (by createdAt, then id).
    public func definitionVersions(workflowId: String) throws(StoreError) -> [DefinitionVersionRecord] {
        try database.definitionVersions(workflowId: workflowId)
    }

    /// The approval with `id`, if any.
    public func approval(id: String) throws(StoreError) -> ApprovalRecord? {
        try database.approval(id: id)
    }

    /// Approvals, oldest first; all of them when `status` is nil.
    public func approvals(status: ApprovalStatus?) throws(StoreError) -> [ApprovalRecord] {
        try database.approvals(status: status)
    }

    /// The idempotency record of (`key`, `workflowId`), if any.
    public func idempotencyRecord(key: String, workflowId: String) throws(StoreError) -> IdempotencyRecord? {
        try database.idempotencyRecord(key: key, workflowId: workflowId)
    }

    /// Deletes idempotency records created before `date`; returns how many.
    @discardableResult
    public func deleteIdempotencyRecords(before date: Date) throws(StoreError) -> Int {
        try database.deleteIdempotencyRecords(before: date)
    }
}
