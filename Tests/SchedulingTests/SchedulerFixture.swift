import Connectors
import Engine
import Foundation
import Loader
import Model
import Scheduling
import Store
import StoreSQLite
import Testing

/// A clock the test moves by hand (the scheduler's notion of now).
final class ManualClock: @unchecked Sendable {
    // Guarded by `lock`.
    private var current: Date
    private let lock = NSLock()

    init(_ start: Date) { current = start }

    var now: Date { lock.withLock { current } }
    func set(_ date: Date) { lock.withLock { current = date } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
    var engineClock: EngineClock { EngineClock { [self] in now } }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

/// A real engine and a scheduler on one real SQLite file; the scheduler runs on a manual clock
/// and fires only when the test calls `runDue()`.
final class SchedulerFixture: @unchecked Sendable {
    // Mutated only from the test's own task.
    let folder: URL
    let store: SQLiteStore
    let clock: ManualClock
    private(set) var engine: Engine
    private(set) var scheduler: Scheduler
    private var loop: Task<Void, Never>?
    private var schedulerLoop: Task<Void, Never>?
    private(set) var schedules: [ScheduledDefinition] = []
    let settings: SchedulerSettings

    /// Publishes the workflows and configurations of `yaml` and applies its schedules.
    init(_ yaml: String, at start: Date, settings: SchedulerSettings = SchedulerSettings()) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-scheduler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path)
        clock = ManualClock(start)
        self.settings = settings
        engine = Engine(store: store, actions: CoreActions.all())
        scheduler = Scheduler(engine: engine, store: store, clock: clock.engineClock, settings: settings)
        try await boot(yaml)
    }

    private func boot(_ yaml: String) async throws {
        let file = Loader.load(bytes: Array(yaml.utf8), path: "schedules.yaml")
        let errors = file.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw FixtureError(description: "fixture YAML has errors: \(errors)") }
        schedules = []
        for document in file.documents {
            switch document.resource {
            case .workflow(let workflow)?: try await engine.publish(workflow)
            case .configuration(let configuration)?: await engine.publish(configuration)
            case .schedule(let schedule)?: schedules.append(ScheduledDefinition(schedule: schedule, path: "schedules.yaml"))
            case nil: break
            }
        }
        let engine = self.engine
        loop = Task { await engine.run() }
        try await scheduler.load()
        await scheduler.apply(schedules)
        // Ticks fire only when the test calls `runDue()`; execution ends are followed.
        let scheduler = self.scheduler
        schedulerLoop = Task { await scheduler.followEngine() }
    }

    /// Stops scheduler and engine, then starts new ones on the same store at `date`, as after a
    /// restart.
    func restart(at date: Date, yaml: String) async throws {
        await stop()
        clock.set(date)
        engine = Engine(store: store, actions: CoreActions.all())
        scheduler = Scheduler(engine: engine, store: store, clock: clock.engineClock, settings: settings)
        try await boot(yaml)
    }

    func stop() async {
        schedulerLoop?.cancel()
        await engine.shutdown()
        await loop?.value
    }

    /// Every fire recorded for `scheduleId`, oldest first.
    func fires(_ scheduleId: String) async throws -> [ScheduleFireRecord] {
        try await store.scheduleFires(scheduleId: scheduleId, limit: 100_000).reversed()
    }

    /// Waits (a few seconds at most) until `condition` holds.
    func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<400 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw FixtureError(description: "timed out waiting for: \(what)")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

/// `2026-03-29 01:30:00` in `zone` (or UTC).
func date(_ text: String, zone: String = "UTC") -> Date {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: zone)
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    return formatter.date(from: text)!
}

/// A workflow that waits an hour (an execution that keeps running), and one that ends at once.
let workflowsYAML = """
    apiVersion: sovereign/v1
    kind: Workflow
    metadata: {name: hold}
    spec:
      steps: [{id: wait, action: core.wait, with: {duration: 1h}}]
    ---
    apiVersion: sovereign/v1
    kind: Workflow
    metadata: {name: quick}
    spec:
      inputs:
        type: object
        properties: {region: {type: string}, size: {type: integer}}
        additionalProperties: false
      steps: [{id: done, action: core.set, with: {value: "${ .trigger }"}}]
    """

/// `workflowsYAML` plus one schedule document with `spec`.
func scheduleYAML(_ name: String, _ spec: String) -> String {
    workflowsYAML + "\n---\napiVersion: sovereign/v1\nkind: Schedule\nmetadata: {name: \(name)}\nspec: \(spec)\n"
}
