import Connectors
import Engine
import Foundation
import Loader
import Model
import Store
import StoreSQLite
import Testing

/// A real engine on a real SQLite file in a temporary folder, with the built-in actions plus
/// test actions, running its loop in the background.
final class EngineFixture: @unchecked Sendable {
    // Mutated only from the test's own task.
    let folder: URL
    let store: SQLiteStore
    private(set) var engine: Engine
    private var loop: Task<Void, Never>?
    let extraActions: [any ActionHandler]

    init(actions: [any ActionHandler] = [], folder: URL? = nil, settings: EngineSettings = EngineSettings()) async throws {
        self.folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: self.folder.appendingPathComponent("store.sqlite").path)
        extraActions = actions
        engine = Engine(store: store, actions: CoreActions.all() + actions, settings: settings)
        let engine = self.engine
        loop = Task { await engine.run() }
    }

    /// Stops the engine and starts a new one on the same store, as after a restart.
    func restart(publishing yaml: String? = nil) async throws {
        await engine.shutdown()
        await loop?.value
        engine = Engine(store: store, actions: CoreActions.all() + extraActions)
        if let yaml { try await publish(yaml) }
        let engine = self.engine
        loop = Task { await engine.run() }
    }

    /// Publishes every workflow and configuration in `yaml`.
    @discardableResult
    func publish(_ yaml: String) async throws -> [Workflow] {
        let file = Loader.load(bytes: Array(yaml.utf8), path: "test.yaml")
        let errors = file.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "fixture YAML has errors: \(errors)")
        var workflows: [Workflow] = []
        for document in file.documents {
            switch document.resource {
            case .workflow(let workflow)?:
                try await engine.publish(workflow)
                workflows.append(workflow)
            case .configuration(let configuration)?:
                await engine.publish(configuration)
            default: break
            }
        }
        return workflows
    }

    func start(_ workflowId: String, trigger: JSONValue = [:], vars: JSONValue = [:], configuration: String? = nil) async throws -> ExecutionRecord {
        try await engine.start(StartRequest(workflowId: workflowId, trigger: trigger, vars: vars, configuration: configuration))
    }

    /// Waits (at most `seconds`) for the execution to end.
    func finished(_ id: String, seconds: Double = 20) async throws -> ExecutionDetail {
        let engine = self.engine
        return try await withThrowingTaskGroup(of: ExecutionDetail?.self) { group in
            group.addTask { try await engine.waitUntilFinished(executionId: id) }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw FixtureError(message: "execution \(id) did not finish within \(seconds) s") }
            return first
        }
    }

    func run(_ workflowId: String, trigger: JSONValue = [:], vars: JSONValue = [:]) async throws -> ExecutionDetail {
        try await finished(try await start(workflowId, trigger: trigger, vars: vars).id)
    }

    /// Polls until `condition` holds on the execution's detail (at most `seconds`).
    func waitFor(_ id: String, seconds: Double = 10, _ condition: (ExecutionDetail) -> Bool) async throws -> ExecutionDetail {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let detail = try await store.executionDetail(id: id), condition(detail) { return detail }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FixtureError(message: "condition on \(id) not met within \(seconds) s")
    }

    func stop() async {
        await engine.shutdown()
        await loop?.value
        try? FileManager.default.removeItem(at: folder)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension ExecutionDetail {
    /// The step-level run of `id`.
    func step(_ id: String) -> StepRunRecord? { steps.first { $0.stepId == id && $0.itemIndex == -1 } }
    /// Attempts of the step `id`.
    func attempts(_ id: String) -> [AttemptRecord] { attempts.filter { $0.stepId == id && $0.itemIndex == -1 } }
}

/// Fails its first `failures` attempts per step (retryably), then succeeds with the attempt number.
struct FlakyAction: ActionHandler {
    let name = "test.flaky"
    let mode = ActionExecutionMode.external

    func run(_ invocation: ActionInvocation) async throws(ActionFailure) -> ActionOutcome {
        let failures = Int(invocation.input["failures"]?.doubleValue ?? 0)
        let retryable = invocation.input["retryable"] != .bool(false)
        if invocation.attempt <= failures {
            throw ActionFailure(message: "flaky failure \(invocation.attempt)", code: "flaky", retryable: retryable)
        }
        return .completed(["attempt": .integer(Int64(invocation.attempt))])
    }
}

/// Sleeps `milliseconds` (honouring cancellation), then succeeds.
struct SlowAction: ActionHandler {
    let name = "test.slow"
    let mode = ActionExecutionMode.external

    func run(_ invocation: ActionInvocation) async throws(ActionFailure) -> ActionOutcome {
        let milliseconds = Int(invocation.input["milliseconds"]?.doubleValue ?? 100)
        do {
            try await Task.sleep(for: .milliseconds(milliseconds))
        } catch {
            throw ActionFailure(message: "cancelled", code: "cancelled", retryable: false)
        }
        return .completed(["slept": .integer(Int64(milliseconds))])
    }
}
