import COpenSSL
import Crypto
import Foundation
import Model

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built-in issuer's key: ECDSA P-256, signing ES256.
///
/// Sendable without `@unchecked`: the `EVP_PKEY*` lives in `KeyHandle` (which frees it in
/// `deinit`) and everything else is immutable.
public final class SigningKey: Sendable {
    let handle: KeyHandle
    /// RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key.
    public let keyId: String
    /// `{"kty":"EC","crv":"P-256","x":…,"y":…,"kid":…,"use":"sig","alg":"ES256"}`.
    public let publicJWK: JSONValue

    /// Largest accepted PEM file.
    static let maximumFileBytes = 64 * 1024

    private init(handle: KeyHandle) throws(AuthError) {
        guard handle.isA("EC"), handle.stringParameter(sovereign_param_group_name()) == "prime256v1" else {
            throw .keysUnavailable("the signing key must be ECDSA P-256")
        }
        let x = Base64URL.encode(try handle.bigNumberParameter(sovereign_param_ec_x(), width: 32))
        let y = Base64URL.encode(try handle.bigNumberParameter(sovereign_param_ec_y(), width: 32))
        // RFC 7638: the required members in lexicographic order, no whitespace (jsonText sorts keys).
        let required: JSONValue = ["crv": "P-256", "kty": "EC", "x": .string(x), "y": .string(y)]
        let keyId = Base64URL.encode(sha256(Array(required.jsonText.utf8)))
        self.handle = handle
        self.keyId = keyId
        self.publicJWK = [
            "kty": "EC", "crv": "P-256", "x": .string(x), "y": .string(y), "kid": .string(keyId), "use": "sig", "alg": "ES256",
        ]
    }

    /// A new random P-256 key.
    public static func generate() throws(AuthError) -> SigningKey {
        let context = try OpenSSLHandle(EVP_PKEY_CTX_new_from_name(nil, "EC", nil), what: "EVP_PKEY_CTX_new_from_name", release: EVP_PKEY_CTX_free)
        defer { withExtendedLifetime(context) {} }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context.pointer) == 1,
            EVP_PKEY_CTX_set_group_name(context.pointer, "P-256") == 1,
            EVP_PKEY_generate(context.pointer, &key) == 1,
            let key
        else { throw OpenSSLError.failure("generating a P-256 key") }
        return try SigningKey(handle: KeyHandle(taking: key))
    }

    /// Reads a P-256 private key from a PEM file (PKCS#8 or SEC 1; encrypted files are refused).
    public static func load(pemFile path: String) throws(AuthError) -> SigningKey {
        let pem: Data
        do {
            pem = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .keysUnavailable("cannot read \(path): \(error.localizedDescription)")
        }
        guard pem.count <= maximumFileBytes else { throw .keysUnavailable("\(path) is too large for a PEM key") }
        let parsed = try Array(pem).withUnsafeBufferPointer { buffer throws(AuthError) -> OpaquePointer? in
            let bio = try OpenSSLHandle(
                BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)), what: "BIO_new_mem_buf", release: { BIO_free($0) })
            defer { withExtendedLifetime(bio) {} }
            // A callback that supplies no password: without it OpenSSL would prompt on the terminal.
            return PEM_read_bio_PrivateKey(bio.pointer, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let parsed else { throw OpenSSLError.failure("\(path) holds no readable private key") }
        return try SigningKey(handle: KeyHandle(taking: parsed))
    }

    /// Loads the key at `path`, or generates one and writes it there (mode 0600) when the file does
    /// not exist. Two processes racing to create it end up with the same key (the first one linked).
    public static func loadOrCreate(pemFile path: String) throws(AuthError) -> SigningKey {
        if FileManager.default.fileExists(atPath: path) { return try load(pemFile: path) }
        let key = try generate()
        let temporary = try key.writeTemporaryFile(near: path)
        defer { unlink(temporary) }
        if link(temporary, path) != 0 {
            let code = errno
            guard code == EEXIST else { throw .keysUnavailable("cannot create \(path): \(String(cString: strerror(code)))") }
            return try load(pemFile: path)
        }
        return key
    }

    /// Writes the private key as PKCS#8 PEM with mode 0600, replacing `path` atomically.
    public func save(pemFile path: String) throws(AuthError) {
        let temporary = try writeTemporaryFile(near: path)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .keysUnavailable("cannot write \(path): \(String(cString: strerror(code)))")
        }
    }

    /// Signs `message` with ES256: raw r‖s, 64 bytes.
    func signES256(_ message: [UInt8]) throws(AuthError) -> [UInt8] {
        try ECDSASignature.raw(fromDER: handle.signSHA256(message: message))
    }

    /// The public half, for local verification.
    var verificationKey: VerificationKey { VerificationKey(keyId: keyId, algorithm: .es256, handle: handle) }

    /// A new file with mode 0600 next to `path`, holding the PEM; returns its path.
    private func writeTemporaryFile(near path: String) throws(AuthError) -> String {
        var pem = try handle.privateKeyPEM()
        defer { OPENSSL_cleanse(&pem, pem.count) }
        let temporary = path + ".tmp-" + Digest.hex(Digest.randomBytes(8))
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .keysUnavailable("cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        var written = 0
        while written < pem.count {
            let result = pem.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { break }
            written += result
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == pem.count, synced else {
            unlink(temporary)
            throw .keysUnavailable("cannot write \(temporary)")
        }
        return temporary
    }
}
