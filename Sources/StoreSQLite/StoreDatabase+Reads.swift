import Foundation
import Model
import SQLite
import Store

extension StoreDatabase {
    /// The most executions one page holds.
    static let pageLimit = 500

    private static let selectExecutions = "SELECT \(RecordColumns.execution) FROM executions"
    private static let activeStatuses = ExecutionStatus.allCases.filter { !$0.isTerminal }
        .map { "'\($0.rawValue)'" }.joined(separator: ", ")

    func execution(id: String) throws(StoreError) -> ExecutionRecord? {
        try rows("\(Self.selectExecutions) WHERE id = ?1", [.text(id)], "execution", decoder.execution).first
    }

    func executionDetail(id: String) throws(StoreError) -> ExecutionDetail? {
        try read("executionDetail") { () throws(StoreError) -> ExecutionDetail? in
            guard let execution = try execution(id: id) else { return nil }
            let steps = try rows(
                "SELECT \(RecordColumns.stepRun) FROM step_runs WHERE execution_id = ?1 ORDER BY step_id, item_index",
                [.text(id)], "executionDetail", decoder.stepRun)
            let attempts = try rows(
                "SELECT \(RecordColumns.attempt) FROM attempts WHERE execution_id = ?1 ORDER BY step_id, item_index, number",
                [.text(id)], "executionDetail", decoder.attempt)
            return ExecutionDetail(execution: execution, steps: steps, attempts: attempts)
        }
    }

    func executions(_ query: ExecutionQuery) throws(StoreError) -> ExecutionPage {
        let limit = min(max(query.limit, 1), Self.pageLimit)
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let workflowId = query.workflowId {
            values.append(.text(workflowId))
            conditions.append("workflow_id = ?\(values.count)")
        }
        if let status = query.status {
            values.append(.text(status.rawValue))
            conditions.append("status = ?\(values.count)")
        }
        if let cursorText = query.cursor {
            let cursor = try ExecutionCursor(text: cursorText)
            values.append(.integer(cursor.createdAt))
            values.append(.text(cursor.id))
            conditions.append("(created_at, id) < (?\(values.count - 1), ?\(values.count))")
        }
        values.append(.integer(Int64(limit + 1)))
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "\(Self.selectExecutions)\(filter) ORDER BY created_at DESC, id DESC LIMIT ?\(values.count)"
        var items = try rows(sql, values, "executions", decoder.execution)
        guard items.count > limit else { return ExecutionPage(items: items, nextCursor: nil) }
        items.removeLast(items.count - limit)
        let last = items[items.count - 1]
        let next = ExecutionCursor(createdAt: Milliseconds.from(last.createdAt), id: last.id)
        return ExecutionPage(items: items, nextCursor: next.text)
    }

    func activeExecutions() throws(StoreError) -> [ExecutionRecord] {
        try rows(
            "\(Self.selectExecutions) WHERE status IN (\(Self.activeStatuses)) ORDER BY created_at, id", [],
            "activeExecutions", decoder.execution)
    }

    func countExecutions(
        workflowId: String, concurrencyKey: String?, statuses: Set<ExecutionStatus>
    ) throws(StoreError) -> Int {
        guard !statuses.isEmpty else { return 0 }
        let sorted = statuses.map(\.rawValue).sorted()
        let placeholders = (3..<(3 + sorted.count)).map { "?\($0)" }.joined(separator: ", ")
        let sql = """
            SELECT COUNT(*) FROM executions WHERE workflow_id = ?1 AND \(Self.concurrencyMatch(concurrencyKey)) \
            AND status IN (\(placeholders))
            """
        let values = [SQLiteValue.text(workflowId), SQLiteValue(concurrencyKey)] + sorted.map(SQLiteValue.text)
        return try rows(sql, values, "countExecutions") { $0.int(at: 0) }.first ?? 0
    }

