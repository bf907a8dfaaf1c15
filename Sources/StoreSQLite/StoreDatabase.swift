import Foundation
import Model
import SQLite
import Store

/// The synchronous part of `SQLiteStore`: one connection, its SQL and the record coding. Not
/// Sendable; the actor is its only owner.
final class StoreDatabase {
    let connection: Connection
    let decoder = RowDecoder()
    private let definitionEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(path: String, synchronous: Synchronous) throws(SQLiteError) {
        connection = try Connection(
            path: path, options: ConnectionOptions(synchronous: synchronous, busyTimeoutMilliseconds: 5_000))
        try connection.migrate(Schema.migrations)
        // 16 MB of log before a commit checkpoints (SQLite's default is 4 MB): a burst of
        // scheduled starts, checkpointed just before (`prepareForBurst`), then runs without one.
        try connection.execute("PRAGMA wal_autocheckpoint = 4000")
    }

    // MARK: Helpers

    /// `SQLiteError` → `StoreError.backend`, naming what the store was doing.
    static func backend(_ operation: String) -> (SQLiteError) -> StoreError {
        { error in .backend(operation: operation, message: error.description) }
    }

    /// The cached statement for `sql`.
    func statement(_ sql: String, _ operation: String) throws(StoreError) -> Statement {
        do { return try connection.statement(sql) } catch { throw Self.backend(operation)(error) }
    }

    /// Runs cached `sql` with `values` and decodes every row.
    func rows<Row>(
        _ sql: String, _ values: [SQLiteValue], _ operation: String, _ decode: (Statement) throws(StoreError) -> Row
    ) throws(StoreError) -> [Row] {
        try statement(sql, operation).query(values, mapError: Self.backend(operation), decode)
    }

    /// Runs `body` in one read transaction, so that several queries see one snapshot.
    func read<Value>(_ operation: String, _ body: () throws(StoreError) -> Value) throws(StoreError) -> Value {
        try connection.transaction(.deferred, mapError: Self.backend(operation), body)
    }

    // MARK: Writes

    func apply(_ mutations: [StoreMutation]) throws(StoreError) -> [Int64] {
        guard !mutations.isEmpty else { return [] }
        return try connection.transaction(.immediate, mapError: Self.backend("apply")) { () throws(StoreError) in
            try apply(mutationsInTransaction: mutations)
        }
    }

    /// Performs mutations inside a transaction the caller opened.
    func apply(mutationsInTransaction mutations: [StoreMutation]) throws(StoreError) -> [Int64] {
        var taskIds: [Int64] = []
        for mutation in mutations {
            if let taskId = try perform(mutation) { taskIds.append(taskId) }
        }
        return taskIds
    }

    /// Performs one mutation; returns the id of an inserted task.
    private func perform(_ mutation: StoreMutation) throws(StoreError) -> Int64? {
        switch mutation {
        case .insertExecution(let record):
            try write(Self.insertExecution, "insertExecution", conflict: "execution \(record.id) already exists") { statement throws(SQLiteError) in
                try RecordColumns.bind(record, to: statement)
            }
        case .updateExecution(let record):
            try write(Self.updateExecution, "updateExecution") { statement throws(SQLiteError) in try RecordColumns.bind(record, to: statement) }
            if connection.changes == 0 { throw .conflict("execution \(record.id) does not exist") }
        case .putStepRun(let record):
            try write(Self.putStepRun, "putStepRun") { statement throws(SQLiteError) in try RecordColumns.bind(record, to: statement) }
        case .putAttempt(let record):
            try write(Self.putAttempt, "putAttempt") { statement throws(SQLiteError) in try RecordColumns.bind(record, to: statement) }
        case .insertTask(let record):
            try write(Self.insertTask, "insertTask") { statement throws(SQLiteError) in try RecordColumns.bind(record, to: statement) }
            return connection.lastInsertRowID
        case .deleteTask(let id):
            try write("DELETE FROM tasks WHERE id = ?1", "deleteTask") { statement throws(SQLiteError) in try statement.bind(id, at: 1) }
        case .deleteTasks(let executionId):
            try write("DELETE FROM tasks WHERE execution_id = ?1", "deleteTasks") { statement throws(SQLiteError) in
                try statement.bind(executionId, at: 1)
            }
        case .putApproval(let record):
            try write(Self.putApproval, "putApproval") { statement throws(SQLiteError) in try RecordColumns.bind(record, to: statement) }
        case .insertIdempotencyKey(let record):
            try write(
                Self.insertIdempotency, "insertIdempotencyKey",
                conflict: "idempotency key \(record.key) of workflow \(record.workflowId) already exists"
            ) { statement throws(SQLiteError) in
                try RecordColumns.bind(record, to: statement)
            }
        case .putDefinitionVersion(let record):
            try putDefinitionVersion(record)
        case .insertScheduleFire(let record):
            try insertScheduleFire(record)
        }
        return nil
    }

