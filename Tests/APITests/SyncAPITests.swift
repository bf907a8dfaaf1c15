import Crypto
import Foundation
import Model
import Testing
import TestSupport

/// The server following a real git repository made by the test.
@Suite(.serialized) struct SyncAPITests {
    func git(_ arguments: [String], in folder: URL) throws {
        try Subprocess.run("/usr/bin/git", ["-c", "user.name=Grace", "-c", "user.email=grace@example.com"] + arguments, in: folder.path)
    }

    @Test func statusSyncNowAndSignedWebhooks() async throws {
        let repository = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-sync-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repository.appendingPathComponent("workflows"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: repository) }
        try git(["init", "-q", "-b", "main"], in: repository)
        try APIFixture.definitions.write(to: repository.appendingPathComponent("workflows/flows.yaml"), atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "add flows"], in: repository)
        let api = try await APIFixture(extraSettings: [
            "Definitions__Path": "", "Git__Repository": repository.path, "Git__WebhookSecret": "hook-secret", "Git__PollInterval": "1h",
        ])
        let token = try await api.token()
        let synced = try await api.request("POST", "/api/v1/sync", token: token)
        #expect(synced.status == 200)
        #expect(synced.json?["state"] == "Synced")
        let status = try await api.request("GET", "/api/v1/sync/status", token: token)
        #expect(status.json?["lastAppliedCommit"]?.stringValue?.count == 40)
        let greet = try await api.request("GET", "/api/v1/workflows/greet", token: token)
        #expect(greet.json?["commit"]?["message"]?.stringValue?.contains("add flows") == true)
        #expect(greet.json?["path"] == "workflows/flows.yaml")
        // Schedules from git name their source commit, author and message.
        let schedule = try await api.request("GET", "/api/v1/schedules/hourly-greeting", token: token)
        #expect(schedule.json?["source"]?["commit"] == status.json?["lastAppliedCommit"])
        #expect(schedule.json?["source"]?["message"]?.stringValue?.contains("add flows") == true)
        #expect(schedule.json?["nextFireTimes"]?.arrayValue?.count == 5)

        let body = Data(#"{"ref": "refs/heads/main"}"#.utf8)
        let signature = "sha256=" + Digest.hmacSHA256Hex(key: Array("hook-secret".utf8), message: Array(body))
        let accepted = try await api.request("POST", "/api/v1/sync/hooks/git", body: body, headers: ["X-Hub-Signature-256": signature])
        #expect(accepted.status == 202)
        let forged = try await api.request("POST", "/api/v1/sync/hooks/git", body: body, headers: ["X-Hub-Signature-256": "sha256=00"])
        #expect(forged.status == 401)
        let gitlab = try await api.request("POST", "/api/v1/sync/hooks/git", body: body, headers: ["X-Gitlab-Token": "hook-secret"])
        #expect(gitlab.status == 202)

        // A broken commit is refused; the last good commit stays live and the status names the file.
        try "apiVersion: sovereign/v1\nkind: Workflow\nmetadata: {name: broken}\nspec: {steps: [{id: a, action: core.nope}]}\n"
            .write(to: repository.appendingPathComponent("workflows/broken.yaml"), atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "break"], in: repository)
        let refused = try await api.request("POST", "/api/v1/sync", token: token)
        #expect(refused.json?["state"] == "Failed")
        #expect(refused.json?["diagnostics"]?.arrayValue?.contains { $0["path"] == "workflows/broken.yaml" } == true)
        #expect(try await api.request("GET", "/api/v1/workflows/greet", token: token).status == 200)
        await api.stop()
    }
}