    func oldestQueuedExecution(workflowId: String, concurrencyKey: String?) throws(StoreError) -> ExecutionRecord? {
        let sql = """
            \(Self.selectExecutions) WHERE workflow_id = ?1 AND \(Self.concurrencyMatch(concurrencyKey)) AND status = 'Queued' \
            ORDER BY created_at, id LIMIT 1
            """
        return try rows(sql, [.text(workflowId), SQLiteValue(concurrencyKey)], "oldestQueuedExecution", decoder.execution)
            .first
    }

    /// `= ?2` for a key, so that the partial index on keyed executions applies; `IS NULL` (with
    /// `?2` unused but bound) otherwise.
    static func concurrencyMatch(_ key: String?) -> String {
        key == nil ? "concurrency_key IS NULL AND ?2 IS NULL" : "concurrency_key = ?2"
    }

    func childExecutions(parentExecutionId: String) throws(StoreError) -> [ExecutionRecord] {
        try rows(
            "\(Self.selectExecutions) WHERE parent_execution_id = ?1 ORDER BY created_at, id", [.text(parentExecutionId)],
            "childExecutions", decoder.execution)
    }

    func dueTasks(now: Date, limit: Int) throws(StoreError) -> [TaskRecord] {
        guard limit > 0 else { return [] }
        return try rows(
            "SELECT \(RecordColumns.task) FROM tasks WHERE due_at <= ?1 ORDER BY due_at, id LIMIT ?2",
            [.integer(Milliseconds.from(now)), .integer(Int64(limit))], "dueTasks", decoder.task)
    }

    func nextDueDate() throws(StoreError) -> Date? {
        let due = try rows("SELECT MIN(due_at) FROM tasks", [], "nextDueDate") { $0.optionalInt64(at: 0) }
        return Milliseconds.date(due.first ?? nil)
    }

    func tasks(executionId: String) throws(StoreError) -> [TaskRecord] {
        try rows(
            "SELECT \(RecordColumns.task) FROM tasks WHERE execution_id = ?1 ORDER BY id", [.text(executionId)], "tasks",
            decoder.task)
    }

    func definitionVersion(id: String) throws(StoreError) -> DefinitionVersionRecord? {
        try rows(
            "SELECT \(RecordColumns.definitionVersion) FROM definition_versions WHERE id = ?1", [.text(id)],
            "definitionVersion", decoder.definitionVersion
        ).first
    }

    func definitionVersions(workflowId: String) throws(StoreError) -> [DefinitionVersionRecord] {
        let sql = """
            SELECT \(RecordColumns.definitionVersion) FROM definition_versions WHERE workflow_id = ?1 \
            ORDER BY created_at DESC, id DESC
            """
        return try rows(sql, [.text(workflowId)], "definitionVersions", decoder.definitionVersion)
    }

    func approval(id: String) throws(StoreError) -> ApprovalRecord? {
        try rows("SELECT \(RecordColumns.approval) FROM approvals WHERE id = ?1", [.text(id)], "approval", decoder.approval)
            .first
    }

    func approvals(status: ApprovalStatus?) throws(StoreError) -> [ApprovalRecord] {
        guard let status else {
            return try rows(
                "SELECT \(RecordColumns.approval) FROM approvals ORDER BY created_at, id", [], "approvals", decoder.approval)
        }
        return try rows(
            "SELECT \(RecordColumns.approval) FROM approvals WHERE status = ?1 ORDER BY created_at, id",
            [.text(status.rawValue)], "approvals", decoder.approval)
    }

    func idempotencyRecord(key: String, workflowId: String) throws(StoreError) -> IdempotencyRecord? {
        try rows(
            "SELECT \(RecordColumns.idempotency) FROM idempotency_keys WHERE key = ?1 AND workflow_id = ?2",
            [.text(key), .text(workflowId)], "idempotencyRecord", decoder.idempotency
        ).first
    }

    func deleteIdempotencyRecords(before date: Date) throws(StoreError) -> Int {
        let statement = try statement("DELETE FROM idempotency_keys WHERE created_at < ?1", "deleteIdempotencyRecords")
        do {
            try statement.execute([.integer(Milliseconds.from(date))])
        } catch {
            throw Self.backend("deleteIdempotencyRecords")(error)
        }
        return connection.changes
    }
}
