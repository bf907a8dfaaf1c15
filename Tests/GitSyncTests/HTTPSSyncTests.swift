import Crypto
import Foundation
import GitSync
import Store
import StoreSQLite
import TestSupport
import Testing

/// What a reconciler logged, in order.
final class LogRecorder: @unchecked Sendable {
    // Guarded by `lock`.
    private var lines: [String] = []
    private let lock = NSLock()
    func record(_ level: SyncLogLevel, _ message: String, _ fields: [String: String]) {
        let text = fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: " ")
        lock.withLock { lines.append("\(level.rawValue) \(message) \(text)") }
    }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}

/// The reconciler against a private repository over HTTPS (a real git server with TLS from a
/// private CA and HTTP Basic auth): what it logs and stores never holds the secret.
@Suite(.serialized,
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
struct HTTPSSyncTests {
    @Test func aWrongTokenFailsClearlyAndTheRightOneSyncsWithoutLeakingEither() async throws {
        let token = "ghp-like-0a1b2c3d4e5f-s3cr3t"
        let server = try GitHTTPSServer(user: "x-access-token", password: token)
        defer { server.stop() }
        let commit = try server.publish(["workflows/a.yaml": SyncFixture.workflow("alpha", value: "one")], message: "first")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-https-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path)
        let trust = try TrustedCertificates(pemFile: server.caCertificatePath)
        let log = LogRecorder()
        func reconciler(_ secret: String) -> Reconciler {
            let settings = SyncSettings(
                repository: server.url, credentials: .token(secret), trustedCertificates: trust,
                mirrorPath: folder.appendingPathComponent("mirror").path)
            return Reconciler(settings: settings, store: store, log: log.record) { _ in }
        }
        func statusJSON() async throws -> String {
            let record = try #require(try await store.syncStatus())
            return String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        }

        let wrong = "ghp-like-ffffffffffff-s3cr3t"
        let failed = await reconciler(wrong).reconcile()
        #expect(failed.status.state == "Failed")
        #expect(failed.status.message?.contains("rejected the credentials") == true, "\(failed.status)")
        #expect(log.text.contains("warning sync failed"), "\(log.text)")
        #expect(log.text.contains("rejected the credentials"))
        #expect(try await statusJSON().contains("rejected the credentials"))

        let synced = await reconciler(token).reconcile()
        #expect(synced.published)
        #expect(synced.status.lastAppliedCommit == commit)
        #expect(log.text.contains("info published"))
        #expect(try await statusJSON().contains(commit))

        for text in [log.text, try await statusJSON()] {
            #expect(!text.contains("s3cr3t"))
            #expect(!text.contains(Data("x-access-token:\(wrong)".utf8).base64EncodedString()))
            #expect(!text.contains(Data("x-access-token:\(token)".utf8).base64EncodedString()))
        }
    }
}
