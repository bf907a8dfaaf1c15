import Foundation
import Model
import Synchronization
import TestSupport
@testable import Auth

/// Failures of test helpers.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs command-line tools (the `openssl` CLI) for the tests.
enum Command {
    /// Runs `executable` with `arguments`; returns standard output, throws on a non-zero exit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: [UInt8]? = nil) throws -> [UInt8] {
        [UInt8](try Subprocess.run(executable, arguments, input: input))
    }

    /// `openssl <arguments>`.
    @discardableResult
    static func openssl(_ arguments: [String], input: [UInt8]? = nil) throws -> [UInt8] {
        try run("/usr/bin/openssl", arguments, input: input)
    }
}

/// A fresh directory under the system temporary directory.
func makeTemporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("auth-tests-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// A key pair made by the `openssl` CLI: the private key file and the public JWK.
struct CommandLineKey: Sendable {
    let algorithm: String
    let privateKeyPath: String
    let publicKeyPEM: [UInt8]
    let jwk: JSONValue

    /// `openssl genpkey` RSA key; the JWK has `n` (from `-modulus`) and `e` = 65537.
    static func rsa(kid: String?, bits: Int = 2048, in directory: URL) throws -> CommandLineKey {
        let path = directory.appendingPathComponent("rsa-\(UUID().uuidString).pem").path
        try Command.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(bits)", "-out", path])
        let modulusLine = String(decoding: try Command.openssl(["rsa", "-in", path, "-noout", "-modulus"]), as: UTF8.self)
        let hex = modulusLine.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "Modulus=", with: "")
        var jwk: [String: JSONValue] = [
            "kty": "RSA", "n": .string(Base64URL.encode(bytes(hex: hex))), "e": "AQAB", "use": "sig", "alg": "RS256",
        ]
        if let kid { jwk["kid"] = .string(kid) }
        let pem = try Command.openssl(["pkey", "-in", path, "-pubout"])
        return CommandLineKey(algorithm: "RS256", privateKeyPath: path, publicKeyPEM: pem, jwk: .object(jwk))
    }

    /// `openssl genpkey` P-256 key; x and y are the last 64 bytes of the DER SubjectPublicKeyInfo.
    static func p256(kid: String?, in directory: URL) throws -> CommandLineKey {
        let path = directory.appendingPathComponent("ec-\(UUID().uuidString).pem").path
        try Command.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path])
        let der = try Command.openssl(["pkey", "-in", path, "-pubout", "-outform", "DER"])
        let point = Array(der.suffix(65))
        guard point.first == 0x04 else { throw TestFailure(description: "unexpected public key encoding") }
        var jwk: [String: JSONValue] = [
            "kty": "EC", "crv": "P-256", "x": .string(Base64URL.encode(point[1...32])),
            "y": .string(Base64URL.encode(point[33...64])),
        ]
        if let kid { jwk["kid"] = .string(kid) }
        let pem = try Command.openssl(["pkey", "-in", path, "-pubout"])
        return CommandLineKey(algorithm: "ES256", privateKeyPath: path, publicKeyPEM: pem, jwk: .object(jwk))
    }

    /// A JWS signature of `message` by `openssl dgst -sha256 -sign` (ECDSA DER turned into raw r‖s).
    func sign(_ message: [UInt8]) throws -> [UInt8] {
        let signature = try Command.openssl(["dgst", "-sha256", "-sign", privateKeyPath], input: message)
        return algorithm == "ES256" ? try rawECDSA(fromDER: signature) : signature
    }

    /// A compact JWS of `claims` with `header` (alg and kid are taken from the key unless given).
    func token(claims: JSONValue, header extra: [String: JSONValue] = [:]) throws -> String {
        var header: [String: JSONValue] = ["alg": .string(algorithm), "typ": "JWT"]
        if let kid = jwk["kid"] { header["kid"] = kid }
        header.merge(extra) { _, new in new }
        let input = Base64URL.encode(JSONValue.object(header).jsonText) + "." + Base64URL.encode(claims.jsonText)
        return input + "." + Base64URL.encode(try sign(Array(input.utf8)))
    }
}

/// `SEQUENCE { INTEGER r, INTEGER s }` → 32-byte r ‖ 32-byte s, parsed here independently of Auth.
func rawECDSA(fromDER der: [UInt8]) throws -> [UInt8] {
    var index = 0
    func read() throws -> UInt8 {
        guard index < der.count else { throw TestFailure(description: "short DER") }
        defer { index += 1 }
        return der[index]
    }
    func integer() throws -> [UInt8] {
        guard try read() == 0x02 else { throw TestFailure(description: "DER INTEGER expected") }
        let length = Int(try read())
        guard index + length <= der.count else { throw TestFailure(description: "short DER") }
        var value = Array(der[index..<(index + length)])
        index += length
        while value.count > 32, value.first == 0 { value.removeFirst() }
        return [UInt8](repeating: 0, count: 32 - value.count) + value
    }
    guard try read() == 0x30 else { throw TestFailure(description: "DER SEQUENCE expected") }
    _ = try read()
    return try integer() + integer()
}

/// Bytes of a hex string.
func bytes(hex: String) -> [UInt8] {
    var result = [UInt8]()
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        result.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return result
}

/// An unsigned-by-us token: arbitrary header and claims with a given signature.
func forgedToken(header: JSONValue, claims: JSONValue, signature: [UInt8]) -> String {
    Base64URL.encode(header.jsonText) + "." + Base64URL.encode(claims.jsonText) + "." + Base64URL.encode(signature)
}

/// HMAC-SHA256 by the `openssl` CLI.
func hmacSHA256(_ message: [UInt8], key: [UInt8]) throws -> [UInt8] {
    let hexKey = key.map { String(format: "%02x", $0) }.joined()
    return try Command.openssl(["dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:\(hexKey)", "-binary"], input: message)
}

/// A settable clock shared by an issuer/verifier and the test.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }

    func set(_ date: Date) { current.withLock { $0 = date } }

    /// The clock as the closure the Auth API takes.
    var closure: @Sendable () -> Date { { [self] in now } }
}

/// Claims of a valid external token at `now`.
func externalClaims(
    now: Date, issuer: String = TestIssuer.issuer, audience: JSONValue = .string(TestIssuer.audience),
    extra: [String: JSONValue] = [:]
) -> JSONValue {
    let seconds = Int64(now.timeIntervalSince1970)
    var claims: [String: JSONValue] = [
        "iss": .string(issuer), "aud": audience, "sub": "service-account-42", "exp": .integer(seconds + 300),
        "iat": .integer(seconds), "azp": "deploy-bot", "scope": "workflows:read workflows:write",
    ]
    claims.merge(extra) { _, new in new }
    return .object(claims)
}

/// Names used by the tests.
enum TestIssuer {
    static let issuer = "https://id.example.test/realms/sovereign"
    static let audience = "sovereign-api"
}

/// Runs `verify` and returns the AuthError it throws (nil on success).
func authError(_ verify: () async throws(AuthError) -> AccessToken) async -> AuthError? {
    do {
        _ = try await verify()
        return nil
    } catch {
        return error
    }
}