    /// Inserts a version unless its id exists (versions are immutable): the definition is encoded
    /// only when it is new.
    private func putDefinitionVersion(_ record: DefinitionVersionRecord) throws(StoreError) {
        let existing = try rows("SELECT 1 FROM definition_versions WHERE id = ?1", [.text(record.id)], "putDefinitionVersion") {
            $0.int(at: 0)
        }
        guard existing.isEmpty else { return }
        let definition: Data
        do {
            definition = try definitionEncoder.encode(record.definition)
        } catch {
            throw .backend(operation: "putDefinitionVersion", message: "cannot encode the definition: \(error)")
        }
        try write(Self.insertDefinitionVersion, "putDefinitionVersion") { statement throws(SQLiteError) in
            try statement.bind(record.id, at: 1)
            try statement.bind(record.workflowId, at: 2)
            try statement.bind(record.contentHash, at: 3)
            try statement.bind(record.commit, at: 4)
            try statement.bind(record.path, at: 5)
            try statement.bind(String(decoding: definition, as: UTF8.self), at: 6)
            try statement.bind(Milliseconds.from(record.createdAt), at: 7)
        }
    }

    /// Binds and runs one writing statement; a broken uniqueness rule becomes `.conflict(conflict)`
    /// when `conflict` is given (built only then: a burst writes thousands of rows).
    func write(
        _ sql: String, _ operation: String, conflict: @autoclosure () -> String? = nil,
        _ bind: (Statement) throws(SQLiteError) -> Void
    ) throws(StoreError) {
        let statement = try statement(sql, operation)
        do {
            try bind(statement)
            try statement.execute()
        } catch {
            if error.isUniquenessViolation, let conflict = conflict() { throw .conflict(conflict) }
            throw Self.backend(operation)(error)
        }
    }

    // MARK: SQL

    private static let insertExecution =
        "INSERT INTO executions (\(RecordColumns.execution)) VALUES (\(RecordColumns.parameters(17)))"
    private static let updateExecution = """
        UPDATE executions SET workflow_id = ?2, version_id = ?3, status = ?4, trigger_json = ?5, vars_json = ?6, \
        configuration = ?7, parent_execution_id = ?8, parent_step_id = ?9, concurrency_key = ?10, created_at = ?11, \
        started_at = ?12, finished_at = ?13, outputs_json = ?14, error_message = ?15, error_code = ?16, \
        error_step_id = ?17 WHERE id = ?1
        """
    private static let putStepRun =
        "INSERT OR REPLACE INTO step_runs (\(RecordColumns.stepRun)) VALUES (\(RecordColumns.parameters(14)))"
    private static let putAttempt =
        "INSERT OR REPLACE INTO attempts (\(RecordColumns.attempt)) VALUES (\(RecordColumns.parameters(11)))"
    private static let insertTask =
        "INSERT INTO tasks (execution_id, kind, step_id, item_index, attempt, due_at) VALUES (\(RecordColumns.parameters(6)))"
    private static let putApproval =
        "INSERT OR REPLACE INTO approvals (\(RecordColumns.approval)) VALUES (\(RecordColumns.parameters(14)))"
    private static let insertIdempotency =
        "INSERT INTO idempotency_keys (\(RecordColumns.idempotency)) VALUES (\(RecordColumns.parameters(5)))"
    private static let insertDefinitionVersion =
        "INSERT INTO definition_versions (\(RecordColumns.definitionVersion)) VALUES (\(RecordColumns.parameters(7)))"
}
