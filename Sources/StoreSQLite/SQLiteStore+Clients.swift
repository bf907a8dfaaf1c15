import Foundation
import SQLite
import Store

extension SQLiteStore: ClientStore {
    public func insertClient(_ client: ClientRecord) throws(StoreError) {
        try database.insertClient(client)
    }

    public func client(name: String) throws(StoreError) -> ClientRecord? {
        try database.clients(where: "name = ?1", [.text(name)]).first
    }

    public func client(clientId: String) throws(StoreError) -> ClientRecord? {
        try database.clients(where: "client_id = ?1", [.text(clientId)]).first
    }

    public func clients() throws(StoreError) -> [ClientRecord] {
        try database.clients(where: "1 = 1", [])
    }

    @discardableResult
    public func removeClient(name: String) throws(StoreError) -> Bool {
        try database.removeClient(name: name)
    }
}

extension StoreDatabase {
    func insertClient(_ client: ClientRecord) throws(StoreError) {
        let json: String
        do {
            json = String(decoding: try JSONEncoder().encode(client), as: UTF8.self)
        } catch {
            throw .backend(operation: "insertClient", message: "cannot encode the client: \(error)")
        }
        try connection.transaction(.immediate, mapError: Self.backend("insertClient")) { () throws(StoreError) in
            try write(
                "INSERT INTO clients (name, client_id, record_json) VALUES (?1, ?2, ?3)", "insertClient",
                conflict: "a client named \(client.name) already exists"
            ) { statement throws(SQLiteError) in
                try statement.bind([.text(client.name), .text(client.clientId), .text(json)])
            }
        }
    }

    func clients(where condition: String, _ values: [SQLiteValue]) throws(StoreError) -> [ClientRecord] {
        let texts = try rows("SELECT record_json FROM clients WHERE \(condition) ORDER BY name", values, "clients") {
            statement throws(StoreError) in statement.string(at: 0)
        }
        return try texts.map { text throws(StoreError) in
            do {
                return try JSONDecoder().decode(ClientRecord.self, from: Data(text.utf8))
            } catch {
                throw .corrupt("client record: \(error)")
            }
        }
    }

    func removeClient(name: String) throws(StoreError) -> Bool {
        try connection.transaction(.immediate, mapError: Self.backend("removeClient")) { () throws(StoreError) in
            try write("DELETE FROM clients WHERE name = ?1", "removeClient") { statement throws(SQLiteError) in
                try statement.bind(name, at: 1)
            }
            return connection.changes > 0
        }
    }
}
