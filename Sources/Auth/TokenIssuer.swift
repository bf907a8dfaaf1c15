import Crypto
import Foundation
import Model

/// The built-in Auth Service's issuer: ES256 JWT access tokens (RFC 9068, `typ: at+jwt`).
public struct TokenIssuer: Sendable {
    /// The signing key.
    public let key: SigningKey
    /// The `iss` of every token.
    public let issuer: String
    /// The `aud` of every token.
    public let audience: String
    /// Seconds from issue to expiry.
    public let lifetime: TimeInterval
    /// Clock-skew allowance of `verifier` for `exp` and `nbf`.
    public let leeway: TimeInterval
    private let now: @Sendable () -> Date

    /// An issuer signing with `key`; `now` is the clock (injectable for tests).
    public init(
        key: SigningKey, issuer: String, audience: String, lifetime: TimeInterval = 3600, leeway: TimeInterval = 60,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.key = key
        self.issuer = issuer
        self.audience = audience
        self.lifetime = lifetime
        self.leeway = leeway
        self.now = now
    }

    /// A signed access token for `clientId` with `scopes`, and its lifetime in seconds.
    ///
    /// Claims: `iss`, `sub` (= `clientId`), `aud`, `exp`, `iat`, `nbf`, `jti`, `client_id`, `scope`.
    public func issue(clientId: String, scopes: Set<String>) throws(AuthError) -> (token: String, expiresIn: Int) {
        guard !clientId.isEmpty else { throw .malformed("client id is empty") }
        for scope in scopes where scope.isEmpty || scope.contains(where: \.isWhitespace) {
            throw .malformed("a scope is empty or contains whitespace")
        }
        let issuedAt = Int64(now().timeIntervalSince1970.rounded(.down))
        let expiresIn = Int(lifetime.rounded(.down))
        let header: JSONValue = ["alg": "ES256", "typ": "at+jwt", "kid": .string(key.keyId)]
        let claims: JSONValue = [
            "iss": .string(issuer),
            "sub": .string(clientId),
            "aud": .string(audience),
            "exp": .integer(issuedAt + Int64(expiresIn)),
            "iat": .integer(issuedAt),
            "nbf": .integer(issuedAt),
            "jti": .string(Base64URL.encode(Digest.randomBytes(16))),
            "client_id": .string(clientId),
            "scope": .string(scopes.sorted().joined(separator: " ")),
        ]
        let signingInput = Base64URL.encode(header.jsonText) + "." + Base64URL.encode(claims.jsonText)
        let signature = try key.signES256(Array(signingInput.utf8))
        return (signingInput + "." + Base64URL.encode(signature), expiresIn)
    }

    /// `{"keys":[publicJWK]}` for `GET /oauth/jwks`.
    public var jwks: JSONValue { ["keys": [key.publicJWK]] }

    /// Verifies this issuer's tokens locally with the public key: the same rules as
    /// `JWKSTokenVerifier`, and in addition the header must say `typ: at+jwt` (RFC 9068 §4).
    public var verifier: any TokenVerifier {
        LocalTokenVerifier(
            keys: KeySet(keys: [key.verificationKey]),
            rules: ClaimRules(issuer: issuer, audience: audience, leeway: leeway),
            requiresAccessTokenType: true,
            now: now)
    }
}

/// Verifies tokens with a fixed key set, without fetching anything.
struct LocalTokenVerifier: TokenVerifier {
    let keys: KeySet
    let rules: ClaimRules
    /// Whether the header must say `typ: at+jwt` (RFC 9068 §4).
    let requiresAccessTokenType: Bool
    let now: @Sendable () -> Date

    func verify(_ token: String) async throws(AuthError) -> AccessToken {
        let parsed = try CompactToken(token)
        if requiresAccessTokenType {
            let type = parsed.header["typ"]?.stringValue?.lowercased()
            guard type == "at+jwt" || type == "application/at+jwt" else { throw .malformed("not an access token (typ)") }
        }
        switch keys.select(keyId: parsed.keyId, algorithm: parsed.algorithm) {
        case .found(let key): return try rules.verify(parsed, key: key, now: now())
        case .algorithmMismatch: throw .invalidSignature
        case .notFound: throw .unknownKey(AuthError.loggable(parsed.keyId ?? "(no kid)"))
        }
    }
}
