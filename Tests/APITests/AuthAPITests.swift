import App
import Foundation
import Model
import StoreSQLite
import Testing

@Suite(.serialized) struct AuthAPITests {
    @Test func tokensAndTheirFailures() async throws {
        let api = try await APIFixture()
        #expect(!api.clientId.isEmpty && !api.clientSecret.isEmpty)
        let missing = try await api.request("GET", "/api/v1/workflows")
        #expect(missing.status == 401)
        #expect(missing.header("WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)
        #expect(try await api.request("GET", "/api/v1/workflows", token: "not.a.jwt").status == 401)
        let basic = Data("\(api.clientId):\(api.clientSecret)".utf8).base64EncodedString()
        let viaBasic = try await api.request(
            "POST", "/oauth/token", body: Data("grant_type=client_credentials".utf8),
            headers: ["Authorization": "Basic \(basic)", "Content-Type": "application/x-www-form-urlencoded"])
        #expect(viaBasic.status == 200)
        #expect(viaBasic.json?["token_type"] == "Bearer")
        let wrong = try await api.request(
            "POST", "/oauth/token", body: Data("grant_type=client_credentials&client_id=\(api.clientId)&client_secret=nope".utf8),
            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(wrong.status == 401)
        #expect(wrong.json?["error"] == "invalid_client")
        let grant = try await api.request("POST", "/oauth/token", body: Data("grant_type=password".utf8))
        #expect(grant.json?["error"] == "unsupported_grant_type")
        // A token with fewer scopes is refused where it lacks one.
        let readOnly = try await api.token(scope: "workflows:read")
        #expect(try await api.request("GET", "/api/v1/workflows", token: readOnly).status == 200)
        let forbidden = try await api.request("POST", "/api/v1/workflows/greet/execute", token: readOnly, json: [:])
        #expect(forbidden.status == 403)
        let metadata = try await api.request("GET", "/.well-known/oauth-authorization-server")
        #expect(metadata.json?["token_endpoint"] == "http://sovereign.test/oauth/token")
        let jwks = try await api.request("GET", "/oauth/jwks")
        #expect(jwks.json?["keys"]?.arrayValue?.first?["alg"] == "ES256")
        await api.stop()
    }

    @Test func clientsAddedLaterAuthenticate() async throws {
        let api = try await APIFixture()
        let store = try SQLiteStore(path: api.folder.appendingPathComponent("data/sovereign.sqlite").path)
        let ci = try await ClientAdministration.add(name: "ci", scopes: ["executions:read"], store: store)
        let reply = try await api.request(
            "POST", "/oauth/token", body: Data("grant_type=client_credentials&client_id=\(ci.clientId)&client_secret=\(ci.clientSecret)".utf8),
            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(reply.json?["scope"] == "executions:read")
        await #expect(throws: (any Error).self) { try await ClientAdministration.add(name: "ci", scopes: ["admin"], store: store) }
        await #expect(throws: (any Error).self) { try await ClientAdministration.add(name: "Bad Name", scopes: ["admin"], store: store) }
        await api.stop()
    }
}
