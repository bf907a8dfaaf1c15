import Engine
import Foundation
import GitSync
import StoreSQLite

/// The reconciler in process, as `serve` runs it: a repository of `count` generated workflows
/// (made by bench/generate_workflows.py and the git CLI), first sync, resync, one changed file.
enum SyncBenchmark {
    static func run(count: Int, folder: URL) async throws {
        let repository = folder.appendingPathComponent("sync-repo")
        try shell("/usr/bin/env", ["python3", "bench/generate_workflows.py", String(count), repository.appendingPathComponent("workflows").path])
        try shell("/usr/bin/git", ["-C", repository.path, "init", "-q", "-b", "main"])
        try shell("/usr/bin/git", ["-C", repository.path, "add", "-A"])
        try shell("/usr/bin/git", ["-C", repository.path, "-c", "user.name=bench", "-c", "user.email=b@example.com", "commit", "-q", "-m", "generated"])
        let store = try SQLiteStore(path: folder.appendingPathComponent("sync.sqlite").path)
        let engine = Engine(store: store, actions: [])
        let settings = SyncSettings(repository: repository.path, mirrorPath: folder.appendingPathComponent("mirror").path)
        let reconciler = Reconciler(settings: settings, store: store) { set in
            await engine.activate(set.workflows, configurations: set.configurations.map(\.definition))
        }
        func timed(_ expectPublished: Bool) async -> Double {
            let clock = ContinuousClock()
            let start = clock.now
            let outcome = await reconciler.reconcile()
            let elapsed = clock.now - start
            precondition(outcome.published == expectPublished, "unexpected outcome: \(outcome.status)")
            return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        }
        let first = await timed(true)
        let unchanged = await timed(false)
        let file = repository.appendingPathComponent("workflows/workflow-0007.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "Generated workflow 7,", with: "Generated workflow seven,")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try shell("/usr/bin/git", ["-C", repository.path, "-c", "user.name=bench", "-c", "user.email=b@example.com", "commit", "-q", "-am", "one"])
        let changed = await timed(true)
        report("first sync, \(count) workflows (in process)", first, "ms", target: "≤ 3000 ms", met: first <= 3_000)
        report("resync with no change (in process)", unchanged, "ms", target: "≤ 100 ms", met: unchanged <= 100)
        report("sync after one changed file (in process)", changed, "ms", target: "≤ 200 ms", met: changed <= 200)
    }

    static func shell(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }
}
