import SQLite

/// The store's tables, as versioned migrations (recorded in `schema_migrations`).
///
/// Conventions: dates are Unix milliseconds (INTEGER); JSON columns (`*_json`) hold compact JSON
/// text; a `FailureInfo` is three columns (`error_message` NULL means no error). There are no
/// foreign keys: the engine owns referential integrity (it deletes tasks explicitly), which keeps
/// batches free of ordering rules and matches what every backend can do cheaply.
enum Schema {
    static let migrations: [Migration] = [
        Migration(version: 1, sql: version1), Migration(version: 2, sql: version2), Migration(version: 3, sql: version3),
        Migration(version: 4, sql: version4), Migration(version: 5, sql: version5),
    ]

    /// Fires in the order they were recorded, unique per (tick, schedule): a burst of 10,000 fires
    /// at one tick appends to every B-tree it writes. Keyed by schedule first (version 4), each of
    /// them landed on another page once schedules had a few hours of history, and a burst took
    /// 4 times longer. Reading one schedule's fires goes through `schedule_fires_by_schedule`,
    /// which a maintenance pass fills later, many minutes at a time, up to
    /// `schedule_fires_indexed.through`; fires after that are read from the log itself. Purging
    /// keeps the newest fire, so ids never come back and no fire is hidden below that mark
    /// (AUTOINCREMENT would do the same at the cost of a write per fire).
    private static let version5 = """
        ALTER TABLE schedule_fires RENAME TO schedule_fires_version4;
        DROP INDEX schedule_fires_by_execution;
        CREATE TABLE schedule_fires (
            id INTEGER PRIMARY KEY,
            schedule_id TEXT NOT NULL,
            fire_time INTEGER NOT NULL,
            kind TEXT NOT NULL,
            outcome TEXT NOT NULL,
            execution_id TEXT,
            message TEXT,
            recorded_at INTEGER NOT NULL,
            UNIQUE (fire_time, schedule_id)
        );
        CREATE INDEX schedule_fires_by_execution ON schedule_fires (execution_id) WHERE execution_id IS NOT NULL;
        CREATE TABLE schedule_fires_by_schedule (
            schedule_id TEXT NOT NULL,
            fire_time INTEGER NOT NULL,
            fire_id INTEGER NOT NULL,
            PRIMARY KEY (schedule_id, fire_time)
        ) WITHOUT ROWID;
        CREATE TABLE schedule_fires_indexed (
            only INTEGER PRIMARY KEY CHECK (only = 1),
            through INTEGER NOT NULL
        );
        INSERT INTO schedule_fires (schedule_id, fire_time, kind, outcome, execution_id, message, recorded_at)
            SELECT schedule_id, fire_time, kind, outcome, execution_id, message, recorded_at FROM schedule_fires_version4
            ORDER BY fire_time, schedule_id;
        DROP TABLE schedule_fires_version4;
        INSERT INTO schedule_fires_by_schedule (schedule_id, fire_time, fire_id) SELECT schedule_id, fire_time, id FROM schedule_fires;
        INSERT INTO schedule_fires_indexed (only, through) SELECT 1, COALESCE(MAX(id), 0) FROM schedule_fires;
        """

    /// The scheduler: one JSON state per schedule, and every fire, unique per (schedule, tick)
    /// (the key is the table: one B-tree less per fire).
    private static let version4 = """
        CREATE TABLE schedule_states (
            schedule_id TEXT PRIMARY KEY NOT NULL,
            state_json TEXT NOT NULL
        );
        CREATE TABLE schedule_fires (
            schedule_id TEXT NOT NULL,
            fire_time INTEGER NOT NULL,
            kind TEXT NOT NULL,
            outcome TEXT NOT NULL,
            execution_id TEXT,
            message TEXT,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY (schedule_id, fire_time)
        ) WITHOUT ROWID;
        CREATE INDEX schedule_fires_by_execution ON schedule_fires (execution_id) WHERE execution_id IS NOT NULL;

        -- A burst of scheduled starts writes every index of `executions`: the concurrency index
        -- only serves keyed executions, so only they are in it.
        DROP INDEX executions_by_concurrency;
        CREATE INDEX executions_by_concurrency ON executions (workflow_id, concurrency_key, status, created_at, id)
            WHERE concurrency_key IS NOT NULL;
        """

