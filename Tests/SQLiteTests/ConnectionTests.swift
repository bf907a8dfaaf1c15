import Foundation
import SQLite
import Testing

@Suite struct ConnectionTests {
    let folder: TemporaryFolder
    let connection: Connection

    init() throws {
        folder = try TemporaryFolder()
        connection = try Connection(path: folder.path("test.db"))
        try connection.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, number INTEGER, real REAL, text TEXT, bytes BLOB)")
    }

    @Test func bindsAndReadsEveryType() throws {
        let insert = try connection.statement("INSERT INTO items (number, real, text, bytes) VALUES (?, ?, ?, ?)")
        let nulText = "a\u{0}b"
        let nulData = Data([0, 1, 0, 255])
        try insert.execute([.integer(Int64.max), .real(-1.25e-300), .text("héllo 🌍 中文"), .blob(nulData)])
        try insert.execute([.integer(Int64.min), .real(0.1), .text(nulText), .blob(Data())])
        try insert.execute([nil, nil, .text(""), nil])
        let rows = try connection.query("SELECT number, real, text, bytes FROM items ORDER BY id") { row in
            (row.optionalInt64(at: 0), row.optionalDouble(at: 1), row.optionalString(at: 2), row.optionalData(at: 3),
             row.columnType(at: 3))
        }
        #expect(rows.count == 3)
        #expect(rows[0].0 == Int64.max && rows[0].1 == -1.25e-300 && rows[0].2 == "héllo 🌍 中文" && rows[0].3 == nulData)
        #expect(rows[1].0 == Int64.min && rows[1].1 == 0.1 && rows[1].2 == nulText && rows[1].3 == Data())
        #expect(rows[1].4 == .blob)
        #expect(rows[2].0 == nil && rows[2].1 == nil && rows[2].2 == "" && rows[2].3 == nil && rows[2].4 == .null)
        #expect(rows[1].2?.utf8.count == 3)
    }

    @Test func typedBindersAndGetters() throws {
        let insert = try connection.statement("INSERT INTO items (number, real, text, bytes) VALUES (?1, ?2, ?3, ?4)")
        try insert.bind(42 as Int?, at: 1)
        try insert.bind(2.5 as Double?, at: 2)
        try insert.bind("text" as String?, at: 3)
        try insert.bind(Data([9]) as Data?, at: 4)
        try insert.execute()
        #expect(connection.changes == 1)
        #expect(connection.lastInsertRowID == 1)
        let select = try connection.statement("SELECT number, real, text, bytes, id FROM items")
        #expect(try select.step())
        #expect(select.columnCount == 5)
        #expect(select.columnName(at: 2) == "text")
        #expect(select.int(at: 0) == 42 && select.double(at: 1) == 2.5 && select.string(at: 2) == "text")
        #expect(select.data(at: 3) == Data([9]) && select.int64(at: 4) == 1)
        #expect(try !select.step())
        select.reset()
    }

    @Test func reusesPreparedStatements() throws {
        let sql = "INSERT INTO items (number) VALUES (?)"
        let first = try connection.statement(sql)
        let count = connection.cachedStatementCount
        for number in 0..<100 { try connection.run(sql, [.integer(Int64(number))]) }
        #expect(try connection.statement(sql) === first)
        #expect(connection.cachedStatementCount == count)
        #expect(try connection.query("SELECT COUNT(*), SUM(number) FROM items") { [$0.int(at: 0), $0.int(at: 1)] } == [[100, 4950]])
        #expect(try connection.run("DELETE FROM items WHERE number < 10") == 10)
    }

    /// The cache hashes only a statement's length and end: statements alike in both are still
    /// told apart by their whole text.
    @Test func statementsAlikeAtTheEndAreKeptApart() throws {
        let suffix = " AS value_with_a_long_shared_name_at_the_end"
        let cached = connection.cachedStatementCount
        let first = try connection.query("SELECT 1" + suffix) { $0.int(at: 0) }
        let second = try connection.query("SELECT 2" + suffix) { $0.int(at: 0) }
        let again = try connection.query("SELECT 1" + suffix) { $0.int(at: 0) }
        #expect([first, second, again] == [[1], [2], [1]])
        #expect(connection.cachedStatementCount == cached + 2)
    }

    @Test func transactionCommitsAndRollsBack() throws {
        let value = try connection.transaction { () throws(SQLiteError) -> Int in
            try connection.run("INSERT INTO items (id, number) VALUES (1, 1)")
            return 7
        }
        #expect(value == 7)
        #expect(throws: SQLiteError.self) {
            try connection.transaction(.immediate) { () throws(SQLiteError) in
                try connection.run("INSERT INTO items (id, number) VALUES (2, 2)")
                try connection.run("INSERT INTO items (id, number) VALUES (1, 3)")  // duplicate key
            }
        }
        #expect(!connection.isInTransaction)
        #expect(try connection.query("SELECT id FROM items") { $0.int(at: 0) } == [1])
    }

    struct Refusal: Error, Equatable {}

    @Test func transactionRollsBackOnTheBodysOwnError() throws {
        #expect(throws: Refusal()) {
            try connection.transaction(.immediate, mapError: { _ in Refusal() }) { () throws(Refusal) in
                _ = try? connection.run("INSERT INTO items (id) VALUES (5)")
                throw Refusal()
            }
        }
        #expect(try connection.query("SELECT COUNT(*) FROM items") { $0.int(at: 0) } == [0])
    }

    @Test func errorsCarryCodeMessageAndSQL() throws {
        let syntax = #expect(throws: SQLiteError.self) { try connection.statement("SELEC 1") }
        #expect(syntax?.code == .error)
        #expect(syntax?.operation == "sqlite3_prepare_v3")
        #expect(syntax?.sql == "SELEC 1")
        #expect(syntax?.message.contains("syntax error") == true)
        #expect(syntax?.description.contains("SELEC 1") == true)

        try connection.run("INSERT INTO items (id) VALUES (1)")
        let duplicate = #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO items (id) VALUES (1)") }
        #expect(duplicate?.code == .constraintPrimaryKey)
        #expect(duplicate?.code.primary == .constraint)
        #expect(duplicate?.isUniquenessViolation == true)
        #expect(duplicate?.operation == "sqlite3_step")
        #expect(duplicate?.message.contains("UNIQUE constraint failed: items.id") == true)

        let exec = #expect(throws: SQLiteError.self) { try connection.execute("CREATE TABLE items (x)") }
        #expect(exec?.message.contains("already exists") == true)
        #expect(exec?.sql == "CREATE TABLE items (x)")
    }

    @Test func appliesOptions() throws {
        #expect(try connection.journalMode == "wal")
        #expect(try connection.pragma("synchronous") == "1")
        #expect(try connection.pragma("foreign_keys") == "1")
        let full = try Connection(
            path: folder.path("full.db"), options: ConnectionOptions(synchronous: .full, foreignKeys: false))
        #expect(try full.pragma("synchronous") == "2")
        #expect(try full.pragma("foreign_keys") == "0")
        #expect(try full.journalMode == "wal")
    }

    @Test func openFailsWithoutCreateOrFolder() throws {
        let missing = #expect(throws: SQLiteError.self) {
            try Connection(path: folder.path("missing.db"), options: ConnectionOptions(create: false))
        }
        #expect(missing?.code.primary == .cannotOpen)
        #expect(missing?.message.contains("missing.db") == true)
        #expect(throws: SQLiteError.self) { try Connection(path: folder.path("no/such/folder/x.db")) }
    }

    @Test func secondConnectionSeesCommittedRows() throws {
        try connection.run("INSERT INTO items (id, text) VALUES (1, 'shared')")
        let other = try Connection(path: connection.path)
        #expect(try other.query("SELECT text FROM items") { $0.string(at: 0) } == ["shared"])
    }
}
