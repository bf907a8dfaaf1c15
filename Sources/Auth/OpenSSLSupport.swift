import COpenSSL

/// OpenSSL's thread-local error queue as text, for logs (drained so it cannot leak into a later call).
enum OpenSSLError {
    /// `context` followed by every queued OpenSSL message; empties the queue.
    static func drain(_ context: String) -> String {
        var messages = [String]()
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            let message = buffer.withUnsafeMutableBufferPointer { pointer -> String in
                ERR_error_string_n(code, pointer.baseAddress, pointer.count)
                return String(cString: pointer.baseAddress!)
            }
            messages.append(message)
        }
        return messages.isEmpty ? context : context + ": " + messages.joined(separator: "; ")
    }

    /// A `keysUnavailable` error carrying OpenSSL's message.
    static func failure(_ context: String) -> AuthError { .keysUnavailable(drain(context)) }
}

/// Owns one transient OpenSSL handle and frees it in `deinit`.
///
/// Callers keep the owner alive while they use `pointer` (`defer { withExtendedLifetime(owner) {} }`).
final class OpenSSLHandle<Pointer> {
    let pointer: Pointer
    private let release: (Pointer) -> Void

    /// Takes ownership of `pointer`; a null pointer becomes `keysUnavailable` with OpenSSL's message.
    init(_ pointer: Pointer?, what: String, release: @escaping (Pointer) -> Void) throws(AuthError) {
        guard let pointer else { throw OpenSSLError.failure(what) }
        self.pointer = pointer
        self.release = release
    }

    deinit { release(pointer) }
}

/// Owns an `EVP_PKEY*` (public, or private for the built-in issuer) and frees it in `deinit`.
///
/// `@unchecked Sendable`: the key is never modified after creation, and OpenSSL 3 allows one
/// `EVP_PKEY` to be used for signing, verifying and parameter reads from several threads at once.
/// Every use goes through a method, so `self` (and the key) stays alive for the whole C call.
final class KeyHandle: @unchecked Sendable {
    private let key: OpaquePointer

    /// Takes ownership of `key`.
    init(taking key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    /// Runs `body` with the raw key; `self` stays alive for the call.
    func withKey<Result, Failure: Error>(_ body: (OpaquePointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(key)
    }

    /// Size of the key in bits (modulus for RSA, field for EC).
    var bits: Int { Int(EVP_PKEY_get_bits(key)) }

    /// Whether OpenSSL names the key type `name` ("RSA", "EC").
    func isA(_ name: String) -> Bool { EVP_PKEY_is_a(key, name) == 1 }

    /// EVP_DigestVerify with SHA-256 (PKCS#1 v1.5 for RSA; `signature` in DER for ECDSA).
    func verifySHA256(signature: [UInt8], message: [UInt8]) -> Bool {
        guard let context = try? OpenSSLHandle(EVP_MD_CTX_new(), what: "EVP_MD_CTX_new", release: EVP_MD_CTX_free) else {
            return false
        }
        defer { withExtendedLifetime(context) {} }
        guard EVP_DigestVerifyInit(context.pointer, nil, EVP_sha256(), nil, key) == 1 else {
            _ = OpenSSLError.drain("EVP_DigestVerifyInit")
            return false
        }
        let result = EVP_DigestVerify(context.pointer, signature, signature.count, message, message.count)
        if result != 1 { ERR_clear_error() }
        return result == 1
    }

    /// EVP_DigestSign with SHA-256; for ECDSA the result is DER.
    func signSHA256(message: [UInt8]) throws(AuthError) -> [UInt8] {
        let context = try OpenSSLHandle(EVP_MD_CTX_new(), what: "EVP_MD_CTX_new", release: EVP_MD_CTX_free)
        defer { withExtendedLifetime(context) {} }
        guard EVP_DigestSignInit(context.pointer, nil, EVP_sha256(), nil, key) == 1 else {
            throw OpenSSLError.failure("EVP_DigestSignInit")
        }
        var length = 0
        guard EVP_DigestSign(context.pointer, nil, &length, message, message.count) == 1 else {
            throw OpenSSLError.failure("EVP_DigestSign (length)")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context.pointer, &signature, &length, message, message.count) == 1 else {
            throw OpenSSLError.failure("EVP_DigestSign")
        }
        return Array(signature.prefix(length))
    }

    /// A big-number parameter (`name` is a static C string from shim.h), left-padded to `width` bytes.
    func bigNumberParameter(_ name: UnsafePointer<CChar>, width: Int) throws(AuthError) -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &number) == 1 else {
            throw OpenSSLError.failure("EVP_PKEY_get_bn_param")
        }
        let owner = try OpenSSLHandle(number, what: "EVP_PKEY_get_bn_param", release: BN_free)
        defer { withExtendedLifetime(owner) {} }
        var bytes = [UInt8](repeating: 0, count: width)
        guard BN_bn2binpad(owner.pointer, &bytes, Int32(width)) == Int32(width) else {
            throw OpenSSLError.failure("BN_bn2binpad")
        }
        return bytes
    }

