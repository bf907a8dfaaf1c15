import Foundation
import SQLite
import Store

extension SQLiteStore: SyncStore {
    public func publication() throws(StoreError) -> Publication? {
        try database.syncState("publication", as: Publication.self)
    }

    public func syncStatus() throws(StoreError) -> SyncStatusRecord? {
        try database.syncState("status", as: SyncStatusRecord.self)
    }

    public func applySync(versions: [DefinitionVersionRecord], publication: Publication?, status: SyncStatusRecord) throws(StoreError) {
        try database.applySync(versions: versions, publication: publication, status: status)
    }
}

extension StoreDatabase {
    private static let syncEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static let syncDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    func syncState<Value: Decodable>(_ name: String, as type: Value.Type) throws(StoreError) -> Value? {
        let texts = try rows("SELECT state_json FROM sync_state WHERE name = ?1", [.text(name)], "syncState") {
            statement throws(StoreError) in statement.string(at: 0)
        }
        guard let text = texts.first else { return nil }
        do {
            return try Self.syncDecoder.decode(Value.self, from: Data(text.utf8))
        } catch {
            throw .corrupt("sync_state.\(name): \(error)")
        }
    }

    func applySync(versions: [DefinitionVersionRecord], publication: Publication?, status: SyncStatusRecord) throws(StoreError) {
        func encoded(_ value: some Encodable) throws(StoreError) -> String {
            do {
                return String(decoding: try Self.syncEncoder.encode(value), as: UTF8.self)
            } catch {
                throw .backend(operation: "applySync", message: "cannot encode: \(error)")
            }
        }
        var rowsToWrite: [(String, String)] = [("status", try encoded(status))]
        if let publication { rowsToWrite.append(("publication", try encoded(publication))) }
        try connection.transaction(.immediate, mapError: Self.backend("applySync")) { () throws(StoreError) in
            for version in versions { _ = try apply(mutationsInTransaction: [.putDefinitionVersion(version)]) }
            for (name, json) in rowsToWrite {
                try write(
                    "INSERT INTO sync_state (name, state_json) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET state_json = ?2",
                    "applySync"
                ) { statement throws(SQLiteError) in
                    try statement.bind([.text(name), .text(json)])
                }
            }
        }
    }
}
