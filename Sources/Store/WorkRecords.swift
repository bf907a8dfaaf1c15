import Foundation
import Model

/// What a durable task asks the engine to do.
public enum TaskKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Look at an execution and start whatever can start.
    case advance
    /// Run one attempt of an action that has effects outside the engine (its attempt row is
    /// already recorded as Running).
    case runAction
    /// A retry backoff has passed: start the next attempt.
    case retry
    /// `core.wait` is over.
    case wakeUp
    /// A step attempt ran out of time.
    case stepTimeout
    /// A Human Gate's timeout has passed.
    case approvalTimeout
    /// The whole execution ran out of time.
    case executionTimeout
}

/// A durable unit of work, due at a time: timers are tasks too.
public struct TaskRecord: Sendable, Hashable, Codable {
    /// Assigned by the store; 0 before insertion.
    public var id: Int64
    public var executionId: String
    public var kind: TaskKind
    public var stepId: String?
    public var itemIndex: Int?
    public var attempt: Int?
    public var dueAt: Date

    /// Creates a task.
    public init(
        id: Int64 = 0, executionId: String, kind: TaskKind, stepId: String? = nil, itemIndex: Int? = nil,
        attempt: Int? = nil, dueAt: Date
    ) {
        self.id = id
        self.executionId = executionId
        self.kind = kind
        self.stepId = stepId
        self.itemIndex = itemIndex
        self.attempt = attempt
        self.dueAt = dueAt
    }
}

/// Decision states of a Human Gate.
public enum ApprovalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending = "Pending", approved = "Approved", rejected = "Rejected", timedOut = "TimedOut"
    case cancelled = "Cancelled"
}

/// A Human Gate waiting for (or given) a decision.
public struct ApprovalRecord: Sendable, Hashable, Codable {
    public var id: String
    public var executionId: String
    public var stepId: String
    public var itemIndex: Int
    public var status: ApprovalStatus
    public var title: String
    public var description: String?
    /// `{users: […], groups: […]}` as written in the step.
    public var approvers: JSONValue
    public var createdAt: Date
    public var timeoutAt: Date?
    /// `reject`, `approve` or `fail`.
    public var onTimeout: String
    public var decidedBy: String?
    public var decidedAt: Date?
    public var comment: String?

    /// Creates an approval record.
    public init(
        id: String, executionId: String, stepId: String, itemIndex: Int = -1, status: ApprovalStatus = .pending,
        title: String, description: String? = nil, approvers: JSONValue = .object([:]), createdAt: Date,
        timeoutAt: Date? = nil, onTimeout: String = "reject", decidedBy: String? = nil, decidedAt: Date? = nil,
        comment: String? = nil
    ) {
        self.id = id
        self.executionId = executionId
        self.stepId = stepId
        self.itemIndex = itemIndex
        self.status = status
        self.title = title
        self.description = description
        self.approvers = approvers
        self.createdAt = createdAt
        self.timeoutAt = timeoutAt
        self.onTimeout = onTimeout
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.comment = comment
    }
}

/// A published version of a workflow definition. Executions are pinned to one.
public struct DefinitionVersionRecord: Sendable, Hashable, Codable {
    /// `<commit or "local">:<content hash>`.
    public var id: String
    public var workflowId: String
    /// SHA-256 of the definition's canonical JSON.
    public var contentHash: String
    public var commit: String?
    /// The file it came from.
    public var path: String?
    public var definition: Workflow
    public var createdAt: Date

    /// Creates a definition version record.
    public init(
        id: String, workflowId: String, contentHash: String, commit: String? = nil, path: String? = nil,
        definition: Workflow, createdAt: Date
    ) {
        self.id = id
        self.workflowId = workflowId
        self.contentHash = contentHash
        self.commit = commit
        self.path = path
        self.definition = definition
        self.createdAt = createdAt
    }
}

/// An `Idempotency-Key` seen on an execute request.
public struct IdempotencyRecord: Sendable, Hashable, Codable {
    public var key: String
    public var workflowId: String
    /// SHA-256 of the request body, to tell "same request again" from "same key, other body".
    public var requestHash: String
    public var executionId: String
    public var createdAt: Date

    /// Creates an idempotency record.
    public init(key: String, workflowId: String, requestHash: String, executionId: String, createdAt: Date) {
        self.key = key
        self.workflowId = workflowId
        self.requestHash = requestHash
        self.executionId = executionId
        self.createdAt = createdAt
    }
}
