import Connectors
import Engine
import Foundation
import Loader
import Model
import Store
import StoreSQLite

// Engine benchmarks, run by bench/run in a release build. Prints one line per measure:
// `name|value|unit|target|met`. Timing lives here, never in the test suite.

/// An external action that does nothing: measures the engine's own cost of an external step
/// (two commits: attempt Running, then its result).
struct NothingAction: ActionHandler {
    let name = "bench.nothing"
    let mode = ActionExecutionMode.external
    func run(_ invocation: ActionInvocation) async throws(ActionFailure) -> ActionOutcome { .completed(.object([:])) }
}

func workflow(_ yaml: String) -> Workflow {
    let file = Loader.load(bytes: Array(yaml.utf8), path: "bench.yaml")
    guard case .workflow(let workflow)? = file.documents.first?.resource else { fatalError("bad benchmark YAML: \(file.diagnostics)") }
    return workflow
}

func sequential(_ action: String) -> Workflow {
    var steps = "    - {id: s0, action: \(action), with: {value: \"${ .trigger.n }\"}}\n"
    for index in 1..<10 {
        steps += "    - {id: s\(index), action: \(action), needs: [s\(index - 1)], with: {value: \"${ .steps.s\(index - 1).output.value + 1 }\"}}\n"
    }
    let name = action == "core.set" ? "sequential" : "sequential-external"
    return workflow("apiVersion: sovereign/v1\nkind: Workflow\nmetadata: {name: \(name)}\nspec:\n  steps:\n" + steps)
}

let threeSteps = workflow(
    """
    apiVersion: sovereign/v1
    kind: Workflow
    metadata: {name: three}
    spec:
      steps:
        - {id: a, action: core.set, with: {n: "${ .trigger.n }"}}
        - {id: b, action: core.set, needs: [a], with: {double: "${ .steps.a.output.n * 2 }"}}
        - {id: c, action: core.log, needs: [b], with: {message: "n=${ .steps.b.output.double }"}}
    """)

let waiting = workflow(
    """
    apiVersion: sovereign/v1
    kind: Workflow
    metadata: {name: waiting}
    spec:
      steps:
        - {id: nap, action: core.wait, with: {duration: 1h}}
        - {id: after, action: core.noop, needs: [nap]}
    """)

func report(_ name: String, _ value: Double, _ unit: String, target: String, met: Bool, format: String = "%.3f", value text: String? = nil) {
    print("\(name)|\(text ?? String(format: format, value))|\(unit)|\(target)|\(met ? "met" : "MISSED")")
    fflush(nil)
}

func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    return (Double(line.split(separator: " ")[1]) ?? 0) / 1024
}

func freshEngine(_ folder: URL, name: String) throws -> (Engine, SQLiteStore, Task<Void, Never>) {
    let store = try SQLiteStore(path: folder.appendingPathComponent("\(name).sqlite").path)
    let engine = Engine(store: store, actions: CoreActions.all() + [NothingAction()])
    return (engine, store, Task { await engine.run() })
}

// Each measure runs in its own process (`EngineBenchmark steps|throughput|memory|sync|schedules`), so peak
// memory belongs to one measure only.
let selected = CommandLine.arguments.dropFirst().first ?? "all"
func wanted(_ name: String) -> Bool { selected == "all" || selected == name }

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

// 1. Per-step overhead: 10 sequential steps, one execution at a time, durable on SQLite.
if wanted("steps") {
    let (engine, _, loop) = try freshEngine(folder, name: "sequential")
    for definition in [sequential("core.set"), sequential("bench.nothing")] { try await engine.publish(definition) }
    for (workflowId, label) in [("sequential", "core.set"), ("sequential-external", "external action")] {
        var perStep: [Double] = []
        for round in 0..<300 {
            let clock = ContinuousClock()
            let start = clock.now
            let record = try await engine.start(StartRequest(workflowId: workflowId, trigger: ["n": .integer(Int64(round))]))
            let detail = try await engine.waitUntilFinished(executionId: record.id)
            let elapsed = clock.now - start
            precondition(detail.execution.status == .succeeded)
            if round >= 20 { perStep.append(Double(elapsed.components.attoseconds) / 1e15 / 10 + Double(elapsed.components.seconds) * 100) }
        }
        perStep.sort()
        let median = perStep[perStep.count / 2]
        if label == "core.set" {
            report("per-step overhead, 10 sequential core.set steps (median)", median, "ms", target: "≤ 0.5 ms", met: median <= 0.5)
        } else {
            report("per-step overhead, 10 sequential external steps (median)", median, "ms", target: "-", met: true)
        }
    }
    await engine.shutdown()
    await loop.value
}

// 2. Throughput: 10,000 executions of a 3-step workflow in one process.
if wanted("throughput") {
    let (engine, store, loop) = try freshEngine(folder, name: "throughput")
    try await engine.publish(threeSteps)
    let count = 10_000
    let clock = ContinuousClock()
    let start = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for number in 0..<count {
            group.addTask { _ = try await engine.start(StartRequest(workflowId: "three", trigger: ["n": .integer(Int64(number))])) }
        }
        try await group.waitForAll()
    }
    while try await store.countExecutions(workflowId: "three", concurrencyKey: nil, statuses: [.succeeded]) < count {
        try await Task.sleep(for: .milliseconds(5))
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(count) / seconds
    report("executions per second, 10,000 × 3-step workflow", rate, "exec/s", target: "≥ 2,000", met: rate >= 2_000)
    await engine.shutdown()
    await loop.value
}

// 4. Git sync, in process (EngineBenchmark sync).
if selected == "sync" {
    try await SyncBenchmark.run(count: 1_000, folder: folder)
}

// 5. Schedules (issue 6): 10,000 schedules firing every minute (EngineBenchmark schedules [minutes]).
if selected == "schedules" {
    let environment = ProcessInfo.processInfo.environment
    let minutes = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? environment["SCHEDULE_BENCH_MINUTES"].flatMap { Int($0) } ?? 2
    let history = environment["SCHEDULE_BENCH_HISTORY"].flatMap { Int($0) } ?? 120
    try await ScheduleBenchmark.run(
        folder: folder, minutes: minutes, history: history, spread: environment["SCHEDULE_BENCH_SPREAD"] != "0")
}

// 3. Memory: 10,000 executions waiting in core.wait.
if wanted("memory") {
    let (engine, store, loop) = try freshEngine(folder, name: "waiting")
    try await engine.publish(waiting)
    let count = 10_000
    try await withThrowingTaskGroup(of: Void.self) { group in
        for number in 0..<count {
            group.addTask { _ = try await engine.start(StartRequest(workflowId: "waiting", trigger: ["n": .integer(Int64(number))])) }
        }
        try await group.waitForAll()
    }
    while try await store.countExecutions(workflowId: "waiting", concurrencyKey: nil, statuses: [.waiting]) < count {
        try await Task.sleep(for: .milliseconds(20))
    }
    let peak = peakResidentMegabytes()
    report("peak memory, 10,000 executions waiting in core.wait", peak, "MB", target: "≤ 200 MB", met: peak <= 200)
    await engine.shutdown()
    await loop.value
}
