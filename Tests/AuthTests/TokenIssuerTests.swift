import Foundation
import Model
import Testing
@testable import Auth

@Suite("Built-in issuer")
struct TokenIssuerTests {
    static let key = try! SigningKey.generate()
    let clock = TestClock()

    func issuer(issuer: String = "https://sovereign.test", audience: String = "sovereign-api", leeway: TimeInterval = 60) -> TokenIssuer {
        TokenIssuer(key: Self.key, issuer: issuer, audience: audience, lifetime: 600, leeway: leeway, now: clock.closure)
    }

    /// Splits a token into decoded header, decoded claims and the three raw parts.
    func parts(_ token: String) -> (header: JSONValue, claims: JSONValue, raw: [String]) {
        let raw = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let header = try! JSONDecoder().decode(JSONValue.self, from: Data(Base64URL.decode(raw[0])!))
        let claims = try! JSONDecoder().decode(JSONValue.self, from: Data(Base64URL.decode(raw[1])!))
        return (header, claims, raw)
    }

    @Test func roundTrip() async throws {
        let issuer = issuer()
        let (token, expiresIn) = try issuer.issue(clientId: "cli_0123456789abcdef", scopes: ["workflows:read", "runs:write"])
        #expect(expiresIn == 600)
        let verified = try await issuer.verifier.verify(token)
        #expect(verified.subject == "cli_0123456789abcdef")
        #expect(verified.clientId == "cli_0123456789abcdef")
        #expect(verified.scopes == ["workflows:read", "runs:write"])
        #expect(verified.issuer == "https://sovereign.test")
        #expect(verified.audiences == ["sovereign-api"])
        #expect(verified.expiresAt == clock.now.addingTimeInterval(600))
        #expect(verified.issuedAt == clock.now)
        #expect(verified.tokenId?.isEmpty == false)
    }

    @Test func headerAndClaimsFollowRFC9068() throws {
        let (token, _) = try issuer().issue(clientId: "cli_a", scopes: ["b", "a"])
        let (header, claims, raw) = parts(token)
        #expect(header == ["alg": "ES256", "typ": "at+jwt", "kid": .string(Self.key.keyId)])
        #expect(Base64URL.decode(raw[2])?.count == 64)  // raw r‖s, not DER
        #expect(!raw.joined().contains("="))
        let seconds = Int64(clock.now.timeIntervalSince1970)
        #expect(claims["exp"] == .integer(seconds + 600))
        #expect(claims["iat"] == .integer(seconds))
        #expect(claims["nbf"] == .integer(seconds))
        #expect(claims["scope"] == "a b")
        #expect(claims["client_id"] == "cli_a")
        #expect(claims["sub"] == "cli_a")
        #expect(claims["jti"]?.stringValue != nil)
        let second = try issuer().issue(clientId: "cli_a", scopes: ["a"]).token
        #expect(parts(second).claims["jti"] != claims["jti"])
    }

    @Test func jwksPublishesThePublicKey() {
        let jwks = issuer().jwks
        #expect(jwks["keys"]?.arrayValue == [Self.key.publicJWK])
        #expect(Self.key.publicJWK["d"] == nil)
    }

    @Test func tamperedPayloadIsRejected() async throws {
        let issuer = issuer()
        let (token, _) = try issuer.issue(clientId: "cli_a", scopes: ["read"])
        var (_, claims, raw) = parts(token)
        guard case .object(var members) = claims else { Issue.record("claims"); return }
        members["scope"] = "read admin"
        claims = .object(members)
        let tampered = raw[0] + "." + Base64URL.encode(claims.jsonText) + "." + raw[2]
        #expect(await authError { () async throws(AuthError) in try await issuer.verifier.verify(tampered) } == .invalidSignature)
    }

    @Test func tamperedSignatureIsRejected() async throws {
        let issuer = issuer()
        let (token, _) = try issuer.issue(clientId: "cli_a", scopes: ["read"])
        let raw = parts(token).raw
        var signature = Base64URL.decode(raw[2])!
        signature[10] ^= 0x01
        let flipped = raw[0] + "." + raw[1] + "." + Base64URL.encode(signature)
        #expect(await authError { () async throws(AuthError) in try await issuer.verifier.verify(flipped) } == .invalidSignature)
        let short = raw[0] + "." + raw[1] + "." + Base64URL.encode(signature.prefix(63))
        #expect(await authError { () async throws(AuthError) in try await issuer.verifier.verify(short) } == .invalidSignature)
    }

    @Test func algorithmNoneIsRejected() async throws {
        let issuer = issuer()
        let claims = parts(try issuer.issue(clientId: "cli_a", scopes: []).token).claims
        for alg in ["none", "None", "NONE"] {
            let token = forgedToken(header: ["alg": .string(alg), "typ": "at+jwt", "kid": .string(Self.key.keyId)], claims: claims, signature: [])
            #expect(await authError { () async throws(AuthError) in try await issuer.verifier.verify(token) } == .unsupportedAlgorithm(alg))
        }
    }

