import Foundation

/// A client of the built-in Auth Service (OAuth 2.1 `client_credentials`). Only a hash of its
/// secret is kept.
public struct ClientRecord: Sendable, Hashable, Codable {
    /// A unique, human name (`ci-pipeline`).
    public var name: String
    /// The public identifier clients authenticate with.
    public var clientId: String
    /// `pbkdf2-sha256$…` of the secret.
    public var secretHash: String
    /// Scopes the client may ask for.
    public var scopes: [String]
    public var createdAt: Date

    /// Creates a client record.
    public init(name: String, clientId: String, secretHash: String, scopes: [String], createdAt: Date) {
        self.name = name
        self.clientId = clientId
        self.secretHash = secretHash
        self.scopes = scopes
        self.createdAt = createdAt
    }
}

/// Where the built-in Auth Service keeps its clients.
public protocol ClientStore: Sendable {
    /// Inserts a client; `.conflict` when its name or id exists.
    func insertClient(_ client: ClientRecord) async throws(StoreError)
    func client(name: String) async throws(StoreError) -> ClientRecord?
    func client(clientId: String) async throws(StoreError) -> ClientRecord?
    /// Every client, by name.
    func clients() async throws(StoreError) -> [ClientRecord]
    /// Removes a client; false when there was none of that name.
    @discardableResult
    func removeClient(name: String) async throws(StoreError) -> Bool
}
