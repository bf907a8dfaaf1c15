import CSQLite
import Foundation

/// A prepared statement. Parameters are 1-based, columns 0-based, as in SQLite.
///
/// Belongs to the connection that prepared it and, like it, to one owner at a time (not Sendable).
/// Cached statements (`Connection.statement(_:)`) come back reset with their bindings cleared.
public final class Statement {
    /// The SQL text it was prepared from.
    public let sql: String
    private let handle: OpaquePointer
    private let database: OpaquePointer

    init(database: OpaquePointer, sql: String, persistent: Bool) throws(SQLiteError) {
        var prepared: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(database, sql, -1, flags, &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            sqlite3_finalize(prepared)
            let message = code == SQLITE_OK ? "no statement in SQL text" : String(cString: sqlite3_errmsg(database))
            throw SQLiteError(
                code: ResultCode(rawValue: code == SQLITE_OK ? SQLITE_MISUSE : sqlite3_extended_errcode(database)),
                message: message, operation: "sqlite3_prepare_v3", sql: sql)
        }
        self.sql = sql
        self.handle = prepared
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: Running

    /// Resets the statement so it runs again from the start, and clears every binding.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Advances to the next row: true when a row is available, false when the statement is done.
    public func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw failure("sqlite3_step")
        }
    }

    /// Binds `values` to parameters 1…n, runs the statement to the end and resets it.
    public func execute(_ values: [SQLiteValue] = []) throws(SQLiteError) {
        defer { reset() }
        try bind(values)
        while try step() {}
    }

    /// Binds `values` to parameters 1…n, maps every row with `row` and resets the statement.
    public func query<Row>(
        _ values: [SQLiteValue] = [], _ row: (Statement) throws(SQLiteError) -> Row
    ) throws(SQLiteError) -> [Row] {
        try query(values, mapError: { $0 }, row)
    }

    /// Binds `values` to parameters 1…n, maps every row with `row` and resets the statement; SQLite
    /// failures are turned into the mapper's error type by `mapError`.
    public func query<Row, Failure: Error>(
        _ values: [SQLiteValue] = [], mapError: (SQLiteError) -> Failure, _ row: (Statement) throws(Failure) -> Row
    ) throws(Failure) -> [Row] {
        defer { reset() }
        do { try bind(values) } catch { throw mapError(error) }
        var rows: [Row] = []
        while true {
            let hasRow: Bool
            do { hasRow = try step() } catch { throw mapError(error) }
            guard hasRow else { return rows }
            rows.append(try row(self))
        }
    }

    // MARK: Binding

    /// Binds `values` to parameters 1…n.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            let index = offset + 1
            switch value {
            case .null: try bindNull(at: index)
            case .integer(let integer): try bind(integer, at: index)
            case .real(let real): try bind(real, at: index)
            case .text(let text): try bind(text, at: index)
            case .blob(let blob): try bind(blob, at: index)
            }
        }
    }

    /// Binds NULL to parameter `index`.
    public func bindNull(at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, Int32(index)), "sqlite3_bind_null")
    }

    /// Binds an integer (or NULL) to parameter `index`.
    public func bind(_ value: Int64?, at index: Int) throws(SQLiteError) {
        guard let value else { return try bindNull(at: index) }
        try check(sqlite3_bind_int64(handle, Int32(index), value), "sqlite3_bind_int64")
    }

    /// Binds an integer (or NULL) to parameter `index`.
    public func bind(_ value: Int?, at index: Int) throws(SQLiteError) {
        try bind(value.map { Int64($0) }, at: index)
    }

    /// Binds a floating-point number (or NULL) to parameter `index`.
    public func bind(_ value: Double?, at index: Int) throws(SQLiteError) {
        guard let value else { return try bindNull(at: index) }
        try check(sqlite3_bind_double(handle, Int32(index), value), "sqlite3_bind_double")
    }

    /// Binds text (or NULL) to parameter `index`; SQLite copies the UTF-8 bytes, NULs included.
    public func bind(_ value: String?, at index: Int) throws(SQLiteError) {
        guard var value else { return try bindNull(at: index) }
        let code = value.withUTF8 { bytes -> Int32 in
            // An empty buffer may have no address, which SQLite would read as NULL.
            if bytes.isEmpty { return sqlite3_bind_text(handle, Int32(index), "", 0, sovereign_sqlite_transient()) }
            return bytes.withMemoryRebound(to: CChar.self) { text in
                sqlite3_bind_text64(handle, Int32(index), text.baseAddress, UInt64(text.count),
                                    sovereign_sqlite_transient(), UInt8(SQLITE_UTF8))
            }
        }
        try check(code, "sqlite3_bind_text64")
    }

    /// Binds a blob (or NULL) to parameter `index`; SQLite copies the bytes. Empty data is an empty blob.
    public func bind(_ value: Data?, at index: Int) throws(SQLiteError) {
        guard let value else { return try bindNull(at: index) }
        let code = value.withUnsafeBytes { bytes in
            guard let start = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_zeroblob(handle, Int32(index), 0)
            }
            return sqlite3_bind_blob64(handle, Int32(index), start, UInt64(bytes.count), sovereign_sqlite_transient())
        }
        try check(code, "sqlite3_bind_blob64")
    }

    // MARK: Columns of the current row

    /// How many columns a row has.
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The name of column `index`.
    public func columnName(at index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? ""
    }

    /// The storage class of column `index` in the current row.
    public func columnType(at index: Int) -> ColumnType {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        case SQLITE_BLOB: .blob
        default: .null
        }
    }

    /// Whether column `index` is NULL in the current row.
    public func isNull(at index: Int) -> Bool { sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL }

    /// Column `index` as an integer (NULL reads as 0).
    public func int64(at index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }

    /// Column `index` as an integer (NULL reads as 0).
    public func int(at index: Int) -> Int { Int(sqlite3_column_int64(handle, Int32(index))) }

    /// Column `index` as a floating-point number (NULL reads as 0).
    public func double(at index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }

    /// Column `index` as text (NULL reads as ""). Invalid UTF-8 is repaired.
    public func string(at index: Int) -> String {
        guard let text = sqlite3_column_text(handle, Int32(index)) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// Column `index` as bytes (NULL reads as empty data).
    public func data(at index: Int) -> Data {
        guard let bytes = sqlite3_column_blob(handle, Int32(index)) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, Int32(index))))
    }

    /// Column `index` as an integer, nil for NULL.
    public func optionalInt64(at index: Int) -> Int64? { isNull(at: index) ? nil : int64(at: index) }

    /// Column `index` as an integer, nil for NULL.
    public func optionalInt(at index: Int) -> Int? { isNull(at: index) ? nil : int(at: index) }

    /// Column `index` as a floating-point number, nil for NULL.
    public func optionalDouble(at index: Int) -> Double? { isNull(at: index) ? nil : double(at: index) }

    /// Column `index` as text, nil for NULL.
    public func optionalString(at index: Int) -> String? { isNull(at: index) ? nil : string(at: index) }

    /// Column `index` as bytes, nil for NULL.
    public func optionalData(at index: Int) -> Data? { isNull(at: index) ? nil : data(at: index) }

    // MARK: Errors

    private func check(_ code: Int32, _ operation: String) throws(SQLiteError) {
        if code != SQLITE_OK { throw failure(operation) }
    }

    private func failure(_ operation: String) -> SQLiteError {
        SQLiteError(
            code: ResultCode(rawValue: sqlite3_extended_errcode(database)),
            message: String(cString: sqlite3_errmsg(database)), operation: operation, sql: sql)
    }
}
