import Auth
import Foundation
import Model
import Testing
import TestSupport

/// The server trusting an external issuer: its JWKS is served by a real HTTP server (Python's
/// http.server on loopback), tokens are signed by a key the server only knows from that JWKS.
@Suite(.serialized) struct ExternalIssuerTests {
    @Test func tokensAreCheckedAgainstTheIssuersKeys() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-jwks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = try SigningKey.generate()
        let issuerURL = "https://issuer.test/realms/platform"
        let good = TokenIssuer(key: key, issuer: issuerURL, audience: "sovereign")
        try good.jwks.jsonText.write(to: folder.appendingPathComponent("jwks.json"), atomically: true, encoding: .utf8)
        let files = try StaticFileServer(directory: folder)
        defer { files.stop() }
        let api = try await APIFixture(extraSettings: [
            "Auth__JwksUrl": "http://127.0.0.1:\(files.port)/jwks.json", "Auth__Authority": issuerURL, "Auth__Audience": "sovereign",
        ])
        func status(_ token: String) async throws -> Int {
            try await api.request("GET", "/api/v1/workflows", token: token).status
        }
        #expect(try await status(try good.issue(clientId: "ci", scopes: ["workflows:read"]).token) == 200)
        let wrongAudience = TokenIssuer(key: key, issuer: issuerURL, audience: "someone-else")
        #expect(try await status(try wrongAudience.issue(clientId: "ci", scopes: ["workflows:read"]).token) == 401)
        let wrongIssuer = TokenIssuer(key: key, issuer: "https://evil.test", audience: "sovereign")
        #expect(try await status(try wrongIssuer.issue(clientId: "ci", scopes: ["workflows:read"]).token) == 401)
        let expired = TokenIssuer(key: key, issuer: issuerURL, audience: "sovereign", lifetime: 60, now: { Date().addingTimeInterval(-7_200) })
        let expiredReply = try await api.request("GET", "/api/v1/workflows", token: try expired.issue(clientId: "ci", scopes: ["workflows:read"]).token)
        #expect(expiredReply.status == 401)
        #expect(expiredReply.header("WWW-Authenticate")?.contains("invalid_token") == true)
        let otherKey = TokenIssuer(key: try SigningKey.generate(), issuer: issuerURL, audience: "sovereign")
        #expect(try await status(try otherKey.issue(clientId: "ci", scopes: ["workflows:read"]).token) == 401)
        var tampered = try good.issue(clientId: "ci", scopes: ["workflows:read"]).token
        tampered.removeLast(4)
        tampered += "AAAA"
        #expect(try await status(tampered) == 401)
        #expect(try await api.request("GET", "/api/v1/workflows").status == 401)
        // The built-in Auth Service is off with an external issuer.
        #expect(try await api.request("POST", "/oauth/token", body: Data("grant_type=client_credentials".utf8)).status == 404)
        await api.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    @Test func oversizedBodiesAndHeadersAreRefused() async throws {
        let api = try await APIFixture(extraSettings: ["Http__MaxBodyBytes": "2048"])
        let token = try await api.token()
        let big = try await api.request(
            "POST", "/api/v1/workflows/greet/execute", token: token, body: Data(repeating: UInt8(ascii: "a"), count: 4_096),
            headers: ["Content-Type": "application/json"])
        #expect(big.status == 413)
        let huge = try await api.request("GET", "/api/v1/workflows", token: token, headers: ["X-Padding": String(repeating: "x", count: 40_000)])
        #expect(huge.status == 431)
        await api.stop()
    }
}
