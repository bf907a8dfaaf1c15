import Foundation
import Model
import Store

/// Identifies one step run: a step, or one item of a `foreach` step.
struct RunKey: Hashable, Sendable {
    var stepId: String
    var itemIndex: Int

    /// The step itself (not an item).
    static func step(_ id: String) -> RunKey { RunKey(stepId: id, itemIndex: -1) }
}

/// An execution held in memory while the engine works on it; every change is tracked so that
/// only changed rows are written, all in one store transaction.
struct ExecutionState {
    var record: ExecutionRecord
    private(set) var runs: [RunKey: StepRunRecord]
    private(set) var attempts: [RunKey: [AttemptRecord]]
    private var recordChanged = false
    private var changedRuns: Set<RunKey> = []
    private var changedAttempts: Set<AttemptKey> = []
    private var isNew = false

    private struct AttemptKey: Hashable {
        var run: RunKey
        var number: Int
    }

    init(detail: ExecutionDetail) {
        record = detail.execution
        runs = Dictionary(uniqueKeysWithValues: detail.steps.map { (RunKey(stepId: $0.stepId, itemIndex: $0.itemIndex), $0) })
        var attempts: [RunKey: [AttemptRecord]] = [:]
        for attempt in detail.attempts {
            attempts[RunKey(stepId: attempt.stepId, itemIndex: attempt.itemIndex), default: []].append(attempt)
        }
        for key in attempts.keys { attempts[key]!.sort { $0.number < $1.number } }
        self.attempts = attempts
    }

    /// A brand-new execution: its row is inserted rather than updated.
    init(newRecord: ExecutionRecord) {
        record = newRecord
        runs = [:]
        attempts = [:]
        isNew = true
    }

    var id: String { record.id }

    func run(_ key: RunKey) -> StepRunRecord? { runs[key] }

    func items(of stepId: String) -> [StepRunRecord] {
        guard let count = runs[.step(stepId)]?.itemCount else { return [] }
        return (0..<count).compactMap { runs[RunKey(stepId: stepId, itemIndex: $0)] }
    }

    func lastAttempt(_ key: RunKey) -> AttemptRecord? { attempts[key]?.last }

    func attemptList(_ key: RunKey) -> [AttemptRecord] { attempts[key] ?? [] }

    mutating func updateRecord(_ change: (inout ExecutionRecord) -> Void) {
        change(&record)
        recordChanged = true
    }

    mutating func putRun(_ run: StepRunRecord) {
        let key = RunKey(stepId: run.stepId, itemIndex: run.itemIndex)
        runs[key] = run
        changedRuns.insert(key)
    }

    mutating func updateRun(_ key: RunKey, _ change: (inout StepRunRecord) -> Void) {
        guard var run = runs[key] else { return }
        change(&run)
        putRun(run)
    }

    mutating func putAttempt(_ attempt: AttemptRecord) {
        let key = RunKey(stepId: attempt.stepId, itemIndex: attempt.itemIndex)
        var list = attempts[key] ?? []
        if let index = list.firstIndex(where: { $0.number == attempt.number }) {
            list[index] = attempt
        } else {
            list.append(attempt)
        }
        attempts[key] = list
        changedAttempts.insert(AttemptKey(run: key, number: attempt.number))
    }

    mutating func updateLastAttempt(_ key: RunKey, _ change: (inout AttemptRecord) -> Void) {
        guard var attempt = attempts[key]?.last else { return }
        change(&attempt)
        putAttempt(attempt)
    }

    /// The mutations that write every change since the last call, and forgets them.
    mutating func takeMutations() -> [StoreMutation] {
        var mutations: [StoreMutation] = []
        if isNew {
            mutations.append(.insertExecution(record))
        } else if recordChanged {
            mutations.append(.updateExecution(record))
        }
        isNew = false
        recordChanged = false
        for key in changedRuns.sorted(by: { ($0.stepId, $0.itemIndex) < ($1.stepId, $1.itemIndex) }) {
            if let run = runs[key] { mutations.append(.putStepRun(run)) }
        }
        for key in changedAttempts.sorted(by: { ($0.run.stepId, $0.run.itemIndex, $0.number) < ($1.run.stepId, $1.run.itemIndex, $1.number) }) {
            if let attempt = attempts[key.run]?.first(where: { $0.number == key.number }) {
                mutations.append(.putAttempt(attempt))
            }
        }
        changedRuns.removeAll()
        changedAttempts.removeAll()
        return mutations
    }

    /// Whether anything changed since the last `takeMutations`.
    var hasChanges: Bool { isNew || recordChanged || !changedRuns.isEmpty || !changedAttempts.isEmpty }

    /// Whether some step or item is Running or Pending (not only waiting).
    var hasActiveRuns: Bool { runs.values.contains { $0.status == .running || $0.status == .pending } }

    /// Runs waiting for a sub-workflow, with the child's execution id.
    func childWaits() -> [(key: RunKey, childId: String)] {
        runs.compactMap { key, run in
            guard run.status == .waiting, run.action == "workflow.run",
                case .string(let childId)? = attempts[key]?.last?.output?["executionId"]
            else { return nil }
            return (key, childId)
        }
    }

    /// As stored: for documents and events.
    var detail: ExecutionDetail {
        ExecutionDetail(
            execution: record,
            steps: runs.values.sorted { ($0.stepId, $0.itemIndex) < ($1.stepId, $1.itemIndex) },
            attempts: attempts.values.flatMap { $0 }.sorted {
                ($0.stepId, $0.itemIndex, $0.number) < ($1.stepId, $1.itemIndex, $1.number)
            })
    }
}
