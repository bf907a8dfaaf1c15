import App
import Foundation
import Model
import TestSupport
import Testing

/// The server following a private repository over HTTPS: a real git smart-HTTP server with TLS
/// (a private CA, trusted through `Git__CACertificates`) and HTTP Basic auth.
@Suite(.serialized,
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
struct SyncHTTPSTests {
    static let password = "pw-71d3a9c0-s3cr3t"

    func settings(_ server: GitHTTPSServer, password: String) -> [String: String] {
        [
            "Definitions__Path": "", "Git__Repository": server.url, "Git__Username": "deploy", "Git__Password": password,
            "Git__CACertificates": server.caCertificatePath, "Git__PollInterval": "1h",
        ]
    }

    @Test func rightAndWrongPasswordsNeverShowTheSecret() async throws {
        let server = try GitHTTPSServer(user: "deploy", password: Self.password)
        defer { server.stop() }
        let commit = try server.publish(["workflows/flows.yaml": APIFixture.definitions], message: "add flows")

        let api = try await APIFixture(extraSettings: settings(server, password: Self.password))
        let token = try await api.token()
        let synced = try await api.request("POST", "/api/v1/sync", token: token)
        #expect(synced.json?["state"] == "Synced", "\(String(decoding: synced.body, as: UTF8.self))")
        #expect(synced.json?["lastAppliedCommit"]?.stringValue == commit, "\(String(decoding: synced.body, as: UTF8.self))")
        #expect(synced.json?["source"]?.stringValue == server.url)
        #expect(try await api.request("GET", "/api/v1/workflows/greet", token: token).status == 200)
        let status = try await api.request("GET", "/api/v1/sync/status", token: token)
        #expect(status.json?["state"] == "Synced")
        #expect(!String(decoding: synced.body + status.body, as: UTF8.self).contains("s3cr3t"))
        await api.stop()

        let wrong = "pw-wrong-5b2e-s3cr3t"
        let refused = try await APIFixture(extraSettings: settings(server, password: wrong))
        let adminToken = try await refused.token()
        let failed = try await refused.request("POST", "/api/v1/sync", token: adminToken)
        let failedStatus = try await refused.request("GET", "/api/v1/sync/status", token: adminToken)
        let text = String(decoding: failed.body + failedStatus.body, as: UTF8.self)
        #expect(failed.json?["state"] == "Failed")
        #expect(failed.json?["message"]?.stringValue?.contains("the remote rejected the credentials") == true, "\(text)")
        #expect(failed.json?["message"]?.stringValue?.contains(server.url) == true, "\(text)")
        #expect(failedStatus.json?["state"] == "Failed")
        #expect(!text.contains("s3cr3t"))
        #expect(!text.contains(Data("deploy:\(wrong)".utf8).base64EncodedString()))
        await refused.stop()
    }

    @Test func anUnusableCertificateFileIsASettingsError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ca.pem")
        try Data("not a certificate\n".utf8).write(to: file)
        let error = #expect(throws: SettingsError.self) {
            try ServerSettings(
                Settings([
                    "Git__Repository": "https://git.example/team/flows.git", "Git__CACertificates": file.path,
                    "Data__Path": folder.path,
                ]))
        }
        #expect(error?.message.contains("Git__CACertificates") == true)
        #expect(error?.message.contains(file.path) == true)
        #expect(error?.message.contains("no certificate found") == true, "\(String(describing: error))")
    }
}
