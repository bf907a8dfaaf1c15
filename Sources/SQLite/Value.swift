import Foundation

/// A value to bind to a statement parameter.
public enum SQLiteValue: Sendable, Hashable, ExpressibleByNilLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    /// `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// `.integer`.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// `.real`.
    public init(floatLiteral value: Double) { self = .real(value) }
    /// `.text`.
    public init(stringLiteral value: String) { self = .text(value) }
    /// `.integer`, or `.null` for nil.
    public init(_ value: Int64?) { self = value.map(SQLiteValue.integer) ?? .null }
    /// `.integer`, or `.null` for nil.
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    /// `.real`, or `.null` for nil.
    public init(_ value: Double?) { self = value.map(SQLiteValue.real) ?? .null }
    /// `.text`, or `.null` for nil.
    public init(_ value: String?) { self = value.map(SQLiteValue.text) ?? .null }
    /// `.blob`, or `.null` for nil.
    public init(_ value: Data?) { self = value.map(SQLiteValue.blob) ?? .null }
}

/// The storage class of a column value in the current row.
public enum ColumnType: Sendable, Hashable {
    case integer, real, text, blob, null
}

/// How a transaction takes its locks (`BEGIN DEFERRED | IMMEDIATE | EXCLUSIVE`).
public enum TransactionKind: String, Sendable, Hashable {
    /// Locks on first use; a read transaction may fail to upgrade to a write.
    case deferred = "DEFERRED"
    /// Takes the write lock at once (waiting up to the busy timeout): the right kind for writers.
    case immediate = "IMMEDIATE"
    /// Like immediate; in WAL mode the same.
    case exclusive = "EXCLUSIVE"
}
