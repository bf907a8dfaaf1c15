import CSQLite

/// How hard SQLite works to make a commit survive a power cut (`PRAGMA synchronous`).
public enum Synchronous: String, Sendable, Hashable {
    /// No syncs: fast, and a power cut may corrupt the file. Only for throwaway data.
    case off = "OFF"
    /// In WAL mode: commits survive a crash of the process, the last ones may be lost on a power cut.
    case normal = "NORMAL"
    /// Every commit is synced to disk before it returns.
    case full = "FULL"
}

/// How a connection opens its database.
public struct ConnectionOptions: Sendable, Hashable {
    /// Create the file when it does not exist.
    public var create: Bool
    /// Open without write access.
    public var readOnly: Bool
    /// Switch the database to write-ahead logging (persistent: the file stays in WAL mode).
    public var writeAheadLog: Bool
    /// `PRAGMA synchronous`.
    public var synchronous: Synchronous
    /// How long a call waits for another connection's lock before failing with `busy`, in milliseconds.
    public var busyTimeoutMilliseconds: Int
    /// `PRAGMA foreign_keys` (off by default in SQLite).
    public var foreignKeys: Bool

    /// Creates options; the defaults suit a server's own database file.
    public init(
        create: Bool = true, readOnly: Bool = false, writeAheadLog: Bool = true, synchronous: Synchronous = .normal,
        busyTimeoutMilliseconds: Int = 5_000, foreignKeys: Bool = true
    ) {
        self.create = create
        self.readOnly = readOnly
        self.writeAheadLog = writeAheadLog
        self.synchronous = synchronous
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.foreignKeys = foreignKeys
    }
}

/// One SQLite connection. Not Sendable: it belongs to one owner (a thread or an actor) at a time,
/// which is the rule SQLite connections need. Closes when released.
public final class Connection {
    /// The path it was opened with.
    public let path: String
    private let handle: OpaquePointer
    private var cache: [CacheKey: Statement] = [:]
    private let busyTimeoutMilliseconds: Int32

    /// Opens (and with `options.create`, creates) the database at `path`, then applies the options.
    public init(path: String, options: ConnectionOptions = ConnectionOptions()) throws(SQLiteError) {
        var opened: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if options.create && !options.readOnly { flags |= SQLITE_OPEN_CREATE }
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            let extended = opened.map { sqlite3_extended_errcode($0) } ?? code
            sqlite3_close_v2(opened)
            throw SQLiteError(code: ResultCode(rawValue: extended), message: "\(message): \(path)", operation: "sqlite3_open_v2")
        }
        self.path = path
        self.handle = opened
        busyTimeoutMilliseconds = Int32(clamping: options.busyTimeoutMilliseconds)
        sqlite3_busy_timeout(opened, busyTimeoutMilliseconds)
        if options.writeAheadLog && !options.readOnly { _ = try pragma("journal_mode", "WAL") }
        try execute("PRAGMA synchronous = \(options.synchronous.rawValue)")
        try execute("PRAGMA foreign_keys = \(options.foreignKeys ? "ON" : "OFF")")
    }

    /// SQL text as a cache key hashed from its length and its last bytes: a store's statements are
    /// long and looked up thousands of times a second, and hashing all of their text cost more
    /// than running an INSERT's bindings. Equality still compares the whole text.
    private struct CacheKey: Hashable {
        let sql: String

        init(_ sql: String) { self.sql = sql }

        func hash(into hasher: inout Hasher) {
            hasher.combine(sql.utf8.count)
            // The end differs most between statements on one table (their WHERE clauses).
            let hashed: Void? = sql.utf8.withContiguousStorageIfAvailable { bytes in
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.suffix(24))))
            }
            if hashed == nil { for byte in sql.utf8.suffix(24) { hasher.combine(byte) } }
        }
    }

    deinit {
        cache.removeAll()  // finalizes the cached statements first
        sqlite3_close_v2(handle)
    }

    // MARK: Statements

    /// Runs one or more `;`-separated statements that return no rows of interest (DDL, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        var errorText: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorText)
        guard code != SQLITE_OK else { return }
        let message = errorText.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
        sqlite3_free(errorText)
        throw SQLiteError(
            code: ResultCode(rawValue: sqlite3_extended_errcode(handle)), message: message, operation: "sqlite3_exec",
            sql: sql)
    }

    /// The prepared statement for `sql`, prepared once (`SQLITE_PREPARE_PERSISTENT`) and cached by
    /// its text; returned reset, with no bindings. Use it before asking for the same SQL again.
    public func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = cache[CacheKey(sql)] {
            cached.reset()
            return cached
        }
        let statement = try Statement(database: handle, sql: sql, persistent: true)
        cache[CacheKey(sql)] = statement
        return statement
    }

    /// Runs `body` waiting at most `milliseconds` for other connections' locks, then restores the
    /// connection's own busy timeout.
    public func withBusyTimeout<Value>(_ milliseconds: Int, _ body: () throws -> Value) rethrows -> Value {
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        defer { sqlite3_busy_timeout(handle, busyTimeoutMilliseconds) }
        return try body()
    }

    /// A new statement for `sql`, not cached: for SQL that runs once.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(database: handle, sql: sql, persistent: false)
    }

    /// How many statements the cache holds.
    public var cachedStatementCount: Int { cache.count }

    /// Runs cached `sql` with `values` bound to parameters 1…n; returns the rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> Int {
        try statement(sql).execute(values)
        return changes
    }

    /// Runs cached `sql` with `values` bound and maps every row with `row`.
    public func query<Row>(
        _ sql: String, _ values: [SQLiteValue] = [], _ row: (Statement) throws(SQLiteError) -> Row
    ) throws(SQLiteError) -> [Row] {
        try statement(sql).query(values, row)
    }

    /// Sets (with `value`) or reads a pragma; returns the first column of its first row as text.
    @discardableResult
    public func pragma(_ name: String, _ value: String? = nil) throws(SQLiteError) -> String? {
        let sql = value.map { "PRAGMA \(name) = \($0)" } ?? "PRAGMA \(name)"
        return try prepare(sql).query { row in row.optionalString(at: 0) }.first ?? nil
    }

    /// The journal mode in force (`wal`, `delete`, `memory`, …).
    public var journalMode: String {
        get throws(SQLiteError) { try pragma("journal_mode") ?? "" }
    }

    // MARK: State

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Whether a transaction is open.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: Transactions

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it (or COMMIT) throws.
    /// SQLite failures of BEGIN and COMMIT are turned into the body's error type by `mapError`.
    public func transaction<Value, Failure: Error>(
        _ kind: TransactionKind = .immediate, mapError: (SQLiteError) -> Failure,
        _ body: () throws(Failure) -> Value
    ) throws(Failure) -> Value {
        do {
            try statement("BEGIN \(kind.rawValue)").execute()
        } catch {
            throw mapError(error)
        }
        let value: Value
        do {
            value = try body()
        } catch {
            rollback()
            throw error
        }
        do {
            try statement("COMMIT").execute()
        } catch {
            rollback()
            throw mapError(error)
        }
        return value
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it (or COMMIT) throws.
    public func transaction<Value>(
        _ kind: TransactionKind = .immediate, _ body: () throws(SQLiteError) -> Value
    ) throws(SQLiteError) -> Value {
        try transaction(kind, mapError: { $0 }, body)
    }

    /// Rolls back the open transaction, if any (SQLite may already have rolled it back itself).
    private func rollback() {
        guard isInTransaction else { return }
        try? statement("ROLLBACK").execute()
    }
}
