import Connectors
import Engine
import Foundation
import Loader
import Model
import Store
import StoreSQLite

// Test support for crash-safety tests: runs an engine on a SQLite file, starts N executions
// (idempotently, so a restarted harness does not start them twice), and exits 0 once all have
// ended. Tests SIGKILL it at random moments and start it again.
//
// Usage: EngineHarness <data-folder> <workflow.yaml> <effects-file> <executions> [kill-after]
//
// `kill-after` is `effects:N`: the harness SIGKILLs itself right after its Nth effect, between
// an effect and the commit of its result (tests also kill it from outside at random moments).

/// Appends one line per attempt to the effects file, then dawdles a little, so a kill can land
/// between the effect and the commit of its result.
struct RecordEffectAction: ActionHandler {
    let name = "test.record"
    let mode = ActionExecutionMode.external
    let effects: String

    let killAfterEffects: Int?
    let counter = EffectCounter()

    func run(_ invocation: ActionInvocation) async throws(ActionFailure) -> ActionOutcome {
        let line = "\(invocation.executionId) \(invocation.stepId) \(invocation.attempt)\n"
        let descriptor = open(effects, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw ActionFailure(message: "cannot open effects file", code: "io", retryable: true) }
        _ = line.withCString { write(descriptor, $0, strlen($0)) }
        fsync(descriptor)
        close(descriptor)
        if let killAfterEffects, counter.increment() >= killAfterEffects { kill(getpid(), SIGKILL) }
        try? await Task.sleep(for: .milliseconds(Int.random(in: 2...25)))
        return .completed(["attempt": .integer(Int64(invocation.attempt))])
    }
}

/// Counts effects across concurrent attempts.
final class EffectCounter: @unchecked Sendable {
    // Guarded by `lock`.
    private var count = 0
    private let lock = NSLock()

    func increment() -> Int { lock.withLock { count += 1; return count } }
}

let arguments = CommandLine.arguments
guard arguments.count >= 5, let count = Int(arguments[4]) else {
    FileHandle.standardError.write(Data("usage: EngineHarness <data-folder> <workflow.yaml> <effects-file> <executions> [kill-after]\n".utf8))
    exit(2)
}
var killAfterEffects: Int?
if arguments.count > 5, arguments[5].hasPrefix("effects:") {
    killAfterEffects = Int(arguments[5].dropFirst("effects:".count))
}
let store = try SQLiteStore(path: arguments[1] + "/store.sqlite")
let file = Loader.load(reference: SourceFileReference(path: arguments[2]))
guard case .workflow(let workflow)? = file.documents.first?.resource else {
    FileHandle.standardError.write(Data("no workflow in \(arguments[2]): \(file.diagnostics)\n".utf8))
    exit(2)
}
let engine = Engine(
    store: store, actions: CoreActions.all() + [RecordEffectAction(effects: arguments[3], killAfterEffects: killAfterEffects)])
try await engine.publish(workflow)
let loop = Task { await engine.run() }
try await withThrowingTaskGroup(of: Void.self) { group in
    for number in 0..<count {
        group.addTask {
            _ = try await engine.start(
                StartRequest(workflowId: workflow.metadata.name, trigger: ["number": .integer(Int64(number))], idempotencyKey: "execution-\(number)"))
        }
    }
    try await group.waitForAll()
}
while true {
    let active = try await store.activeExecutions().count
    if active == 0 { break }
    try await Task.sleep(for: .milliseconds(20))
}
print("DONE")
fflush(nil)
await engine.shutdown()
await loop.value
exit(0)
