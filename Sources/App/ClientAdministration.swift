import API
import Auth
import Foundation
import Store

/// Creating and removing clients of the built-in Auth Service.
public enum ClientAdministration {
    /// A new client's one-time credentials.
    public struct Credentials: Sendable {
        public var name: String
        public var clientId: String
        public var clientSecret: String
        public var scopes: [String]
    }

    /// Creates a client; the secret is returned once and only its hash is stored.
    public static func add(name: String, scopes: [String], store: any ClientStore) async throws -> Credentials {
        guard name.range(of: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", options: .regularExpression) != nil else {
            throw SettingsError(message: "client names are lower-case letters, digits and '-' (at most 63), not `\(name)`")
        }
        let unknown = scopes.filter { !Scopes.all.contains($0) }
        guard unknown.isEmpty else {
            throw SettingsError(message: "unknown scope `\(unknown[0])`; scopes are: \(Scopes.all.joined(separator: " "))")
        }
        let secret = ClientSecrets.newSecret()
        let record = ClientRecord(
            name: name, clientId: ClientSecrets.newClientId(), secretHash: ClientSecrets.hash(secret),
            scopes: Array(Set(scopes)).sorted(), createdAt: Date())
        do {
            try await store.insertClient(record)
        } catch {
            if case .conflict = error {
                throw SettingsError(message: "a client named `\(name)` already exists; remove it first or pick another name")
            }
            throw error
        }
        return Credentials(name: name, clientId: record.clientId, clientSecret: secret, scopes: record.scopes)
    }
}