    /// What the git reconciler published and how its last sync went (one JSON row each).
    private static let version3 = """
        CREATE TABLE sync_state (
            name TEXT PRIMARY KEY,
            state_json TEXT NOT NULL
        );
        """

    /// Clients of the built-in Auth Service.
    private static let version2 = """
        CREATE TABLE clients (
            name TEXT PRIMARY KEY,
            client_id TEXT NOT NULL UNIQUE,
            record_json TEXT NOT NULL
        );
        """

    private static let version1 = """
        CREATE TABLE definition_versions (
            id TEXT PRIMARY KEY NOT NULL,
            workflow_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            commit_id TEXT,
            path TEXT,
            definition_json TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX definition_versions_by_workflow ON definition_versions (workflow_id, created_at, id);

        CREATE TABLE executions (
            id TEXT PRIMARY KEY NOT NULL,
            workflow_id TEXT NOT NULL,
            version_id TEXT NOT NULL,
            status TEXT NOT NULL,
            trigger_json TEXT NOT NULL,
            vars_json TEXT NOT NULL,
            configuration TEXT,
            parent_execution_id TEXT,
            parent_step_id TEXT,
            concurrency_key TEXT,
            created_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER,
            outputs_json TEXT,
            error_message TEXT,
            error_code TEXT,
            error_step_id TEXT
        );
        CREATE INDEX executions_by_created ON executions (created_at, id);
        CREATE INDEX executions_by_status ON executions (status, created_at, id);
        CREATE INDEX executions_by_workflow ON executions (workflow_id, created_at, id);
        CREATE INDEX executions_by_concurrency ON executions (workflow_id, concurrency_key, status, created_at, id);
        CREATE INDEX executions_by_parent ON executions (parent_execution_id, created_at, id)
            WHERE parent_execution_id IS NOT NULL;

        CREATE TABLE step_runs (
            execution_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            item_index INTEGER NOT NULL,
            action TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            item_count INTEGER,
            item_json TEXT,
            started_at INTEGER,
            finished_at INTEGER,
            output_json TEXT,
            error_message TEXT,
            error_code TEXT,
            error_step_id TEXT,
            PRIMARY KEY (execution_id, step_id, item_index)
        ) WITHOUT ROWID;

        CREATE TABLE attempts (
            execution_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            item_index INTEGER NOT NULL,
            number INTEGER NOT NULL,
            status TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            output_json TEXT,
            error_message TEXT,
            error_code TEXT,
            error_step_id TEXT,
            PRIMARY KEY (execution_id, step_id, item_index, number)
        ) WITHOUT ROWID;

        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            execution_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            step_id TEXT,
            item_index INTEGER,
            attempt INTEGER,
            due_at INTEGER NOT NULL
        );
        CREATE INDEX tasks_by_due ON tasks (due_at, id);
        CREATE INDEX tasks_by_execution ON tasks (execution_id);

        CREATE TABLE approvals (
            id TEXT PRIMARY KEY NOT NULL,
            execution_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            item_index INTEGER NOT NULL,
            status TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT,
            approvers_json TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            timeout_at INTEGER,
            on_timeout TEXT NOT NULL,
            decided_by TEXT,
            decided_at INTEGER,
            comment TEXT
        );
        CREATE INDEX approvals_by_created ON approvals (created_at, id);
        CREATE INDEX approvals_by_status ON approvals (status, created_at, id);

        CREATE TABLE idempotency_keys (
            key TEXT NOT NULL,
            workflow_id TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (key, workflow_id)
        ) WITHOUT ROWID;
        CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created_at);
        """
}
