import Foundation
import Model
import Testing
@testable import Auth

/// Keys made once by the `openssl` CLI for all external-token tests.
struct CommandLineKeys: Sendable {
    let rsa: CommandLineKey
    let p256: CommandLineKey
    let unnamedP256: CommandLineKey

    static let shared: CommandLineKeys = {
        let directory = try! makeTemporaryDirectory()
        return CommandLineKeys(
            rsa: try! .rsa(kid: "rsa-1", in: directory),
            p256: try! .p256(kid: "ec-1", in: directory),
            unnamedP256: try! .p256(kid: nil, in: directory))
    }()
}

/// RS256 and ES256 tokens signed by the `openssl` CLI, checked with keys built from their JWKs.
@Suite("External tokens")
struct ExternalTokenTests {
    let keys = CommandLineKeys.shared
    let clock = TestClock()

    func verifier(_ jwks: [JSONValue], leeway: TimeInterval = 60) throws -> LocalTokenVerifier {
        LocalTokenVerifier(
            keys: try KeySet(jwks: ["keys": .array(jwks)]),
            rules: ClaimRules(issuer: TestIssuer.issuer, audience: TestIssuer.audience, leeway: leeway),
            requiresAccessTokenType: false, now: clock.closure)
    }

    @Test func rs256TokenFromOpenSSLVerifies() async throws {
        let verifier = try verifier([keys.rsa.jwk, keys.p256.jwk])
        let token = try keys.rsa.token(claims: externalClaims(now: clock.now))
        let verified = try await verifier.verify(token)
        #expect(verified.subject == "service-account-42")
        #expect(verified.clientId == "deploy-bot")  // from azp
        #expect(verified.scopes == ["workflows:read", "workflows:write"])
        #expect(verified.expiresAt == clock.now.addingTimeInterval(300))
    }

    @Test func es256TokenFromOpenSSLVerifies() async throws {
        let verifier = try verifier([keys.rsa.jwk, keys.p256.jwk])
        let token = try keys.p256.token(claims: externalClaims(now: clock.now, extra: ["client_id": "primary", "jti": "abc"]))
        let verified = try await verifier.verify(token)
        #expect(verified.clientId == "primary")  // client_id wins over azp
        #expect(verified.tokenId == "abc")
    }

    @Test func tamperedExternalTokensAreRejected() async throws {
        let verifier = try verifier([keys.rsa.jwk, keys.p256.jwk])
        for key in [keys.rsa, keys.p256] {
            let token = try key.token(claims: externalClaims(now: clock.now))
            let raw = token.split(separator: ".").map(String.init)
            var signature = Base64URL.decode(raw[2])!
            signature[signature.count - 1] ^= 0x80
            let flipped = raw[0] + "." + raw[1] + "." + Base64URL.encode(signature)
            #expect(await authError { () async throws(AuthError) in try await verifier.verify(flipped) } == .invalidSignature)
            let otherClaims = try key.token(claims: externalClaims(now: clock.now, extra: ["sub": "admin"])).split(separator: ".")[1]
            let spliced = raw[0] + "." + otherClaims + "." + raw[2]
            #expect(await authError { () async throws(AuthError) in try await verifier.verify(spliced) } == .invalidSignature)
        }
    }

    @Test func algorithmAndKeyTypeMustAgree() async throws {
        let verifier = try verifier([keys.rsa.jwk, keys.p256.jwk])
        // An RSA signature presented as ES256 under the RSA key's kid, and the reverse.
        let rsaToken = try keys.rsa.token(claims: externalClaims(now: clock.now), header: ["alg": "ES256"])
        #expect(await authError { () async throws(AuthError) in try await verifier.verify(rsaToken) } == .invalidSignature)
        let ecToken = try keys.p256.token(claims: externalClaims(now: clock.now), header: ["alg": "RS256"])
        #expect(await authError { () async throws(AuthError) in try await verifier.verify(ecToken) } == .invalidSignature)
    }

    @Test func hmacSignedWithThePublicKeyIsRejected() async throws {
        let verifier = try verifier([keys.rsa.jwk])
        let header: JSONValue = ["alg": "HS256", "kid": "rsa-1"]
        let input = Base64URL.encode(header.jsonText) + "." + Base64URL.encode(externalClaims(now: clock.now).jsonText)
        let token = input + "." + Base64URL.encode(try hmacSHA256(Array(input.utf8), key: keys.rsa.publicKeyPEM))
        #expect(await authError { () async throws(AuthError) in try await verifier.verify(token) } == .unsupportedAlgorithm("HS256"))
        for alg in ["none", "PS256", "ES384", "RS512", "EdDSA"] {
            let forged = forgedToken(header: ["alg": .string(alg), "kid": "rsa-1"], claims: externalClaims(now: clock.now), signature: [1])
            #expect(await authError { () async throws(AuthError) in try await verifier.verify(forged) } == .unsupportedAlgorithm(alg))
        }
    }

    @Test func keyIdSelection() async throws {
        let single = try verifier([keys.unnamedP256.jwk])
        let unnamed = try keys.unnamedP256.token(claims: externalClaims(now: clock.now))
        #expect(try await single.verify(unnamed).subject == "service-account-42")
        let two = try verifier([keys.unnamedP256.jwk, keys.rsa.jwk])
        #expect(await authError { () async throws(AuthError) in try await two.verify(unnamed) } == .unknownKey("(no kid)"))
        let other = try keys.p256.token(claims: externalClaims(now: clock.now))
        #expect(await authError { () async throws(AuthError) in try await two.verify(other) } == .unknownKey("ec-1"))
    }

