import Foundation

/// A verified access token: the claims every `/api/v1` route needs.
public struct AccessToken: Sendable, Hashable {
    /// The `sub` claim: the principal (for `client_credentials`, the client).
    public let subject: String
    /// The `client_id` claim, or `azp` when `client_id` is absent.
    public let clientId: String?
    /// Scopes from `scope` (space-separated) or, when absent, `scp` (array or string).
    public let scopes: Set<String>
    /// The `iss` claim (equal to the configured issuer).
    public let issuer: String
    /// The `aud` claim as a list (a single string becomes one element).
    public let audiences: [String]
    /// The `exp` claim.
    public let expiresAt: Date
    /// The `iat` claim, when present.
    public let issuedAt: Date?
    /// The `jti` claim, when present.
    public let tokenId: String?

    /// Creates a token from already verified claims.
    public init(
        subject: String, clientId: String?, scopes: Set<String>, issuer: String, audiences: [String],
        expiresAt: Date, issuedAt: Date?, tokenId: String?
    ) {
        self.subject = subject
        self.clientId = clientId
        self.scopes = scopes
        self.issuer = issuer
        self.audiences = audiences
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.tokenId = tokenId
    }
}

/// Why a token was refused or a key operation failed.
///
/// Associated strings are for server logs (`detail`); `description` is safe to send to a client:
/// it never echoes the token, a key, or an OpenSSL message.
public enum AuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No `Authorization: Bearer` token was sent.
    case missingToken
    /// The token is not a well-formed JWS compact JWT; the reason is a fixed phrase from this module.
    case malformed(String)
    /// The header's `alg` is not RS256 or ES256 (the value is kept for logs only).
    case unsupportedAlgorithm(String)
    /// No key matches the token's `kid` (the value is kept for logs only).
    case unknownKey(String)
    /// The signature does not verify.
    case invalidSignature
    /// `exp` has passed (beyond the leeway).
    case expired
    /// `nbf` is in the future (beyond the leeway).
    case notYetValid
    /// `iss` is not the configured issuer.
    case wrongIssuer
    /// `aud` does not contain the configured audience.
    case wrongAudience
    /// Keys could not be fetched, parsed, generated, loaded or used; the detail may carry OpenSSL's message.
    case keysUnavailable(String)

    /// A client-safe message.
    public var description: String {
        switch self {
        case .missingToken: "missing bearer token"
        case .malformed(let reason): "malformed token: \(reason)"
        case .unsupportedAlgorithm: "unsupported token signing algorithm"
        case .unknownKey: "the token's signing key is not known"
        case .invalidSignature: "invalid token signature"
        case .expired: "token expired"
        case .notYetValid: "token not yet valid"
        case .wrongIssuer: "token issuer not accepted"
        case .wrongAudience: "token audience not accepted"
        case .keysUnavailable: "signing keys unavailable"
        }
    }

    /// The description plus the associated detail, for server logs only (never for a client).
    public var detail: String {
        switch self {
        case .unsupportedAlgorithm(let value), .unknownKey(let value), .keysUnavailable(let value):
            "\(description) (\(value))"
        default: description
        }
    }
}

/// Verifies a bearer token and returns its claims.
public protocol TokenVerifier: Sendable {
    /// Verifies signature and claims of a JWS compact JWT.
    func verify(_ token: String) async throws(AuthError) -> AccessToken
}
