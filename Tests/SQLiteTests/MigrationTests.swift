import Foundation
import SQLite
import Testing

@Suite struct MigrationTests {
    let folder: TemporaryFolder
    let connection: Connection

    init() throws {
        folder = try TemporaryFolder()
        connection = try Connection(path: folder.path("migrations.db"))
    }

    let history = [
        Migration(version: 1, sql: "CREATE TABLE a (id INTEGER PRIMARY KEY)"),
        Migration(version: 2, sql: "ALTER TABLE a ADD COLUMN name TEXT; CREATE INDEX a_by_name ON a (name)"),
    ]

    @Test func appliesEachMigrationOnce() throws {
        #expect(try connection.appliedMigrationVersions() == [])
        #expect(try connection.migrate(history) == [1, 2])
        #expect(try connection.migrate(history) == [])
        #expect(try connection.appliedMigrationVersions() == [1, 2])
        let later = history + [Migration(version: 5, sql: "CREATE TABLE b (id INTEGER)")]
        #expect(try connection.migrate(later) == [5])
        #expect(try connection.appliedMigrationVersions() == [1, 2, 5])
        let reopened = try Connection(path: connection.path)
        #expect(try reopened.migrate(later) == [])
    }

    @Test func failedMigrationLeavesNothingBehind() throws {
        try connection.migrate(history)
        let broken = history + [Migration(version: 3, sql: "CREATE TABLE c (id INTEGER); CREATE TABLE a (id INTEGER)")]
        let error = #expect(throws: SQLiteError.self) { try connection.migrate(broken) }
        #expect(error?.message.contains("already exists") == true)
        #expect(try connection.appliedMigrationVersions() == [1, 2])
        #expect(try connection.query("SELECT name FROM sqlite_master WHERE name = 'c'") { $0.string(at: 0) } == [])
    }

    @Test func refusesUnorderedVersions() throws {
        let error = #expect(throws: SQLiteError.self) {
            try connection.migrate([Migration(version: 2, sql: "SELECT 1"), Migration(version: 2, sql: "SELECT 2")])
        }
        #expect(error?.code == .misuse)
        #expect(try connection.appliedMigrationVersions() == [])
    }
}
