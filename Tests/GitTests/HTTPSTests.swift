import Crypto
import Foundation
import Git
import TestSupport
import Testing

/// Fetches over HTTPS from a real git server (git http-backend behind TLS and Basic auth) whose
/// certificate comes from a private CA.
@Suite("HTTPS", .serialized,
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
struct HTTPSTests {
    static let token = "tok-9f8e7d6c5b4a-s3cr3t"

    /// A server that accepts the token (user `x-access-token`) and holds one commit.
    func server() throws -> (GitHTTPSServer, String) {
        let server = try GitHTTPSServer(user: "x-access-token", password: Self.token)
        let commit = try server.publish(["workflows/a.yaml": "name: a\n"], message: "first")
        return (server, commit)
    }

    func mirrorPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-https-mirror-\(UUID().uuidString)").path
    }

    @Test func theRightTokenFetchesWhenThePrivateCAIsTrusted() throws {
        let (server, commit) = try server()
        defer { server.stop() }
        let path = mirrorPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let trust = try TrustedCertificates(pemFile: server.caCertificatePath)
        let mirror = try Mirror(path: path, url: server.url, credentials: .token(Self.token), trustedCertificates: trust)
        #expect(try mirror.fetch())
        #expect(try mirror.resolve(branch: "main").sha == commit)
        #expect(try mirror.files(at: commit, under: "workflows").map(\.path) == ["workflows/a.yaml"])
    }

    @Test func theRightUserAndPasswordFetch() throws {
        let server = try GitHTTPSServer(user: "alice", password: "pa55-w0rd-s3cr3t")
        defer { server.stop() }
        let commit = try server.publish(["README.md": "hello\n"], message: "first")
        let path = mirrorPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mirror = try Mirror(
            path: path, url: server.url, credentials: .basic(user: "alice", password: "pa55-w0rd-s3cr3t"),
            trustedCertificates: try TrustedCertificates(pemFile: server.caCertificatePath))
        try mirror.fetch()
        #expect(try mirror.resolve(branch: "main").sha == commit)
    }

    @Test func aWrongTokenFailsOnceWithAClearErrorWithoutTheSecret() throws {
        let (server, _) = try server()
        defer { server.stop() }
        let path = mirrorPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wrong = "tok-wrong-0123456789-s3cr3t"
        let mirror = try Mirror(
            path: path, url: server.url, credentials: .token(wrong),
            trustedCertificates: try TrustedCertificates(pemFile: server.caCertificatePath))
        let error = #expect(throws: GitError.self) { try mirror.fetch() }
        #expect(error?.code == GitError.authenticationCode)
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("rejected the credentials"), "\(text)")
        #expect(text.contains(server.url))
        #expect(!text.contains("s3cr3t"))
        // One try with the secret, no retry loop.
        let sent = "Basic " + Data("x-access-token:\(wrong)".utf8).base64EncodedString()
        #expect(server.authorizationHeaders.filter { $0 == sent }.count == 1, "\(server.authorizationHeaders)")
    }

    @Test func aPrivateCAIsNotTrustedUnlessConfigured() throws {
        let (server, _) = try server()
        defer { server.stop() }
        let path = mirrorPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let untrusting = try Mirror(path: path, url: server.url, credentials: .token(Self.token))
        let error = #expect(throws: GitError.self) { try untrusting.fetch() }
        #expect(error?.code == GitError.certificateCode)
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("not signed by a certificate authority this system trusts"), "\(text)")
        #expect(text.contains("Git__CACertificates"))
        #expect(!text.contains("s3cr3t"))
        // Nothing was sent to a server that was not verified.
        #expect(!server.authorizationHeaders.contains { $0 != "none" })

        let wrongCA = try Mirror(
            path: path, url: server.url, credentials: .token(Self.token),
            trustedCertificates: try TrustedCertificates(pemFile: server.otherCACertificatePath))
        let refused = #expect(throws: GitError.self) { try wrongCA.fetch() }
        #expect(refused?.code == GitError.certificateCode)
        #expect(refused?.message.contains("unable to get local issuer certificate") == true, "\(String(describing: refused))")
        #expect(refused?.message.contains(server.otherCACertificatePath) == true)
    }

    @Test func unusableCertificateFilesAreClearErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-pem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = #expect(throws: CertificateError.self) { try TrustedCertificates(pemFile: folder.path + "/nope.pem") }
        #expect(missing?.message.contains("cannot read the file") == true)
        try Data("not a certificate\n".utf8).write(to: folder.appendingPathComponent("text.pem"))
        let text = #expect(throws: CertificateError.self) { try TrustedCertificates(pemFile: folder.path + "/text.pem") }
        #expect(text?.message.contains("no certificate found") == true)
        try Data("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".utf8).write(to: folder.appendingPathComponent("broken.pem"))
        let broken = #expect(throws: CertificateError.self) { try TrustedCertificates(pemFile: folder.path + "/broken.pem") }
        #expect(broken?.message.contains("certificate 1 of 1 is not valid PEM") == true, "\(String(describing: broken))")
    }
}
