import Foundation
import Model
import SQLite
import Store

/// Turns rows (columns in `RecordColumns` order) into records; bad stored values are `.corrupt`.
struct RowDecoder {
    private let json = JSONDecoder()

    func execution(_ row: Statement) throws(StoreError) -> ExecutionRecord {
        let id = row.string(at: 0)
        return ExecutionRecord(
            id: id, workflowId: row.string(at: 1), versionId: row.string(at: 2),
            status: try status(row, at: 3, ExecutionStatus.self, "executions", id),
            trigger: try jsonValue(row, at: 4, "executions.trigger_json", id),
            vars: try jsonValue(row, at: 5, "executions.vars_json", id),
            configuration: row.optionalString(at: 6), parentExecutionId: row.optionalString(at: 7),
            parentStepId: row.optionalString(at: 8), concurrencyKey: row.optionalString(at: 9),
            createdAt: Milliseconds.date(row.int64(at: 10)), startedAt: Milliseconds.date(row.optionalInt64(at: 11)),
            finishedAt: Milliseconds.date(row.optionalInt64(at: 12)),
            outputs: try optionalJSONValue(row, at: 13, "executions.outputs_json", id),
            error: failure(row, at: 14))
    }

    func stepRun(_ row: Statement) throws(StoreError) -> StepRunRecord {
        let key = "\(row.string(at: 0))/\(row.string(at: 1))[\(row.int(at: 2))]"
        return StepRunRecord(
            executionId: row.string(at: 0), stepId: row.string(at: 1), itemIndex: row.int(at: 2),
            action: row.string(at: 3), status: try status(row, at: 4, StepStatus.self, "step_runs", key),
            attempts: row.int(at: 5), itemCount: row.optionalInt(at: 6),
            item: try optionalJSONValue(row, at: 7, "step_runs.item_json", key),
            startedAt: Milliseconds.date(row.optionalInt64(at: 8)), finishedAt: Milliseconds.date(row.optionalInt64(at: 9)),
            output: try optionalJSONValue(row, at: 10, "step_runs.output_json", key), error: failure(row, at: 11))
    }

    func attempt(_ row: Statement) throws(StoreError) -> AttemptRecord {
        let key = "\(row.string(at: 0))/\(row.string(at: 1))[\(row.int(at: 2))]#\(row.int(at: 3))"
        return AttemptRecord(
            executionId: row.string(at: 0), stepId: row.string(at: 1), itemIndex: row.int(at: 2),
            number: row.int(at: 3), status: try status(row, at: 4, StepStatus.self, "attempts", key),
            startedAt: Milliseconds.date(row.int64(at: 5)), finishedAt: Milliseconds.date(row.optionalInt64(at: 6)),
            output: try optionalJSONValue(row, at: 7, "attempts.output_json", key), error: failure(row, at: 8))
    }

    func task(_ row: Statement) throws(StoreError) -> TaskRecord {
        let id = row.int64(at: 0)
        return TaskRecord(
            id: id, executionId: row.string(at: 1), kind: try status(row, at: 2, TaskKind.self, "tasks", String(id)),
            stepId: row.optionalString(at: 3), itemIndex: row.optionalInt(at: 4), attempt: row.optionalInt(at: 5),
            dueAt: Milliseconds.date(row.int64(at: 6)))
    }

    func approval(_ row: Statement) throws(StoreError) -> ApprovalRecord {
        let id = row.string(at: 0)
        return ApprovalRecord(
            id: id, executionId: row.string(at: 1), stepId: row.string(at: 2), itemIndex: row.int(at: 3),
            status: try status(row, at: 4, ApprovalStatus.self, "approvals", id), title: row.string(at: 5),
            description: row.optionalString(at: 6), approvers: try jsonValue(row, at: 7, "approvals.approvers_json", id),
            createdAt: Milliseconds.date(row.int64(at: 8)), timeoutAt: Milliseconds.date(row.optionalInt64(at: 9)),
            onTimeout: row.string(at: 10), decidedBy: row.optionalString(at: 11),
            decidedAt: Milliseconds.date(row.optionalInt64(at: 12)), comment: row.optionalString(at: 13))
    }

    func definitionVersion(_ row: Statement) throws(StoreError) -> DefinitionVersionRecord {
        let id = row.string(at: 0)
        let definition: Workflow
        do {
            definition = try json.decode(Workflow.self, from: row.data(at: 5))
        } catch {
            throw .corrupt("definition_versions.definition_json of \(id): \(error)")
        }
        return DefinitionVersionRecord(
            id: id, workflowId: row.string(at: 1), contentHash: row.string(at: 2), commit: row.optionalString(at: 3),
            path: row.optionalString(at: 4), definition: definition, createdAt: Milliseconds.date(row.int64(at: 6)))
    }

    func idempotency(_ row: Statement) throws(StoreError) -> IdempotencyRecord {
        IdempotencyRecord(
            key: row.string(at: 0), workflowId: row.string(at: 1), requestHash: row.string(at: 2),
            executionId: row.string(at: 3), createdAt: Milliseconds.date(row.int64(at: 4)))
    }

    // MARK: Columns

    private func status<Value: RawRepresentable<String>>(
        _ row: Statement, at index: Int, _ type: Value.Type, _ table: String, _ key: String
    ) throws(StoreError) -> Value {
        let text = row.string(at: index)
        guard let value = Value(rawValue: text) else {
            throw .corrupt("\(table).\(row.columnName(at: index)) of \(key): unknown value \(text)")
        }
        return value
    }

    private func jsonValue(_ row: Statement, at index: Int, _ column: String, _ key: String) throws(StoreError) -> JSONValue {
        guard let value = JSONValue(parsing: row.data(at: index)) else {
            throw .corrupt("\(column) of \(key): not valid JSON")
        }
        return value
    }

    private func optionalJSONValue(
        _ row: Statement, at index: Int, _ column: String, _ key: String
    ) throws(StoreError) -> JSONValue? {
        // Not a ternary: `nil` there would become `JSONValue.null` (JSONValue is nil-literal expressible).
        guard !row.isNull(at: index) else { return Optional.none }
        return try jsonValue(row, at: index, column, key)
    }

    private func failure(_ row: Statement, at index: Int) -> FailureInfo? {
        guard let message = row.optionalString(at: index) else { return nil }
        return FailureInfo(message: message, code: row.optionalString(at: index + 1), stepId: row.optionalString(at: index + 2))
    }
}
