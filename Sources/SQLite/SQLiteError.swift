import CSQLite

/// An SQLite result code (extended when SQLite gives one), such as `SQLITE_CONSTRAINT_PRIMARYKEY`.
public struct ResultCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The numeric code, as SQLite defines it.
    public var rawValue: Int32

    /// Wraps a numeric code.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code (the low byte): `constraintPrimaryKey.primary == .constraint`.
    public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xff) }

    /// SQLite's English name for the code ("constraint failed", …).
    public var description: String { String(cString: sqlite3_errstr(rawValue)) }

    /// `SQLITE_ERROR`: a generic error (syntax errors, missing tables, …).
    public static let error = ResultCode(rawValue: SQLITE_ERROR)
    /// `SQLITE_BUSY`: another connection holds a lock longer than the busy timeout.
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    /// `SQLITE_CONSTRAINT`: a constraint was violated.
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    /// `SQLITE_MISUSE`: the library was used wrongly (also used for wrapper misuse).
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    /// `SQLITE_RANGE`: a bind index is out of range.
    public static let range = ResultCode(rawValue: SQLITE_RANGE)
    /// `SQLITE_CANTOPEN`: the database file could not be opened.
    public static let cannotOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    /// `SQLITE_CONSTRAINT_PRIMARYKEY`: a primary key already exists.
    public static let constraintPrimaryKey = ResultCode(rawValue: 1555)
    /// `SQLITE_CONSTRAINT_UNIQUE`: a unique index already holds the value.
    public static let constraintUnique = ResultCode(rawValue: 2067)
    /// `SQLITE_CONSTRAINT_NOTNULL`: NULL in a NOT NULL column.
    public static let constraintNotNull = ResultCode(rawValue: 1299)
}

/// A failed SQLite call: the result code, SQLite's message, the call and the SQL it ran.
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The (extended) result code.
    public var code: ResultCode
    /// `sqlite3_errmsg` at the time of the failure (or the wrapper's own words).
    public var message: String
    /// The C call or wrapper operation that failed (`sqlite3_step`, `migrate`, …).
    public var operation: String
    /// The SQL being prepared or run, when there was one.
    public var sql: String?

    /// Creates an error.
    public init(code: ResultCode, message: String, operation: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.operation = operation
        self.sql = sql
    }

    /// Whether a uniqueness rule (primary key or unique index) was broken.
    public var isUniquenessViolation: Bool { code == .constraintPrimaryKey || code == .constraintUnique }

    /// `operation failed (code name): message [SQL: …]`.
    public var description: String {
        var text = "\(operation) failed (\(code.rawValue) \(code)): \(message)"
        if let sql { text += " [SQL: \(sql)]" }
        return text
    }
}
