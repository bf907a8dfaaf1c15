import Foundation
import Model
import SQLite
import Store

/// Column lists, binders and row decoders for each record type. A decoder reads the columns in
/// the order of its list; a binder binds parameters 1… in the same order.
enum RecordColumns {
    static let execution = """
        id, workflow_id, version_id, status, trigger_json, vars_json, configuration, parent_execution_id, \
        parent_step_id, concurrency_key, created_at, started_at, finished_at, outputs_json, error_message, \
        error_code, error_step_id
        """
    static let stepRun = """
        execution_id, step_id, item_index, action, status, attempts, item_count, item_json, started_at, \
        finished_at, output_json, error_message, error_code, error_step_id
        """
    static let attempt = """
        execution_id, step_id, item_index, number, status, started_at, finished_at, output_json, error_message, \
        error_code, error_step_id
        """
    static let task = "id, execution_id, kind, step_id, item_index, attempt, due_at"
    static let approval = """
        id, execution_id, step_id, item_index, status, title, description, approvers_json, created_at, timeout_at, \
        on_timeout, decided_by, decided_at, comment
        """
    static let definitionVersion = "id, workflow_id, content_hash, commit_id, path, definition_json, created_at"
    static let idempotency = "key, workflow_id, request_hash, execution_id, created_at"

    /// `?1, ?2, …, ?count`.
    static func parameters(_ count: Int) -> String { (1...count).map { "?\($0)" }.joined(separator: ", ") }

    // MARK: Binding

    static func bind(_ record: ExecutionRecord, to statement: Statement) throws(SQLiteError) {
        try statement.bind(record.id, at: 1)
        try statement.bind(record.workflowId, at: 2)
        try statement.bind(record.versionId, at: 3)
        try statement.bind(record.status.rawValue, at: 4)
        try statement.bind(record.trigger.jsonText, at: 5)
        try statement.bind(record.vars.jsonText, at: 6)
        try statement.bind(record.configuration, at: 7)
        try statement.bind(record.parentExecutionId, at: 8)
        try statement.bind(record.parentStepId, at: 9)
        try statement.bind(record.concurrencyKey, at: 10)
        try statement.bind(Milliseconds.from(record.createdAt), at: 11)
        try statement.bind(Milliseconds.from(record.startedAt), at: 12)
        try statement.bind(Milliseconds.from(record.finishedAt), at: 13)
        try statement.bind(record.outputs?.jsonText, at: 14)
        try bind(record.error, to: statement, at: 15)
    }

    static func bind(_ record: StepRunRecord, to statement: Statement) throws(SQLiteError) {
        try statement.bind(record.executionId, at: 1)
        try statement.bind(record.stepId, at: 2)
        try statement.bind(record.itemIndex, at: 3)
        try statement.bind(record.action, at: 4)
        try statement.bind(record.status.rawValue, at: 5)
        try statement.bind(record.attempts, at: 6)
        try statement.bind(record.itemCount, at: 7)
        try statement.bind(record.item?.jsonText, at: 8)
        try statement.bind(Milliseconds.from(record.startedAt), at: 9)
        try statement.bind(Milliseconds.from(record.finishedAt), at: 10)
        try statement.bind(record.output?.jsonText, at: 11)
        try bind(record.error, to: statement, at: 12)
    }

    static func bind(_ record: AttemptRecord, to statement: Statement) throws(SQLiteError) {
        try statement.bind(record.executionId, at: 1)
        try statement.bind(record.stepId, at: 2)
        try statement.bind(record.itemIndex, at: 3)
        try statement.bind(record.number, at: 4)
        try statement.bind(record.status.rawValue, at: 5)
        try statement.bind(Milliseconds.from(record.startedAt), at: 6)
        try statement.bind(Milliseconds.from(record.finishedAt), at: 7)
        try statement.bind(record.output?.jsonText, at: 8)
        try bind(record.error, to: statement, at: 9)
    }

    /// Binds every column but `id` (the store assigns it), from parameter 1.
    static func bind(_ record: TaskRecord, to statement: Statement) throws(SQLiteError) {
        try statement.bind(record.executionId, at: 1)
        try statement.bind(record.kind.rawValue, at: 2)
        try statement.bind(record.stepId, at: 3)
        try statement.bind(record.itemIndex, at: 4)
        try statement.bind(record.attempt, at: 5)
        try statement.bind(Milliseconds.from(record.dueAt), at: 6)
    }

    static func bind(_ record: ApprovalRecord, to statement: Statement) throws(SQLiteError) {
        try statement.bind(record.id, at: 1)
        try statement.bind(record.executionId, at: 2)
        try statement.bind(record.stepId, at: 3)
        try statement.bind(record.itemIndex, at: 4)
        try statement.bind(record.status.rawValue, at: 5)
        try statement.bind(record.title, at: 6)
        try statement.bind(record.description, at: 7)
        try statement.bind(record.approvers.jsonText, at: 8)
        try statement.bind(Milliseconds.from(record.createdAt), at: 9)
        try statement.bind(Milliseconds.from(record.timeoutAt), at: 10)
        try statement.bind(record.onTimeout, at: 11)
        try statement.bind(record.decidedBy, at: 12)
        try statement.bind(Milliseconds.from(record.decidedAt), at: 13)
        try statement.bind(record.comment, at: 14)
    }

    static func bind(_ record: IdempotencyRecord, to statement: Statement) throws(SQLiteError) {
        try statement.bind(record.key, at: 1)
        try statement.bind(record.workflowId, at: 2)
        try statement.bind(record.requestHash, at: 3)
        try statement.bind(record.executionId, at: 4)
        try statement.bind(Milliseconds.from(record.createdAt), at: 5)
    }

    private static func bind(_ error: FailureInfo?, to statement: Statement, at index: Int) throws(SQLiteError) {
        try statement.bind(error?.message, at: index)
        try statement.bind(error?.code, at: index + 1)
        try statement.bind(error?.stepId, at: index + 2)
    }
}
