import Connectors
import Engine
import Foundation
import GitSync
import Model
import Store
import StoreSQLite
import Testing

/// A real git repository made with the git CLI, and a reconciler over a real SQLite store.
final class SyncFixture: @unchecked Sendable {
    // Set up once, then used by one test at a time.
    let folder: URL
    let repository: URL
    let store: SQLiteStore
    let engine: Engine
    let published = PublishedLog()
    var reconciler: Reconciler!

    init(prune: Bool = true, maximumTotalBytes: Int = 64 * 1_048_576) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-sync-\(UUID().uuidString)")
        repository = folder.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repository.appendingPathComponent("workflows"), withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder.appendingPathComponent("data/store.sqlite").path)
        engine = Engine(store: store, actions: CoreActions.all())
        let settings = SyncSettings(
            repository: repository.path, path: "workflows", mirrorPath: folder.appendingPathComponent("data/mirror").path,
            maximumTotalBytes: maximumTotalBytes, prune: prune)
        let engine = self.engine
        let published = self.published
        reconciler = Reconciler(settings: settings, store: store) { set in
            await engine.activate(set.workflows, configurations: set.configurations.map(\.definition))
            published.record(set)
        }
        try git("init", "-q", "-b", "main")
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-c", "user.name=Ada", "-c", "user.email=ada@example.com", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = repository
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    func write(_ path: String, _ text: String) throws {
        let file = repository.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    func commit(_ message: String) throws -> String {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
        return try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func workflow(_ name: String, value: String) -> String {
        """
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: \(name)}
        spec:
          steps:
            - {id: gate, action: human.gate, with: {title: wait}}
            - {id: result, action: core.set, needs: [gate], with: {value: \(value)}}
        """
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// What the reconciler made live, in order.
final class PublishedLog: @unchecked Sendable {
    // Guarded by `lock`.
    private var sets: [PublishedSet] = []
    private let lock = NSLock()
    func record(_ set: PublishedSet) { lock.withLock { sets.append(set) } }
    var last: PublishedSet? { lock.withLock { sets.last } }
    var count: Int { lock.withLock { sets.count } }
}

@Suite(.serialized) struct ReconcilerTests {
    @Test func firstSyncUpdateBadCommitFixDeleteAndForcePush() async throws {
        let fixture = try SyncFixture()
        defer { fixture.remove() }
        try fixture.write("workflows/a.yaml", SyncFixture.workflow("alpha", value: "one"))
        try fixture.write("workflows/b.yaml", SyncFixture.workflow("beta", value: "one"))
        try fixture.write("README.md", "not a definition")
        let first = try fixture.commit("first")
        var outcome = await fixture.reconciler.reconcile()
        #expect(outcome.published)
        #expect(outcome.status.state == "Synced")
        #expect(outcome.status.lastAppliedCommit == first)
        #expect(outcome.counts["Workflow"]?["created"] == 2)
        #expect(fixture.published.last?.workflows.count == 2)
        #expect(await fixture.engine.currentVersion(of: "alpha")?.hasPrefix(String(first.prefix(12))) == true)

        // No change: nothing published again.
        outcome = await fixture.reconciler.reconcile()
        #expect(!outcome.published)
        #expect(fixture.published.count == 1)

        // An execution on alpha's first version waits at its gate while alpha changes.
        let loop = Task { await fixture.engine.run() }
        let running = try await fixture.engine.start(StartRequest(workflowId: "alpha"))
        try fixture.write("workflows/a.yaml", SyncFixture.workflow("alpha", value: "two"))
        let second = try fixture.commit("change alpha")
        outcome = await fixture.reconciler.reconcile()
        #expect(outcome.counts["Workflow"]?["updated"] == 1)
        #expect(outcome.counts["Workflow"]?["unchanged"] == 1)
        let alpha = try #require(fixture.published.last?.publication.definitions.first { $0.name == "alpha" })
        #expect(alpha.commit == second)
        #expect(alpha.message.contains("change alpha"))
        #expect(alpha.authorName == "Ada")
        let beta = try #require(fixture.published.last?.publication.definitions.first { $0.name == "beta" })
        #expect(beta.commit == first)

        // A bad commit: nothing published, the last good commit stays, the error names file and line.
        try fixture.write("workflows/b.yaml", SyncFixture.workflow("beta", value: "one") + "\n      neds: [gate]\n")
        let bad = try fixture.commit("break beta")
        outcome = await fixture.reconciler.reconcile()
        #expect(!outcome.published)
        #expect(outcome.status.state == "Failed")
        #expect(outcome.status.lastAttemptedCommit == bad)
        #expect(outcome.status.lastAppliedCommit == second)
        let diagnostic = try #require(outcome.status.diagnostics.first { $0.severity == "error" })
        #expect(diagnostic.path == "workflows/b.yaml")
        #expect(diagnostic.line > 1)
        #expect(try await fixture.store.syncStatus()?.state == "Failed")
        #expect(try await fixture.store.publication()?.commit == second)

        // A fixing commit that also deletes beta: beta is archived.
        try FileManager.default.removeItem(at: fixture.repository.appendingPathComponent("workflows/b.yaml"))
        _ = try fixture.commit("remove beta")
        outcome = await fixture.reconciler.reconcile()
        #expect(outcome.published)
        #expect(outcome.counts["Workflow"]?["archived"] == 1)
        #expect(await fixture.engine.currentVersion(of: "beta") == nil)
        #expect(try await fixture.store.publication()?.definitions.first { $0.name == "beta" }?.archived == true)

        // A force-push back to the first commit is applied and reported.
        try fixture.git("reset", "-q", "--hard", first)
        outcome = await fixture.reconciler.reconcile()
        #expect(outcome.published)
        #expect(outcome.status.forcePush)
        #expect(outcome.status.lastAppliedCommit == first)

        // The execution that started on alpha's first version still finishes on it.
        for approval in try await fixture.store.approvals(status: .pending) {
            _ = try await fixture.engine.decide(approvalId: approval.id, .approve, by: "test")
        }
        let finished = try await fixture.engine.waitUntilFinished(executionId: running.id)
        #expect(finished.steps.first { $0.stepId == "result" }?.output == ["value": "one"])
        await fixture.engine.shutdown()
        await loop.value
    }

    @Test func symlinksSubmodulesAndDryRuns() async throws {
        let fixture = try SyncFixture()
        defer { fixture.remove() }
        try fixture.write("workflows/a.yaml", SyncFixture.workflow("alpha", value: "one"))
        try fixture.write("outside/secret.yaml", SyncFixture.workflow("outside", value: "x"))
        try FileManager.default.createSymbolicLink(
            atPath: fixture.repository.appendingPathComponent("workflows/escape.yaml").path, withDestinationPath: "../outside/secret.yaml")
        _ = try fixture.commit("with a link")
        let dry = await fixture.reconciler.reconcile(dryRun: true)
        #expect(!dry.published)
        #expect(dry.counts["Workflow"]?["created"] == 1)
        #expect(try await fixture.store.publication() == nil)
        let outcome = await fixture.reconciler.reconcile()
        #expect(outcome.published)
        #expect(outcome.status.diagnostics.contains { $0.path == "workflows/escape.yaml" && $0.code == "SW005" })
        #expect(fixture.published.last?.workflows.map(\.workflowId) == ["alpha"])
    }

    /// A commit whose definitions add up to more than the total-size limit is refused whole, with
    /// the limit and the size in the status, while the last good commit stays live.
    @Test func repositoryOverTheTotalSizeLimitIsRefused() async throws {
        let fixture = try SyncFixture(maximumTotalBytes: 1_000)
        defer { fixture.remove() }
        try fixture.write("workflows/a.yaml", SyncFixture.workflow("alpha", value: "one"))
        let good = try fixture.commit("small")
        #expect(await fixture.reconciler.reconcile().published)

        var size = 0
        for name in ["beta", "gamma", "delta", "epsilon"] {
            try fixture.write("workflows/\(name).yaml", SyncFixture.workflow(name, value: "one"))
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: fixture.repository.appendingPathComponent("workflows").path) {
            size += try Data(contentsOf: fixture.repository.appendingPathComponent("workflows/\(file)")).count
        }
        #expect(size > 1_000)
        let big = try fixture.commit("too big")
        let outcome = await fixture.reconciler.reconcile()
        #expect(!outcome.published)
        #expect(outcome.status.state == "Failed")
        #expect(outcome.status.lastAttemptedCommit == big)
        #expect(outcome.status.lastAppliedCommit == good)
        let refusal = try #require(outcome.status.diagnostics.first { $0.severity == "error" })
        #expect(refusal.code == "SW003")
        #expect(refusal.path == "workflows")
        #expect(refusal.message.contains("\(size) bytes"), "\(refusal.message)")
        #expect(refusal.message.contains("limit of 1000 bytes"), "\(refusal.message)")
        #expect(outcome.status.message?.contains("limit of 1000 bytes") == true)
        #expect(outcome.status.message?.contains("last good commit stays live") == true)

        // Stored as such, and the last good commit is still what runs.
        let stored = try #require(try await fixture.store.syncStatus())
        #expect(stored.state == "Failed")
        #expect(stored.diagnostics == outcome.status.diagnostics)
        #expect(try await fixture.store.publication()?.commit == good)
        #expect(await fixture.engine.currentVersion(of: "alpha") != nil)
        #expect(await fixture.engine.currentVersion(of: "beta") == nil)
    }

    /// Two reconciliations at once (a webhook during a poll) run one after the other: one publishes,
    /// the other finds nothing new, and both report the applied commit.
    @Test func concurrentReconciliationsDoNotInterleave() async throws {
        let fixture = try SyncFixture()
        defer { fixture.remove() }
        try fixture.write("workflows/a.yaml", SyncFixture.workflow("alpha", value: "one"))
        let commit = try fixture.commit("first")
        async let first = fixture.reconciler.reconcile()
        async let second = fixture.reconciler.reconcile()
        let outcomes = await [first, second]
        #expect(outcomes.filter(\.published).count == 1)
        #expect(outcomes.allSatisfy { $0.status.state == "Synced" && $0.status.lastAppliedCommit == commit }, "\(outcomes.map(\.status))")
        #expect(fixture.published.count == 1)
        #expect(try await fixture.store.syncStatus()?.lastAppliedCommit == commit)
    }

    @Test func unreachableRepositoryKeepsTheLastGoodState() async throws {
        let fixture = try SyncFixture()
        defer { fixture.remove() }
        try fixture.write("workflows/a.yaml", SyncFixture.workflow("alpha", value: "one"))
        _ = try fixture.commit("first")
        #expect(await fixture.reconciler.reconcile().published)
        try FileManager.default.removeItem(at: fixture.repository.appendingPathComponent(".git"))
        let outcome = await fixture.reconciler.reconcile()
        #expect(outcome.status.state == "Failed")
        #expect(try await fixture.store.publication() != nil)
        #expect(await fixture.engine.currentVersion(of: "alpha") != nil)
    }
}
