import Foundation
import GitSync
import Store
import StoreSQLite
import Testing

extension SyncFixture {
    /// The diagnostics of a reconciler that has seen nothing before (its own store and mirror, a dry
    /// run): what a full lint of the branch's head reports.
    func coldDiagnostics() async throws -> [SyncDiagnostic] {
        let cold = folder.appendingPathComponent("cold-\(UUID().uuidString)")
        let store = try SQLiteStore(path: cold.appendingPathComponent("store.sqlite").path)
        let settings = SyncSettings(repository: repository.path, path: "workflows", mirrorPath: cold.appendingPathComponent("mirror").path)
        let reconciler = Reconciler(settings: settings, store: store) { _ in }
        return await reconciler.reconcile(dryRun: true).status.diagnostics
    }
}

@Suite(.serialized) struct IncrementalSyncTests {
    static let alpha = """
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: alpha}
        spec:
          inputs: {type: object, required: [id], properties: {id: {type: string}}}
          steps:
            - {id: a, action: core.set, with: {value: "${ .trigger.id }"}}
        """

    static let nightly = """
        apiVersion: sovereign/v1
        kind: Configuration
        metadata: {name: nightly}
        spec: {workflow: alpha, trigger: {id: "n-1"}}
        ---
        apiVersion: sovereign/v1
        kind: Schedule
        metadata: {name: nightly-run}
        spec: {workflow: alpha, configuration: nightly, cron: "0 2 * * *"}
        """

    /// `beta` with an unknown `needs` (a workflow finding) and a plaintext password (a document finding).
    static let brokenBeta = """
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: beta}
        spec:
          steps:
            - {id: a, action: core.set, needs: [nope], with: {password: hunter22hunter}}
        """

    /// An incremental sync reuses the findings of unchanged files; the report must still be the
    /// one a full lint of the commit gives, for errors across files too.
    @Test func incrementalSyncReportsWhatAColdSyncReports() async throws {
        let fixture = try SyncFixture()
        defer { fixture.remove() }
        try fixture.write("workflows/alpha.yaml", Self.alpha)
        try fixture.write("workflows/nightly.yaml", Self.nightly)
        try fixture.write("workflows/m-beta.yaml", Self.brokenBeta)
        _ = try fixture.commit("first")
        var warm = await fixture.reconciler.reconcile().status.diagnostics
        #expect(warm == (try await fixture.coldDiagnostics()))
        #expect(warm.map(\.code).sorted() == ["SW203", "SW501"], "\(warm)")

        // Only alpha.yaml changes, yet the unchanged nightly.yaml now breaks alpha's inputs (SW404).
        // A new a-beta.yaml takes the name `beta` (it comes first), so the unchanged m-beta.yaml is
        // the duplicate: its workflow finding (SW203) no longer counts, its secret warning does.
        try fixture.write("workflows/alpha.yaml", Self.alpha.replacingOccurrences(of: "required: [id]", with: "required: [id, region]"))
        try fixture.write("workflows/a-beta.yaml", SyncFixture.workflow("beta", value: "one"))
        _ = try fixture.commit("require a region; a second beta")
        warm = await fixture.reconciler.reconcile().status.diagnostics
        #expect(warm == (try await fixture.coldDiagnostics()))
        #expect(warm.map { "\($0.path) \($0.code)" }.sorted() == [
            "workflows/m-beta.yaml SW201", "workflows/m-beta.yaml SW501", "workflows/nightly.yaml SW404",
        ], "\(warm)")

        // Back: m-beta.yaml, still unchanged, is `beta` again and its own finding is back.
        try fixture.write("workflows/alpha.yaml", Self.alpha)
        try FileManager.default.removeItem(at: fixture.repository.appendingPathComponent("workflows/a-beta.yaml"))
        _ = try fixture.commit("back")
        warm = await fixture.reconciler.reconcile().status.diagnostics
        #expect(warm == (try await fixture.coldDiagnostics()))
        #expect(warm.map(\.code).sorted() == ["SW203", "SW501"], "\(warm)")

        // Fixed: the commit is published from cached and new files alike.
        try fixture.write("workflows/m-beta.yaml", SyncFixture.workflow("beta", value: "two"))
        _ = try fixture.commit("fix beta")
        let outcome = await fixture.reconciler.reconcile()
        #expect(outcome.published)
        #expect(outcome.status.diagnostics.isEmpty)
        #expect(fixture.published.last?.workflows.map(\.workflowId).sorted() == ["alpha", "beta"])
    }
}
