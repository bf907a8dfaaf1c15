import Foundation
import Model
import Testing
import TestSupport
@testable import Auth

/// JWKS fetching, rotation and discovery against a real HTTP server (`python3 -m http.server`).
@Suite("JWKS over HTTP", .serialized)
struct JWKSVerifierTests {
    let keys = CommandLineKeys.shared

    func jwks(_ keys: [CommandLineKey]) -> String { JSONValue(dictionaryLiteral: ("keys", .array(keys.map(\.jwk)))).jsonText }

    @Test func rotationRefetchesOncePerInterval() async throws {
        let server = try StaticFileServer()
        defer { server.stop() }
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let second = try CommandLineKey.p256(kid: "ec-2", in: directory)
        let third = try CommandLineKey.p256(kid: "ec-3", in: directory)
        try server.write(jwks([keys.rsa]), to: "jwks.json")
        let clock = TestClock()
        let verifier = JWKSTokenVerifier(
            issuer: TestIssuer.issuer, audience: TestIssuer.audience, jwksURL: URL(string: server.base + "/jwks.json")!,
            now: clock.closure)

        // First use fetches.
        #expect(try await verifier.verify(keys.rsa.token(claims: externalClaims(now: clock.now))).subject == "service-account-42")
        #expect(await verifier.fetchCount == 1)
        // Cached keys need no fetch.
        _ = try await verifier.verify(keys.rsa.token(claims: externalClaims(now: clock.now)))
        #expect(await verifier.fetchCount == 1)

        // The issuer rotates: a token with the new kid triggers one refetch.
        clock.advance(by: 40)
        try server.write(jwks([keys.rsa, second]), to: "jwks.json")
        #expect(try await verifier.verify(second.token(claims: externalClaims(now: clock.now))).subject == "service-account-42")
        #expect(await verifier.fetchCount == 2)

        // Another unknown kid within 30 s: no refetch, even though the file now has the key.
        clock.advance(by: 29)
        try server.write(jwks([keys.rsa, second, third]), to: "jwks.json")
        let thirdToken = try third.token(claims: externalClaims(now: clock.now))
        #expect(await authError { () async throws(AuthError) in try await verifier.verify(thirdToken) } == .unknownKey("ec-3"))
        #expect(await authError { () async throws(AuthError) in try await verifier.verify(thirdToken) } == .unknownKey("ec-3"))
        #expect(await verifier.fetchCount == 2)

        // Once the interval has passed, the unknown kid may refetch again.
        clock.advance(by: 1)
        #expect(try await verifier.verify(thirdToken).subject == "service-account-42")
        #expect(await verifier.fetchCount == 3)
        // Known kids still verify without fetching.
        _ = try await verifier.verify(second.token(claims: externalClaims(now: clock.now)))
        #expect(await verifier.fetchCount == 3)
    }

    @Test func concurrentFirstUseFetchesOnce() async throws {
        let server = try StaticFileServer()
        defer { server.stop() }
        try server.write(jwks([keys.rsa, keys.p256]), to: "jwks.json")
        let clock = TestClock()
        let verifier = JWKSTokenVerifier(
            issuer: TestIssuer.issuer, audience: TestIssuer.audience, jwksURL: URL(string: server.base + "/jwks.json")!,
            now: clock.closure)
        let token = try keys.p256.token(claims: externalClaims(now: clock.now))
        let subjects = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<16 { group.addTask { try? await verifier.verify(token).subject } }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(subjects == Array(repeating: "service-account-42", count: 16))
        #expect(await verifier.fetchCount == 1)
    }

    @Test func unavailableJWKS() async throws {
        let server = try StaticFileServer()
        let clock = TestClock()
        let token = try keys.rsa.token(claims: externalClaims(now: clock.now))
        // 404, then not JSON, then a dead server: every case is keysUnavailable, and retries are throttled.
        let missing = JWKSTokenVerifier(
            issuer: TestIssuer.issuer, audience: TestIssuer.audience, jwksURL: URL(string: server.base + "/jwks.json")!,
            now: clock.closure)
        guard case .keysUnavailable? = await authError({ () async throws(AuthError) in try await missing.verify(token) }) else {
            Issue.record("expected keysUnavailable")
            return
        }
        _ = await authError { () async throws(AuthError) in try await missing.verify(token) }
        #expect(await missing.fetchCount == 1)
        try server.write("not json", to: "jwks.json")
        clock.advance(by: 30)
        let error = await authError { () async throws(AuthError) in try await missing.verify(token) }
        #expect(error?.description == "signing keys unavailable")
        #expect(await missing.fetchCount == 2)
        server.stop()
        clock.advance(by: 30)
        guard case .keysUnavailable? = await authError({ () async throws(AuthError) in try await missing.verify(token) }) else {
            Issue.record("expected keysUnavailable")
            return
        }
        // Plain http to a non-loopback host is refused without a request.
        let insecure = JWKSTokenVerifier(
            issuer: TestIssuer.issuer, audience: TestIssuer.audience, jwksURL: URL(string: "http://id.example.test/jwks")!)
        guard case .keysUnavailable? = await authError({ () async throws(AuthError) in try await insecure.verify(token) }) else {
            Issue.record("expected keysUnavailable")
            return
        }
    }

