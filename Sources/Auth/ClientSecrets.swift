import COpenSSL
import Crypto

/// Client ids and secrets of `client_credentials` clients; secrets are stored as PBKDF2 hashes.
public enum ClientSecrets {
    /// Iterations of PBKDF2-HMAC-SHA256 for new hashes.
    public static let iterations = 100_000
    /// Most iterations accepted when verifying (a corrupt record must not stall a request).
    static let maximumIterations = 10_000_000
    static let saltBytes = 16
    static let hashBytes = 32

    /// `cli_` and 16 random lower-case hex characters.
    public static func newClientId() -> String { "cli_" + Digest.hex(Digest.randomBytes(8)) }

    /// 32 random bytes, base64url without padding (43 characters).
    public static func newSecret() -> String { Base64URL.encode(Digest.randomBytes(32)) }

    /// `pbkdf2-sha256$<iterations>$<salt>$<hash>` with a random 16-byte salt; salt and hash are
    /// base64url without padding.
    public static func hash(_ secret: String) -> String {
        let salt = Digest.randomBytes(saltBytes)
        guard let derived = derive(secret, salt: salt, iterations: iterations, length: hashBytes) else {
            // PBKDF2 only fails when OpenSSL cannot allocate: the process cannot continue safely.
            fatalError(OpenSSLError.drain("PKCS5_PBKDF2_HMAC failed"))
        }
        return "pbkdf2-sha256$\(iterations)$\(Base64URL.encode(salt))$\(Base64URL.encode(derived))"
    }

    /// Whether `secret` matches `encoded` (constant-time comparison); false for a malformed encoding.
    public static func verify(_ secret: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256",
            let rounds = Int(parts[1]), (1...maximumIterations).contains(rounds),
            let salt = Base64URL.decode(parts[2]), salt.count >= 8,
            let expected = Base64URL.decode(parts[3]), (16...64).contains(expected.count),
            let derived = derive(secret, salt: salt, iterations: rounds, length: expected.count)
        else { return false }
        return CRYPTO_memcmp(derived, expected, expected.count) == 0
    }

    /// PBKDF2-HMAC-SHA256 of `secret`; nil only if OpenSSL fails.
    static func derive(_ secret: String, salt: [UInt8], iterations: Int, length: Int) -> [UInt8]? {
        let password = Array(secret.utf8)
        var output = [UInt8](repeating: 0, count: length)
        let result = password.withUnsafeBufferPointer { passwordBuffer in
            passwordBuffer.withMemoryRebound(to: CChar.self) { characters in
                PKCS5_PBKDF2_HMAC(
                    characters.baseAddress, Int32(characters.count), salt, Int32(salt.count), Int32(iterations),
                    EVP_sha256(), Int32(length), &output)
            }
        }
        return result == 1 ? output : nil
    }
}
