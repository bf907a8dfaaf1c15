import Foundation
import Model
import Testing
@testable import Auth

@Suite("Signing key")
struct SigningKeyTests {
    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func saveAndLoadRoundTrip() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("signing.pem").path
        let key = try SigningKey.generate()
        try key.save(pemFile: path)
        #expect(try mode(path) == 0o600)
        let pem = try String(contentsOfFile: path, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let loaded = try SigningKey.load(pemFile: path)
        #expect(loaded.keyId == key.keyId)
        #expect(loaded.publicJWK == key.publicJWK)
        // A token signed by the loaded key verifies with the original's public key, and the reverse.
        let clock = TestClock()
        let original = TokenIssuer(key: key, issuer: "https://sovereign.test", audience: "api", now: clock.closure)
        let reloaded = TokenIssuer(key: loaded, issuer: "https://sovereign.test", audience: "api", now: clock.closure)
        #expect(try await original.verifier.verify(reloaded.issue(clientId: "cli_a", scopes: []).token).subject == "cli_a")
        #expect(try await reloaded.verifier.verify(original.issue(clientId: "cli_b", scopes: []).token).subject == "cli_b")
        // Saving again replaces the file and keeps the mode.
        let other = try SigningKey.generate()
        try other.save(pemFile: path)
        #expect(try mode(path) == 0o600)
        #expect(try SigningKey.load(pemFile: path).keyId == other.keyId)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["signing.pem"])
    }

    @Test func loadOrCreateCreatesOnceThenLoads() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keys/issuer.pem").path
        try FileManager.default.createDirectory(atPath: directory.appendingPathComponent("keys").path, withIntermediateDirectories: true)
        let created = try SigningKey.loadOrCreate(pemFile: path)
        #expect(try mode(path) == 0o600)
        let again = try SigningKey.loadOrCreate(pemFile: path)
        #expect(again.keyId == created.keyId)
        #expect(try SigningKey.load(pemFile: path).keyId == created.keyId)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("keys").path) == ["issuer.pem"])
    }

    @Test func keyIdIsTheRFC7638Thumbprint() throws {
        // A key made by the openssl CLI; the thumbprint computed here with `openssl dgst`.
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let external = try CommandLineKey.p256(kid: nil, in: directory)
        let key = try SigningKey.load(pemFile: external.privateKeyPath)
        let x = try #require(external.jwk["x"]?.stringValue)
        let y = try #require(external.jwk["y"]?.stringValue)
        let canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"\(x)\",\"y\":\"\(y)\"}"
        let digest = try Command.openssl(["dgst", "-sha256", "-binary"], input: Array(canonical.utf8))
        #expect(key.keyId == Base64URL.encode(digest))
        #expect(key.publicJWK == [
            "kty": "EC", "crv": "P-256", "x": .string(x), "y": .string(y), "kid": .string(key.keyId), "use": "sig", "alg": "ES256",
        ])
        #expect(try SigningKey.load(pemFile: external.privateKeyPath).keyId == key.keyId)
    }

    @Test func generatedKeysDiffer() throws {
        #expect(try SigningKey.generate().keyId != SigningKey.generate().keyId)
    }

    @Test func unusableFilesAreRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: AuthError.self) { try SigningKey.load(pemFile: directory.appendingPathComponent("missing.pem").path) }
        let garbage = directory.appendingPathComponent("garbage.pem").path
        try Data("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: AuthError.self) { try SigningKey.load(pemFile: garbage) }
        // An RSA key and a P-384 key are not ES256 keys.
        let rsa = try CommandLineKey.rsa(kid: nil, in: directory)
        #expect(throws: AuthError.keysUnavailable("the signing key must be ECDSA P-256")) { try SigningKey.load(pemFile: rsa.privateKeyPath) }
        let p384 = directory.appendingPathComponent("p384.pem").path
        try Command.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", p384])
        #expect(throws: AuthError.keysUnavailable("the signing key must be ECDSA P-256")) { try SigningKey.load(pemFile: p384) }
        // An encrypted key is refused rather than prompting for a password.
        let encrypted = directory.appendingPathComponent("encrypted.pem").path
        try Command.openssl([
            "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc", "-pass", "pass:secret", "-out", encrypted,
        ])
        #expect(throws: AuthError.self) { try SigningKey.load(pemFile: encrypted) }
        // Saving into a missing folder fails cleanly.
        #expect(throws: AuthError.self) { try SigningKey.generate().save(pemFile: directory.appendingPathComponent("no/such.pem").path) }
    }
}

@Suite("Client secrets")
struct ClientSecretsTests {
    @Test func identifiersAndSecretsHaveTheirShapes() {
        let clientId = ClientSecrets.newClientId()
        #expect(clientId.hasPrefix("cli_"))
        #expect(clientId.count == 20)
        #expect(clientId.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(ClientSecrets.newClientId() != clientId)
        let secret = ClientSecrets.newSecret()
        #expect(secret.count == 43)
        #expect(Base64URL.decode(secret)?.count == 32)
        #expect(ClientSecrets.newSecret() != secret)
    }

    @Test func hashAndVerify() {
        let secret = ClientSecrets.newSecret()
        let encoded = ClientSecrets.hash(secret)
        let parts = encoded.split(separator: "$").map(String.init)
        #expect(parts.count == 4)
        #expect(parts[0] == "pbkdf2-sha256")
        #expect(parts[1] == "100000")
        #expect(Base64URL.decode(parts[2])?.count == 16)
        #expect(Base64URL.decode(parts[3])?.count == 32)
        #expect(!encoded.contains(secret))
        #expect(ClientSecrets.verify(secret, against: encoded))
        #expect(!ClientSecrets.verify(secret + "x", against: encoded))
        #expect(!ClientSecrets.verify("", against: encoded))
        // Salted: the same secret hashes differently each time, and both verify.
        let again = ClientSecrets.hash(secret)
        #expect(again != encoded)
        #expect(ClientSecrets.verify(secret, against: again))
    }

    @Test func knownVectors() throws {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64.
        let expected = bytes(hex: "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
        #expect(ClientSecrets.derive("passwd", salt: Array("salt".utf8), iterations: 1, length: 64) == expected)
        // An encoding built with the openssl CLI's PBKDF2 verifies.
        let output = String(decoding: try Command.openssl([
            "kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt", "pass:passwd", "-kdfopt", "salt:saltsalt",
            "-kdfopt", "iter:1000", "PBKDF2",
        ]), as: UTF8.self)
        let derived = bytes(hex: output.filter(\.isHexDigit))
        let encoded = "pbkdf2-sha256$1000$\(Base64URL.encode(Array("saltsalt".utf8)))$\(Base64URL.encode(derived))"
        #expect(ClientSecrets.verify("passwd", against: encoded))
        #expect(!ClientSecrets.verify("passwd ", against: encoded))
        // Salts shorter than 8 bytes are refused.
        #expect(!ClientSecrets.verify("passwd", against: "pbkdf2-sha256$1$\(Base64URL.encode(Array("salt".utf8)))$\(Base64URL.encode(expected))"))
    }

    @Test(arguments: [
        "", "pbkdf2-sha256", "pbkdf2-sha1$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$abc$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$999999999$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$100000$!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$",
        "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
        "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$extra",
    ])
    func malformedEncodingsNeverVerify(encoded: String) {
        #expect(!ClientSecrets.verify("anything", against: encoded))
    }
}
