import COpenSSL
import Model

/// The JWS algorithms this module accepts. Anything else (`none`, HS*, PS*, ES384 …) is refused.
enum SignatureAlgorithm: String, Sendable {
    case rs256 = "RS256"
    case es256 = "ES256"
}

/// A public key from a JWK, ready for signature checks.
struct VerificationKey: Sendable {
    let keyId: String?
    let algorithm: SignatureAlgorithm
    let handle: KeyHandle

    /// Checks a JWS signature (raw r‖s for ES256) over `message`.
    func verifies(signature: [UInt8], message: [UInt8]) -> Bool {
        switch algorithm {
        case .rs256:
            return handle.verifySHA256(signature: signature, message: message)
        case .es256:
            guard let der = ECDSASignature.der(fromRaw: signature) else { return false }
            return handle.verifySHA256(signature: der, message: message)
        }
    }
}

/// The outcome of looking a key up for a token.
enum KeySelection {
    case found(VerificationKey)
    /// A key has the token's `kid` but is for another algorithm: never used across types.
    case algorithmMismatch
    case notFound
}

/// The usable signature keys of a JWKS.
struct KeySet: Sendable {
    let keys: [VerificationKey]

    /// Most keys read from one JWKS document; the rest are ignored.
    static let maximumKeys = 64

    /// Parses `{"keys":[…]}`, skipping keys that are not RS256/ES256 signature keys.
    init(jwks: JSONValue) throws(AuthError) {
        guard let entries = jwks["keys"]?.arrayValue else { throw .keysUnavailable("JWKS has no \"keys\" array") }
        var keys = [VerificationKey]()
        var problems = [String]()
        for entry in entries.prefix(Self.maximumKeys) {
            do throws(AuthError) {
                if let key = try JSONWebKey.verificationKey(from: entry) { keys.append(key) }
            } catch {
                problems.append(error.detail)
            }
        }
        guard !keys.isEmpty else {
            throw .keysUnavailable("JWKS has no usable RS256/ES256 key" + (problems.isEmpty ? "" : ": " + problems.joined(separator: "; ")))
        }
        self.keys = keys
    }

    init(keys: [VerificationKey]) { self.keys = keys }

    /// The key for a token: by `kid`, or the only key when the token has no `kid`.
    func select(keyId: String?, algorithm: SignatureAlgorithm) -> KeySelection {
        let candidates: [VerificationKey]
        if let keyId {
            candidates = keys.filter { $0.keyId == keyId }
        } else {
            candidates = keys.count == 1 ? keys : []
        }
        if let key = candidates.first(where: { $0.algorithm == algorithm }) { return .found(key) }
        return candidates.isEmpty ? .notFound : .algorithmMismatch
    }
}

/// Builds OpenSSL public keys from JWKs (RFC 7517/7518) through OSSL_PARAM_BLD + EVP_PKEY_fromdata.
enum JSONWebKey {
    /// Smallest and largest accepted RSA modulus.
    static let rsaBits = 2048...16384

    /// The key described by `jwk`; nil when it is not a signature key for RS256 or ES256.
    static func verificationKey(from jwk: JSONValue) throws(AuthError) -> VerificationKey? {
        guard let kty = jwk["kty"]?.stringValue else { throw .keysUnavailable("JWK without kty") }
        if let use = jwk["use"], use != .string("sig") { return nil }
        let keyId = jwk["kid"]?.stringValue
        let declared = jwk["alg"]?.stringValue
        switch kty {
        case "RSA":
            guard declared == nil || declared == "RS256" else { return nil }
            guard let modulus = decodedMember(jwk, "n"), let exponent = decodedMember(jwk, "e") else {
                throw .keysUnavailable("RSA JWK needs base64url n and e")
            }
            let handle = try rsaPublicKey(modulus: modulus, exponent: exponent)
            return VerificationKey(keyId: keyId, algorithm: .rs256, handle: handle)
        case "EC":
            guard jwk["crv"]?.stringValue == "P-256", declared == nil || declared == "ES256" else { return nil }
            guard let x = decodedMember(jwk, "x"), let y = decodedMember(jwk, "y"), x.count == 32, y.count == 32 else {
                throw .keysUnavailable("P-256 JWK needs 32-byte base64url x and y")
            }
            let handle = try p256PublicKey(x: x, y: y)
            return VerificationKey(keyId: keyId, algorithm: .es256, handle: handle)
        default:
            return nil
        }
    }