    @Test func discoveryThroughOpenIDConfiguration() async throws {
        let server = try StaticFileServer()
        defer { server.stop() }
        let issuer = server.base + "/realms/sovereign"
        try server.write(jwks([keys.rsa]), to: "realms/sovereign/protocol/openid-connect/certs")
        let metadata: JSONValue = ["issuer": .string(issuer), "jwks_uri": .string(issuer + "/protocol/openid-connect/certs")]
        try server.write(metadata.jsonText, to: "realms/sovereign/.well-known/openid-configuration")

        let discovered = try await JWKSTokenVerifier.discover(authority: URL(string: issuer)!)
        #expect(discovered.issuer == issuer)
        #expect(discovered.jwksURL.absoluteString == issuer + "/protocol/openid-connect/certs")
        let withSlash = try await JWKSTokenVerifier.discover(authority: URL(string: issuer + "/")!)
        #expect(withSlash.issuer == issuer)

        let clock = TestClock()
        let verifier = JWKSTokenVerifier(
            issuer: discovered.issuer, audience: TestIssuer.audience, jwksURL: discovered.jwksURL, now: clock.closure)
        let token = try keys.rsa.token(claims: externalClaims(now: clock.now, issuer: issuer))
        #expect(try await verifier.verify(token).issuer == issuer)
    }

    @Test func discoveryFallsBackToRFC8414() async throws {
        let server = try StaticFileServer()
        defer { server.stop() }
        let issuer = server.base + "/tenant"
        let metadata: JSONValue = ["issuer": .string(issuer), "jwks_uri": .string(server.base + "/oauth/jwks")]
        try server.write(metadata.jsonText, to: ".well-known/oauth-authorization-server/tenant")
        let discovered = try await JWKSTokenVerifier.discover(authority: URL(string: issuer)!)
        #expect(discovered.issuer == issuer)
        #expect(discovered.jwksURL.absoluteString == server.base + "/oauth/jwks")

        // A host-only issuer (the built-in Auth Service's own metadata path), on a second server.
        let rootServer = try StaticFileServer()
        defer { rootServer.stop() }
        let root: JSONValue = ["issuer": .string(rootServer.base), "jwks_uri": .string(rootServer.base + "/oauth/jwks")]
        try rootServer.write(root.jsonText, to: ".well-known/oauth-authorization-server")
        #expect(try await JWKSTokenVerifier.discover(authority: URL(string: rootServer.base)!).issuer == rootServer.base)
    }

    @Test func discoveryFailures() async throws {
        let server = try StaticFileServer()
        defer { server.stop() }
        // Nothing served.
        await #expect(throws: AuthError.self) { try await JWKSTokenVerifier.discover(authority: URL(string: server.base + "/none")!) }
        // An issuer that is not the authority (mix-up defence).
        let foreign: JSONValue = ["issuer": "https://attacker.test", "jwks_uri": .string(server.base + "/jwks.json")]
        try server.write(foreign.jsonText, to: "mixup/.well-known/openid-configuration")
        await #expect(throws: AuthError.self) { try await JWKSTokenVerifier.discover(authority: URL(string: server.base + "/mixup")!) }
        // No jwks_uri.
        let incomplete: JSONValue = ["issuer": .string(server.base + "/incomplete")]
        try server.write(incomplete.jsonText, to: "incomplete/.well-known/openid-configuration")
        await #expect(throws: AuthError.self) {
            try await JWKSTokenVerifier.discover(authority: URL(string: server.base + "/incomplete")!)
        }
    }

    @Test func discoveryURLs() {
        let urls = JWKSTokenVerifier.discoveryURLs(authority: URL(string: "https://id.example.test/realms/x/")!).map(\.absoluteString)
        #expect(urls == [
            "https://id.example.test/realms/x/.well-known/openid-configuration",
            "https://id.example.test/.well-known/oauth-authorization-server/realms/x",
        ])
        let root = JWKSTokenVerifier.discoveryURLs(authority: URL(string: "https://id.example.test")!).map(\.absoluteString)
        #expect(root == [
            "https://id.example.test/.well-known/openid-configuration",
            "https://id.example.test/.well-known/oauth-authorization-server",
        ])
    }
}
