import Crypto
import Foundation
import Model
import Store

/// The durable execution engine: runs workflow executions as the YAML says, records every
/// transition in the store before acknowledging it, and resumes everything after a crash.
///
/// One actor owns all state changes; its loop takes due tasks and requests in batches and commits
/// each batch in one store transaction. Actions with outside effects run concurrently in tasks of
/// their own and report back to the loop.
public actor Engine {
    let store: any ExecutionStore
    let handlers: [String: any ActionHandler]
    let clock: EngineClock
    let settings: EngineSettings

    /// workflowId → the version new executions use.
    var currentVersions: [String: String] = [:]
    var configurations: [String: Configuration] = [:]
    var compiled: [String: CompiledWorkflow] = [:]
    /// Current versions, compiled into `compiled` when first used.
    var publishedVersions: [String: DefinitionVersionRecord] = [:]
    /// Active executions in memory (dropped when they end).
    var cache: [String: ExecutionState] = [:]
    /// Concurrency slots in use and executions queued for them, per workflow and key.
    var slots: [SlotKey: Int] = [:]
    var queued: [SlotKey: [String]] = [:]
    /// External attempts in flight, so cancellation and timeouts can stop them.
    var inFlight: [AttemptIdentity: Task<Void, Never>] = [:]
    var pending = WorkQueue()
    var executionIdentifiers = ExecutionIdentifiers()
    /// Set while a bulk start's batch is answered: when it was committed.
    let commitTime = CommitTime()
    /// Idempotency keys claimed by this process: "workflow key" → (request hash, execution id).
    /// They bridge the time between a claim and its commit, when the store does not know them yet.
    var claimedKeys: [String: (hash: String, executionId: String)] = [:]
    /// Human Gates waiting for a decision, by approval id.
    var pendingApprovals: [String: ApprovalRecord] = [:]
    /// Sub-workflow executions that parents wait for, as last read.
    var childRecords: [String: ExecutionRecord] = [:]
    var subscribers: [UUID: Subscriber] = [:]
    var finishWaiters: [String: [CheckedContinuation<ExecutionDetail, any Error>]] = [:]
    var wakeUp: CheckedContinuation<Void, Never>?
    var wakeTimer: Task<Void, Never>?
    var started = false
    var stopping = false

    /// Creates an engine over `store` with the given action implementations.
    public init(
        store: any ExecutionStore, actions: [any ActionHandler], clock: EngineClock = .system,
        settings: EngineSettings = EngineSettings()
    ) {
        self.store = store
        self.handlers = Dictionary(actions.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.clock = clock
        self.settings = settings
    }

    // MARK: Definitions

    /// Makes `workflow` the version new executions of it use, storing the version if it is new.
    /// The version id is `<commit or "local">:<SHA-256 of the definition>`.
    @discardableResult
    public func publish(_ workflow: Workflow, commit: String? = nil, path: String? = nil) async throws(EngineError)
        -> DefinitionVersionRecord
    {
        let record = Self.version(of: workflow, commit: commit, path: path, at: clock.now())
        let id = record.id
        do {
            try await store.apply([.putDefinitionVersion(record)])
        } catch {
            throw EngineError.unavailable("could not store the definition: \(error)")
        }
        currentVersions[workflow.metadata.name] = id
        // Kept, so a start (or a sub-workflow step) can compile it without waiting on the store.
        publishedVersions[id] = record
        return record
    }

    /// The version record of `workflow` as published from `commit`: the id is
    /// `<first 12 of the commit, or "local">:<first 16 hex of the content hash>`.
    public static func version(of workflow: Workflow, commit: String?, path: String?, at date: Date) -> DefinitionVersionRecord {
        let hash = contentHash(of: workflow)
        return DefinitionVersionRecord(
            id: "\(commit.map { String($0.prefix(12)) } ?? "local"):\(hash.prefix(16))", workflowId: workflow.metadata.name,
            contentHash: hash, commit: commit, path: path, definition: workflow, createdAt: date.storedPrecision)
    }

    /// Makes exactly these versions and configurations current (the reconciler's published set):
    /// workflows not listed take no new executions; running ones go on with their version.
    public func activate(_ versions: [DefinitionVersionRecord], configurations: [Configuration]) {
        currentVersions = Dictionary(versions.map { ($0.workflowId, $0.id) }, uniquingKeysWith: { _, last in last })
        // Compiling costs ~20 ms a workflow (libjq): done on first use, not for all 1,000 at once.
        for version in versions { publishedVersions[version.id] = version }
        self.configurations = Dictionary(configurations.map { ($0.metadata.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Makes `configuration` available to execute requests and schedules.
    public func publish(_ configuration: Configuration) {
        configurations[configuration.metadata.name] = configuration
    }

    /// SHA-256 of the definition's canonical JSON (sorted keys).
    public static func contentHash(of workflow: Workflow) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(workflow)) ?? Data()
        return Digest.sha256Hex(Array(data))
    }

    /// The version new executions of `workflowId` use, if it is published.
    public func currentVersion(of workflowId: String) -> String? { currentVersions[workflowId] }

    // MARK: Executions

    /// Starts an execution. Returns once it is committed (status `Queued`). With an
    /// `idempotencyKey`, the same key and request return the first execution again; the same key
    /// with another request throws `idempotencyMismatch`.
    public func start(_ request: StartRequest) async throws -> ExecutionRecord {
        guard !stopping else { throw EngineError.stopping }
        switch try await checkIdempotency(request) {
        case .existing(let record):
            return record
        case .new(let request):
            return try await withCheckedThrowingContinuation { continuation in
                enqueue(.start(request, parent: nil, reply: Reply(continuation)))
            }
        }
    }

    /// Starts many executions in one call, each as `start(_:)` starts it (committed, `Queued`,
    /// with its schedule fire, before this returns); they share the engine's batches, so a burst
    /// (10,000 schedules due at one second) costs one request each, not one task and actor hop
    /// each. Returns, in order, each execution (or why it was not created) and when it was committed.
    ///
    /// With `notBefore` (at most a second ahead), nothing is committed before that instant and the
    /// executions are dated then, while the engine prepares them now: a scheduler hands over a
    /// burst just before its tick, and the first commit follows the tick directly.
    public func start(_ requests: [StartRequest], notBefore: Date? = nil) async -> [BulkOutcome<ExecutionRecord>] {
        guard !requests.isEmpty else { return [] }
        // Only requests with an `Idempotency-Key` are checked first (a scheduler pass has none):
        // their answer may already be known, or their request carries its hash.
        var checked: [Int: Result<IdempotencyCheck, EngineError>] = [:]
        for (index, request) in requests.enumerated() where request.idempotencyKey != nil {
            do throws(EngineError) {
                checked[index] = .success(try await checkIdempotency(request))
            } catch {
                checked[index] = .failure(error)
            }
        }
        guard !stopping else { return requests.map { _ in BulkOutcome(result: .failure(.stopping), answeredAt: Date()) } }
        return await withCheckedContinuation { continuation in
            let collector = BulkReply<ExecutionRecord>(count: requests.count, commitTime: commitTime, continuation)
            pending.reserveCapacity(requests.count)
            let bulk = BulkStart(notBefore: notBefore)
            for (index, request) in requests.enumerated() {
                let reply = Reply<ExecutionRecord> { collector.set(index, $0) }
                guard let check = checked[index] else {
                    pending.append(.start(request, parent: nil, reply: reply, bulk: bulk))
                    continue
                }
                switch check {
                case .success(.existing(let record)): reply.succeed(record)
                case .success(.new(let request)): pending.append(.start(request, parent: nil, reply: reply, bulk: bulk))
                case .failure(let error): reply.fail(error)
                }
            }
            signal()
        }
    }

    /// A request to enqueue, or the execution an earlier request with its `Idempotency-Key` made.
    enum IdempotencyCheck {
        case new(StartRequest)
        case existing(ExecutionRecord)
    }

    /// With an `idempotencyKey`: the execution the same key and request made before, or the
    /// request with its hash; `idempotencyMismatch` for the same key with another request.
    private func checkIdempotency(_ request: StartRequest) async throws(EngineError) -> IdempotencyCheck {
        var request = request
        guard let key = request.idempotencyKey else { return .new(request) }
        let hash = request.requestHash ?? Self.requestHash(request)
        request.requestHash = hash
        let stored: IdempotencyRecord?
        do {
            stored = try await store.idempotencyRecord(key: key, workflowId: request.workflowId)
        } catch {
            throw EngineError.unavailable("\(error)")
        }
        if let stored {
            guard stored.requestHash == hash else { throw Self.mismatch(key) }
            if let record = try? await store.execution(id: stored.executionId) { return .existing(record) }
        }
        return .new(request)
    }

    static func mismatch(_ key: String) -> EngineError {
        .idempotencyMismatch("the Idempotency-Key `\(key)` was already used with a different request")
    }

    /// SHA-256 of the request's canonical JSON (sorted keys): equal requests hash equal however
    /// their JSON was spaced.
    static func requestHash(_ request: StartRequest) -> String {
        let canonical: JSONValue = [
            "trigger": request.trigger, "vars": request.vars,
            "configuration": request.configuration.map(JSONValue.string) ?? .null,
        ]
        return Digest.sha256Hex(canonical.jsonText)
    }

    /// Cancels an execution: running attempts are stopped, gates and children cancelled.
    public func cancel(executionId: String, reason: String = "cancelled by request") async throws -> ExecutionRecord {
        guard !stopping else { throw EngineError.stopping }
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(.cancel(executionId: executionId, reason: reason, reply: Reply(continuation)))
        }
    }

    /// Approves or rejects a waiting Human Gate.
    public func decide(
        approvalId: String, _ decision: ApprovalDecision, by actor: String, comment: String? = nil
    ) async throws -> ApprovalRecord {
        guard !stopping else { throw EngineError.stopping }
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(.decide(approvalId: approvalId, decision: decision, by: actor, comment: comment, reply: Reply(continuation)))
        }
    }

    /// Waits until the execution reaches a terminal state and returns everything recorded.
    public func waitUntilFinished(executionId: String) async throws -> ExecutionDetail {
        let detail: ExecutionDetail?
        do {
            detail = try await store.executionDetail(id: executionId)
        } catch {
            throw EngineError.unavailable("\(error)")
        }
        guard let detail else { throw EngineError.notFound("no execution `\(executionId)`") }
        if detail.execution.status.isTerminal { return detail }
        return try await withCheckedThrowingContinuation { continuation in
            finishWaiters[executionId, default: []].append(continuation)
        }
    }

    /// Committed state changes, as they happen; with `includes`, only those it accepts (decided in
    /// the engine, so a burst of 10,000 starts does not wake a follower that waits for ends).
    public func events(where includes: @escaping @Sendable (EngineEvent) -> Bool = { _ in true }) -> AsyncStream<EngineEvent> {
        let (stream, continuation) = AsyncStream<EngineEvent>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let id = UUID()
        subscribers[id] = Subscriber(continuation: continuation, includes: includes)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeSubscriber(id) }
        }
        return stream
    }

    private func removeSubscriber(_ id: UUID) { subscribers[id] = nil }

    func enqueue(_ work: Work) {
        pending.append(work)
        signal()
    }
}

/// A concurrency slot group: one workflow and one key value.
struct SlotKey: Hashable {
    var workflowId: String
    var key: String?
}

/// One attempt of one step run of one execution.
struct AttemptIdentity: Hashable {
    var executionId: String
    var key: RunKey
    var attempt: Int
}
