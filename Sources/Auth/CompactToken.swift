import Foundation
import Model

/// A JWS in compact serialisation, split and decoded but not yet verified.
struct CompactToken {
    let header: [String: JSONValue]
    let claims: [String: JSONValue]
    let algorithm: SignatureAlgorithm
    let keyId: String?
    /// `base64url(header) "." base64url(payload)`: the bytes the signature covers.
    let signingInput: [UInt8]
    let signature: [UInt8]

    /// Tokens longer than this are refused before any parsing.
    static let maximumLength = 16 * 1024

    /// Splits and decodes `token`; the algorithm is checked before anything else is trusted.
    init(_ token: String) throws(AuthError) {
        let bytes = Array(token.utf8)
        guard !bytes.isEmpty else { throw .missingToken }
        guard bytes.count <= Self.maximumLength else { throw .malformed("token too long") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("not a JWS compact serialisation") }
        guard let headerBytes = Base64URL.decode(parts[0]) else { throw .malformed("header is not base64url") }
        guard let header = Self.object(headerBytes) else { throw .malformed("header is not a JSON object") }
        guard let alg = header["alg"]?.stringValue else { throw .malformed("header has no alg") }
        guard let algorithm = SignatureAlgorithm(rawValue: alg) else {
            throw .unsupportedAlgorithm(AuthError.loggable(alg))
        }
        if header["crit"] != nil { throw .malformed("critical header parameters are not supported") }
        let keyId: String?
        switch header["kid"] {
        case nil: keyId = nil
        case .string(let value)?: keyId = value
        default: throw .malformed("kid is not a string")
        }
        guard let payloadBytes = Base64URL.decode(parts[1]) else { throw .malformed("payload is not base64url") }
        guard let claims = Self.object(payloadBytes) else { throw .malformed("payload is not a JSON object") }
        guard let signature = Base64URL.decode(parts[2]) else { throw .malformed("signature is not base64url") }
        self.header = header
        self.claims = claims
        self.algorithm = algorithm
        self.keyId = keyId
        self.signingInput = Array(bytes[0..<(parts[0].utf8.count + 1 + parts[1].utf8.count)])
        self.signature = signature
    }

    private static func object(_ bytes: [UInt8]) -> [String: JSONValue]? {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)))?.objectValue
    }
}

/// The claim checks shared by every verifier: issuer, audience, time window.
struct ClaimRules: Sendable {
    let issuer: String
    let audience: String
    let leeway: TimeInterval

    /// Checks the signature with `key`, then the claims at `now`.
    func verify(_ token: CompactToken, key: VerificationKey, now: Date) throws(AuthError) -> AccessToken {
        guard key.algorithm == token.algorithm else { throw .invalidSignature }
        guard key.verifies(signature: token.signature, message: token.signingInput) else { throw .invalidSignature }
        return try accessToken(from: token.claims, now: now)
    }

    /// The access token described by verified `claims`, if they are valid at `now`.
    func accessToken(from claims: [String: JSONValue], now: Date) throws(AuthError) -> AccessToken {
        guard claims["iss"]?.stringValue == issuer else { throw .wrongIssuer }
        let audiences: [String]
        switch claims["aud"] {
        case .string(let value)?: audiences = [value]
        case .array(let values)?:
            audiences = try values.map { value throws(AuthError) in
                guard let text = value.stringValue else { throw .malformed("aud is not a string or an array of strings") }
                return text
            }
        case nil: throw .wrongAudience
        default: throw .malformed("aud is not a string or an array of strings")
        }
        guard audiences.contains(audience) else { throw .wrongAudience }

        guard let expiry = try Self.time(claims, "exp") else { throw .malformed("exp is required") }
        let current = now.timeIntervalSince1970
        guard current < expiry + leeway else { throw .expired }
        if let notBefore = try Self.time(claims, "nbf"), current + leeway < notBefore { throw .notYetValid }
        let issuedAt = try Self.time(claims, "iat")

        guard let subject = claims["sub"]?.stringValue, !subject.isEmpty else { throw .malformed("sub is required") }
        return AccessToken(
            subject: subject,
            clientId: claims["client_id"]?.stringValue ?? claims["azp"]?.stringValue,
            scopes: try Self.scopes(claims),
            issuer: issuer,
            audiences: audiences,
            expiresAt: Date(timeIntervalSince1970: expiry),
            issuedAt: issuedAt.map { Date(timeIntervalSince1970: $0) },
            tokenId: claims["jti"]?.stringValue)
    }

    /// A NumericDate claim in seconds since 1970; nil when absent.
    private static func time(_ claims: [String: JSONValue], _ name: String) throws(AuthError) -> Double? {
        guard let value = claims[name] else { return nil }
        guard let seconds = value.doubleValue, seconds.isFinite else { throw .malformed("\(name) is not a number") }
        return seconds
    }

    /// `scope` (space-separated string) or, when absent, `scp` (array of strings or a string).
    private static func scopes(_ claims: [String: JSONValue]) throws(AuthError) -> Set<String> {
        if let scope = claims["scope"] {
            guard let text = scope.stringValue else { throw .malformed("scope is not a string") }
            return split(text)
        }
        switch claims["scp"] {
        case nil: return []
        case .string(let text)?: return split(text)
        case .array(let values)?:
            var scopes = Set<String>()
            for value in values {
                guard let text = value.stringValue else { throw .malformed("scp is not an array of strings") }
                scopes.formUnion(split(text))
            }
            return scopes
        default: throw .malformed("scp is not a string or an array of strings")
        }
    }

    private static func split(_ text: String) -> Set<String> {
        Set(text.split(separator: " ").map(String.init))
    }
}