    @Test(arguments: ["HS256", "HS384", "HS512"])
    func hmacWithThePublicKeyIsRejected(alg: String) async throws {
        let issuer = issuer()
        let claims = parts(try issuer.issue(clientId: "cli_a", scopes: ["admin"]).token).claims
        let header: JSONValue = ["alg": .string(alg), "typ": "at+jwt", "kid": .string(Self.key.keyId)]
        let input = Base64URL.encode(header.jsonText) + "." + Base64URL.encode(claims.jsonText)
        // The classic confusion attack: the public JWK (what anyone can download) as the HMAC secret.
        let secret = Array(Self.key.publicJWK.jsonText.utf8)
        let token = input + "." + Base64URL.encode(try hmacSHA256(Array(input.utf8), key: secret))
        #expect(await authError { () async throws(AuthError) in try await issuer.verifier.verify(token) } == .unsupportedAlgorithm(alg))
    }

    @Test func expiryHonoursTheLeeway() async throws {
        let issuer = issuer(leeway: 60)
        let (token, _) = try issuer.issue(clientId: "cli_a", scopes: [])
        clock.advance(by: 600 + 59)
        #expect(await authError { () async throws(AuthError) in try await issuer.verifier.verify(token) } == nil)
        clock.advance(by: 1)
        #expect(await authError { () async throws(AuthError) in try await issuer.verifier.verify(token) } == .expired)
        let strict = self.issuer(leeway: 0)
        clock.advance(by: -60)
        #expect(await authError { () async throws(AuthError) in try await strict.verifier.verify(token) } == .expired)
        clock.advance(by: -1)
        #expect(await authError { () async throws(AuthError) in try await strict.verifier.verify(token) } == nil)
    }

    @Test func notBeforeHonoursTheLeeway() async throws {
        let issuer = issuer(leeway: 60)
        let (token, _) = try issuer.issue(clientId: "cli_a", scopes: [])
        clock.advance(by: -60)
        #expect(await authError { () async throws(AuthError) in try await issuer.verifier.verify(token) } == nil)
        clock.advance(by: -1)
        #expect(await authError { () async throws(AuthError) in try await issuer.verifier.verify(token) } == .notYetValid)
        let strict = self.issuer(leeway: 0)
        clock.advance(by: 60)
        #expect(await authError { () async throws(AuthError) in try await strict.verifier.verify(token) } == .notYetValid)
        clock.advance(by: 1)
        #expect(await authError { () async throws(AuthError) in try await strict.verifier.verify(token) } == nil)
    }

    @Test func wrongIssuerAndAudienceAreRejected() async throws {
        let (token, _) = try issuer().issue(clientId: "cli_a", scopes: [])
        let otherIssuer = issuer(issuer: "https://elsewhere.test")
        #expect(await authError { () async throws(AuthError) in try await otherIssuer.verifier.verify(token) } == .wrongIssuer)
        let otherAudience = issuer(audience: "another-api")
        #expect(await authError { () async throws(AuthError) in try await otherAudience.verifier.verify(token) } == .wrongAudience)
    }

    @Test func anotherKeyOrMissingTypeIsRejected() async throws {
        let (token, _) = try issuer().issue(clientId: "cli_a", scopes: [])
        let stranger = TokenIssuer(key: try SigningKey.generate(), issuer: "https://sovereign.test", audience: "sovereign-api", now: clock.closure)
        #expect(await authError { () async throws(AuthError) in try await stranger.verifier.verify(token) } == .unknownKey(Self.key.keyId))
        let raw = parts(token).raw
        let untypedHeader: JSONValue = ["alg": "ES256", "kid": .string(Self.key.keyId)]
        let untyped = Base64URL.encode(untypedHeader.jsonText) + "." + raw[1] + "." + raw[2]
        let error = await authError { () async throws(AuthError) in try await issuer().verifier.verify(untyped) }
        #expect(error == .malformed("not an access token (typ)"))
    }

    @Test func malformedTokensAreRejected() async throws {
        let verifier = issuer().verifier
        #expect(await authError { () async throws(AuthError) in try await verifier.verify("") } == .missingToken)
        for garbage in ["abc", "a.b", "a.b.c.d", "!!.e30.", "e30.e30.", "W10.e30.", "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.AA"] {
            let error = await authError { () async throws(AuthError) in try await verifier.verify(garbage) }
            guard case .malformed? = error else { Issue.record("\(garbage): \(String(describing: error))"); continue }
        }
        let huge = String(repeating: "a", count: 16 * 1024 + 1)
        #expect(await authError { () async throws(AuthError) in try await verifier.verify(huge) } == .malformed("token too long"))
    }

    @Test func issueRefusesBadInput() {
        #expect(throws: AuthError.malformed("client id is empty")) { try issuer().issue(clientId: "", scopes: []) }
        #expect(throws: AuthError.malformed("a scope is empty or contains whitespace")) {
            try issuer().issue(clientId: "cli_a", scopes: ["read write"])
        }
    }

    @Test func descriptionsAreClientSafe() {
        let secretish = "eyJhbGciOiJIUzI1NiJ9-SECRET"
        for error: AuthError in [.unsupportedAlgorithm(secretish), .unknownKey(secretish), .keysUnavailable(secretish)] {
            #expect(!error.description.contains(secretish))
            #expect(error.detail.contains(secretish))
        }
        #expect(AuthError.loggable("kid\n\u{1B}[31m" + String(repeating: "x", count: 100)).count == 64)
    }
}