    private static func decodedMember(_ jwk: JSONValue, _ name: String) -> [UInt8]? {
        guard let text = jwk[name]?.stringValue, let bytes = Base64URL.decode(text), !bytes.isEmpty else { return nil }
        return bytes
    }

    /// An RSA public key from big-endian modulus and exponent.
    static func rsaPublicKey(modulus: [UInt8], exponent: [UInt8]) throws(AuthError) -> KeyHandle {
        let n = try OpenSSLHandle(BN_bin2bn(modulus, Int32(modulus.count), nil), what: "BN_bin2bn", release: BN_free)
        let e = try OpenSSLHandle(BN_bin2bn(exponent, Int32(exponent.count), nil), what: "BN_bin2bn", release: BN_free)
        let builder = try OpenSSLHandle(OSSL_PARAM_BLD_new(), what: "OSSL_PARAM_BLD_new", release: OSSL_PARAM_BLD_free)
        // The builder keeps pointers to n and e until OSSL_PARAM_BLD_to_param: all three live to the end of scope.
        defer { withExtendedLifetime((n, e, builder)) {} }
        guard OSSL_PARAM_BLD_push_BN(builder.pointer, sovereign_param_rsa_n(), n.pointer) == 1,
            OSSL_PARAM_BLD_push_BN(builder.pointer, sovereign_param_rsa_e(), e.pointer) == 1
        else { throw OpenSSLError.failure("OSSL_PARAM_BLD_push_BN") }
        let handle = try publicKey(type: "RSA", builder: builder.pointer)
        guard rsaBits.contains(handle.bits) else {
            throw .keysUnavailable("RSA key of \(handle.bits) bits (accepted: \(rsaBits.lowerBound)…\(rsaBits.upperBound))")
        }
        return handle
    }

    /// A P-256 public key from its affine coordinates; the point is checked to lie on the curve.
    static func p256PublicKey(x: [UInt8], y: [UInt8]) throws(AuthError) -> KeyHandle {
        let point = [0x04] + x + y  // SEC 1 uncompressed point
        let builder = try OpenSSLHandle(OSSL_PARAM_BLD_new(), what: "OSSL_PARAM_BLD_new", release: OSSL_PARAM_BLD_free)
        defer { withExtendedLifetime(builder) {} }
        return try point.withUnsafeBufferPointer { buffer throws(AuthError) -> KeyHandle in
            // The group name is a static C string; the point buffer outlives the builder's use (inside this closure).
            guard OSSL_PARAM_BLD_push_utf8_string(builder.pointer, sovereign_param_group_name(), sovereign_curve_p256(), 0) == 1,
                OSSL_PARAM_BLD_push_octet_string(builder.pointer, sovereign_param_public_key(), buffer.baseAddress, buffer.count) == 1
            else { throw OpenSSLError.failure("OSSL_PARAM_BLD_push") }
            let handle = try publicKey(type: "EC", builder: builder.pointer)
            return handle
        }
    }

    /// EVP_PKEY_fromdata with the builder's parameters, then a public-key check.
    private static func publicKey(type: String, builder: OpaquePointer) throws(AuthError) -> KeyHandle {
        let parameters = try OpenSSLHandle(OSSL_PARAM_BLD_to_param(builder), what: "OSSL_PARAM_BLD_to_param", release: OSSL_PARAM_free)
        let context = try OpenSSLHandle(EVP_PKEY_CTX_new_from_name(nil, type, nil), what: "EVP_PKEY_CTX_new_from_name", release: EVP_PKEY_CTX_free)
        defer { withExtendedLifetime((parameters, context)) {} }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context.pointer) == 1,
            EVP_PKEY_fromdata(context.pointer, &key, sovereign_evp_pkey_public_key_selection(), parameters.pointer) == 1,
            let key
        else { throw OpenSSLError.failure("EVP_PKEY_fromdata (\(type))") }
        let handle = KeyHandle(taking: key)
        try handle.checkPublicKey()
        return handle
    }
}

extension KeyHandle {
    /// EVP_PKEY_public_check: for EC, the point is on the curve and not the point at infinity.
    func checkPublicKey() throws(AuthError) {
        try withKey { key throws(AuthError) in
            let context = try OpenSSLHandle(EVP_PKEY_CTX_new_from_pkey(nil, key, nil), what: "EVP_PKEY_CTX_new_from_pkey", release: EVP_PKEY_CTX_free)
            defer { withExtendedLifetime(context) {} }
            guard EVP_PKEY_public_check(context.pointer) == 1 else { throw OpenSSLError.failure("EVP_PKEY_public_check") }
        }
    }
}
