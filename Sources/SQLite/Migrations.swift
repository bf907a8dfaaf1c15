/// One step of a schema's history: `sql` runs once, in its own transaction.
public struct Migration: Sendable, Hashable {
    /// Position in the history; versions only grow.
    public var version: Int
    /// One or more `;`-separated statements.
    public var sql: String

    /// Creates a migration.
    public init(version: Int, sql: String) {
        self.version = version
        self.sql = sql
    }
}

extension Connection {
    /// Applies the migrations whose version is not recorded in `schema_migrations` yet, in order, each
    /// in its own `BEGIN IMMEDIATE` transaction together with its record. Returns the versions applied.
    /// Versions must be strictly increasing (otherwise an error with code `misuse`).
    @discardableResult
    public func migrate(_ migrations: [Migration]) throws(SQLiteError) -> [Int] {
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.version >= later.version {
            throw SQLiteError(
                code: .misuse, message: "migration versions must be strictly increasing (\(later.version) after \(earlier.version))",
                operation: "migrate")
        }
        try execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
        var applied: [Int] = []
        for migration in migrations {
            let didApply = try transaction(.immediate) { () throws(SQLiteError) -> Bool in
                let known = try query("SELECT 1 FROM schema_migrations WHERE version = ?", [SQLiteValue(migration.version)]) {
                    $0.int(at: 0)
                }
                guard known.isEmpty else { return false }
                try execute(migration.sql)
                try run(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))",
                    [SQLiteValue(migration.version)])
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    /// The versions recorded in `schema_migrations`, ascending (empty when the table does not exist).
    public func appliedMigrationVersions() throws(SQLiteError) -> [Int] {
        let exists = try query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") {
            $0.int(at: 0)
        }
        guard !exists.isEmpty else { return [] }
        return try query("SELECT version FROM schema_migrations ORDER BY version") { $0.int(at: 0) }
    }
}