    /// A UTF-8 string parameter (`name` is a static C string from shim.h), such as the EC group name.
    func stringParameter(_ name: UnsafePointer<CChar>) -> String? {
        var buffer = [CChar](repeating: 0, count: 80)
        var length = 0
        let found = buffer.withUnsafeMutableBufferPointer { pointer in
            EVP_PKEY_get_utf8_string_param(key, name, pointer.baseAddress, pointer.count, &length) == 1
        }
        guard found else { ERR_clear_error(); return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The private key as PKCS#8 PEM text (unencrypted).
    func privateKeyPEM() throws(AuthError) -> [UInt8] {
        let bio = try OpenSSLHandle(BIO_new(BIO_s_mem()), what: "BIO_new", release: { BIO_free_all($0) })
        defer { withExtendedLifetime(bio) {} }
        guard PEM_write_bio_PrivateKey(bio.pointer, key, nil, nil, 0, nil, nil) == 1 else {
            throw OpenSSLError.failure("PEM_write_bio_PrivateKey")
        }
        let pending = Int(BIO_ctrl_pending(bio.pointer))
        var pem = [UInt8](repeating: 0, count: pending)
        guard BIO_read(bio.pointer, &pem, Int32(pending)) == Int32(pending) else {
            throw OpenSSLError.failure("BIO_read")
        }
        return pem
    }
}

/// Conversion between JWS ECDSA signatures (raw r‖s, RFC 7518 §3.4) and the DER that OpenSSL uses.
enum ECDSASignature {
    /// DER `ECDSA-Sig-Value` for a raw signature of `2 × width` bytes; nil if the length is wrong.
    static func der(fromRaw raw: [UInt8], width: Int = 32) -> [UInt8]? {
        guard raw.count == 2 * width,
            let signature = try? OpenSSLHandle(ECDSA_SIG_new(), what: "ECDSA_SIG_new", release: ECDSA_SIG_free)
        else { return nil }
        defer { withExtendedLifetime(signature) {} }
        guard let r = BN_bin2bn(raw, Int32(width), nil) else { return nil }
        guard let s = Array(raw[width...]).withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32(width), nil) }) else {
            BN_free(r)
            return nil
        }
        guard ECDSA_SIG_set0(signature.pointer, r, s) == 1 else {  // on success the signature owns r and s
            BN_free(r)
            BN_free(s)
            return nil
        }
        let length = i2d_ECDSA_SIG(signature.pointer, nil)
        guard length > 0 else { ERR_clear_error(); return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature.pointer, &cursor)
        }
        return written == length ? der : nil
    }

    /// Raw r‖s (`2 × width` bytes) from a DER signature.
    static func raw(fromDER der: [UInt8], width: Int = 32) throws(AuthError) -> [UInt8] {
        let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        let signature = try OpenSSLHandle(parsed, what: "d2i_ECDSA_SIG", release: ECDSA_SIG_free)
        defer { withExtendedLifetime(signature) {} }
        var raw = [UInt8](repeating: 0, count: 2 * width)
        let rWritten = raw.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(ECDSA_SIG_get0_r(signature.pointer), buffer.baseAddress, Int32(width))
        }
        let sWritten = raw.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(ECDSA_SIG_get0_s(signature.pointer), buffer.baseAddress! + width, Int32(width))
        }
        guard rWritten == Int32(width), sWritten == Int32(width) else {
            throw OpenSSLError.failure("BN_bn2binpad")
        }
        return raw
    }
}

/// SHA-256 of `bytes`, raw (the Crypto module offers hex only).
func sha256(_ bytes: [UInt8]) -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
    _ = SHA256(bytes, bytes.count, &digest)
    return digest
}
