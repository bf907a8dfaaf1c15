import Foundation
import Model
import Store

/// A state change the engine committed, for live progress (`sovereign run`) and logs.
public struct EngineEvent: Sendable, Hashable {
    /// The execution.
    public var executionId: String
    /// The step, or nil for an execution-level change.
    public var stepId: String?
    /// The `foreach` item, or -1.
    public var itemIndex: Int
    /// The new state (`Running`, `Succeeded`, …).
    public var status: String
    /// The attempt, for step events.
    public var attempt: Int?
    /// When it happened.
    public var at: Date
    /// For failures: why.
    public var message: String?
}

/// What to start.
public struct StartRequest: Sendable, Hashable {
    public var workflowId: String
    public var trigger: JSONValue
    public var vars: JSONValue
    /// A Configuration to merge under `trigger` and `vars`.
    public var configuration: String?
    /// `Idempotency-Key` and the hash of the request body it came with.
    public var idempotencyKey: String?
    public var requestHash: String?
    /// The schedule tick that starts it: recorded with the execution, in the same transaction.
    public var scheduleFire: ScheduleFire?

    /// Creates a request.
    public init(
        workflowId: String, trigger: JSONValue = .object([:]), vars: JSONValue = .object([:]),
        configuration: String? = nil, idempotencyKey: String? = nil, requestHash: String? = nil, scheduleFire: ScheduleFire? = nil
    ) {
        self.scheduleFire = scheduleFire
        self.workflowId = workflowId
        self.trigger = trigger
        self.vars = vars
        self.configuration = configuration
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
    }
}

/// Errors the engine's operations report to callers (the API maps them to problem documents).
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No such workflow, execution, approval or configuration.
    case notFound(String)
    /// The request conflicts with the current state (cancel a finished execution, decide twice).
    case conflict(String)
    /// The request is invalid (trigger does not match `inputs`, bad configuration).
    case invalid(String, details: [String])
    /// The same `Idempotency-Key` came with another body.
    case idempotencyMismatch(String)
    /// The store failed; the message is for logs, not for clients.
    case unavailable(String)
    /// The engine is shutting down.
    case stopping

    public var description: String {
        switch self {
        case .notFound(let message), .conflict(let message), .idempotencyMismatch(let message),
            .unavailable(let message):
            message
        case .invalid(let message, let details): ([message] + details).joined(separator: "; ")
        case .stopping: "the engine is shutting down"
        }
    }
}

/// A decision on a Human Gate.
public enum ApprovalDecision: String, Sendable, Hashable {
    case approve, reject
}

/// Work the engine's loop handles in a batch.
enum Work {
    case task(TaskRecord)
    /// With `bulk`: commit it `Queued` first and begin it in a later batch (bulk starts).
    case start(StartRequest, parent: ParentLink?, reply: Reply<ExecutionRecord>?, bulk: BulkStart? = nil)
    case actionFinished(executionId: String, key: RunKey, attempt: Int, result: Result<ActionOutcome, ActionFailure>)
    case cancel(executionId: String, reason: String, reply: Reply<ExecutionRecord>?)
    case decide(approvalId: String, decision: ApprovalDecision, by: String, comment: String?, reply: Reply<ApprovalRecord>?)
}

/// A follower of `Engine.events(where:)`: its stream and which events it wants.
struct Subscriber {
    var continuation: AsyncStream<EngineEvent>.Continuation
    var includes: @Sendable (EngineEvent) -> Bool
}

/// A start of `Engine.start(_:notBefore:)`: committed `Queued` first, then begun by a later batch.
struct BulkStart: Equatable {
    /// Its batch commits no earlier than this, and its records are dated then.
    var notBefore: Date?
}

/// Which parent step started a child execution.
struct ParentLink: Hashable {
    var executionId: String
    var stepId: String
    var itemIndex: Int
}

/// A caller waiting for the commit of its request.
final class Reply<Value: Sendable>: @unchecked Sendable {
    // Answered exactly once, by the engine actor only.
    private var deliver: ((Result<Value, EngineError>) -> Void)?

    init(_ continuation: CheckedContinuation<Value, any Error>) {
        deliver = { result in continuation.resume(with: result.mapError { $0 }) }
    }

    /// A reply that hands the answer to `deliver` (one request of a bulk start).
    init(_ deliver: @escaping (Result<Value, EngineError>) -> Void) { self.deliver = deliver }

    func succeed(_ value: Value) {
        deliver?(.success(value))
        deliver = nil
    }

    func fail(_ error: EngineError) {
        deliver?(.failure(error))
        deliver = nil
    }
}

/// When the batch the engine is answering was committed (answers may follow a moment later).
final class CommitTime: @unchecked Sendable {
    // Set and read by the engine actor only.
    var value: Date?
}

/// The callers of a bulk start, answered together once every request has its answer.
final class BulkReply<Value: Sendable>: @unchecked Sendable {
    // Set by the engine actor only.
    private var results: [BulkOutcome<Value>?]
    private var remaining: Int
    private var continuation: CheckedContinuation<[BulkOutcome<Value>], Never>?
    private let commitTime: CommitTime

    init(count: Int, commitTime: CommitTime, _ continuation: CheckedContinuation<[BulkOutcome<Value>], Never>) {
        results = Array(repeating: nil, count: count)
        remaining = count
        self.commitTime = commitTime
        self.continuation = continuation
    }

    func set(_ index: Int, _ result: Result<Value, EngineError>) {
        guard results[index] == nil else { return }
        results[index] = BulkOutcome(result: result, answeredAt: commitTime.value ?? Date())
        remaining -= 1
        if remaining == 0 {
            continuation?.resume(returning: results.map { $0! })
            continuation = nil
        }
    }
}

/// One answer of a bulk call, and when: for a start, the instant its execution was committed (the
/// rest of the bulk may take longer).
public struct BulkOutcome<Value: Sendable>: Sendable {
    public var result: Result<Value, EngineError>
    public var answeredAt: Date
}