    @Test func scopeForms() async throws {
        let verifier = try verifier([keys.p256.jwk])
        let forms: [(JSONValue?, JSONValue?, Set<String>)] = [
            ("a  b c", nil, ["a", "b", "c"]),
            (nil, ["x", "y"], ["x", "y"]),
            (nil, "x y", ["x", "y"]),
            ("a", ["x"], ["a"]),  // scope wins over scp
            (nil, nil, []),
        ]
        for (scope, scp, expected) in forms {
            guard case .object(var claims) = externalClaims(now: clock.now) else { return }
            claims["scope"] = scope
            claims["scp"] = scp
            let token = try keys.p256.token(claims: .object(claims))
            #expect(try await verifier.verify(token).scopes == expected)
        }
        guard case .object(var claims) = externalClaims(now: clock.now) else { return }
        claims["scope"] = ["a"]
        let badScope = try keys.p256.token(claims: .object(claims))
        #expect(await authError { () async throws(AuthError) in try await verifier.verify(badScope) } == .malformed("scope is not a string"))
    }

    @Test func audienceForms() async throws {
        let verifier = try verifier([keys.p256.jwk])
        let array = try keys.p256.token(claims: externalClaims(now: clock.now, audience: ["account", .string(TestIssuer.audience)]))
        #expect(try await verifier.verify(array).audiences == ["account", TestIssuer.audience])
        let wrongArray = try keys.p256.token(claims: externalClaims(now: clock.now, audience: ["account"]))
        #expect(await authError { () async throws(AuthError) in try await verifier.verify(wrongArray) } == .wrongAudience)
        let wrong = try keys.p256.token(claims: externalClaims(now: clock.now, audience: "account"))
        #expect(await authError { () async throws(AuthError) in try await verifier.verify(wrong) } == .wrongAudience)
        let wrongIssuer = try keys.p256.token(claims: externalClaims(now: clock.now, issuer: TestIssuer.issuer + "/"))
        #expect(await authError { () async throws(AuthError) in try await verifier.verify(wrongIssuer) } == .wrongIssuer)
    }

    @Test func requiredClaims() async throws {
        let verifier = try verifier([keys.p256.jwk])
        for (name, reason) in [("exp", "exp is required"), ("sub", "sub is required")] {
            guard case .object(var claims) = externalClaims(now: clock.now) else { return }
            claims[name] = nil
            let token = try keys.p256.token(claims: .object(claims))
            #expect(await authError { () async throws(AuthError) in try await verifier.verify(token) } == .malformed(reason))
        }
        let critical = try keys.p256.token(claims: externalClaims(now: clock.now), header: ["crit": ["exp"]])
        let error = await authError { () async throws(AuthError) in try await verifier.verify(critical) }
        #expect(error == .malformed("critical header parameters are not supported"))
    }

    @Test func externalTimeWindow() async throws {
        let strict = try verifier([keys.p256.jwk], leeway: 0)
        let lenient = try verifier([keys.p256.jwk], leeway: 60)
        let seconds = Int64(clock.now.timeIntervalSince1970)
        let expired = try keys.p256.token(claims: externalClaims(now: clock.now, extra: ["exp": .integer(seconds - 30)]))
        #expect(await authError { () async throws(AuthError) in try await strict.verify(expired) } == .expired)
        #expect(await authError { () async throws(AuthError) in try await lenient.verify(expired) } == nil)
        let early = try keys.p256.token(claims: externalClaims(now: clock.now, extra: ["nbf": .number(Double(seconds) + 30.5)]))
        #expect(await authError { () async throws(AuthError) in try await strict.verify(early) } == .notYetValid)
        #expect(await authError { () async throws(AuthError) in try await lenient.verify(early) } == nil)
    }

    @Test func unusableKeysAreRejected() throws {
        // A point that is not on P-256 (y changed), an RSA key that is too small, an encryption key.
        guard case .object(var offCurve) = keys.p256.jwk else { return }
        var y = Base64URL.decode(offCurve["y"]!.stringValue!)!
        y[31] ^= 0x01
        offCurve["y"] = .string(Base64URL.encode(y))
        #expect(throws: AuthError.self) { try JSONWebKey.verificationKey(from: .object(offCurve)) }
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = try CommandLineKey.rsa(kid: "small", bits: 1024, in: directory)
        #expect(throws: AuthError.self) { try JSONWebKey.verificationKey(from: small.jwk) }
        guard case .object(var encryption) = keys.rsa.jwk else { return }
        encryption["use"] = "enc"
        #expect(try JSONWebKey.verificationKey(from: .object(encryption)) == nil)
        #expect(throws: AuthError.self) { try KeySet(jwks: ["keys": [.object(encryption)]]) }
        #expect(throws: AuthError.self) { try KeySet(jwks: ["nothing": []]) }
        // One bad key does not spoil the others.
        #expect(try KeySet(jwks: ["keys": [.object(offCurve), keys.rsa.jwk]]).keys.count == 1)
    }

    @Test func base64URLIsStrict() {
        #expect(Base64URL.decode("YWI") == Array("ab".utf8))
        #expect(Base64URL.decode("YWI=") == nil)
        #expect(Base64URL.decode("YW+I") == nil)
        #expect(Base64URL.decode("YW I") == nil)
        #expect(Base64URL.decode("YWJ") == nil)  // non-canonical trailing bits
        #expect(Base64URL.decode("Y") == nil)
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
    }

    @Test func ecdsaSignatureConversionRoundTrips() throws {
        let raw = (1...64).map { UInt8($0) }
        let der = try #require(ECDSASignature.der(fromRaw: raw))
        #expect(try rawECDSA(fromDER: der) == raw)
        #expect(try ECDSASignature.raw(fromDER: der) == raw)
        #expect(ECDSASignature.der(fromRaw: Array(raw.prefix(63))) == nil)
    }
}
