import Foundation
import Model

/// Execution states (DESIGN.md §3).
public enum ExecutionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case queued = "Queued", running = "Running", waiting = "Waiting", succeeded = "Succeeded", failed = "Failed"
    case cancelled = "Cancelled", timedOut = "TimedOut"

    /// Whether the execution can change no more.
    public var isTerminal: Bool { self == .succeeded || self == .failed || self == .cancelled || self == .timedOut }
}

/// Step states (DESIGN.md §3).
public enum StepStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending = "Pending", running = "Running", waiting = "Waiting", succeeded = "Succeeded", failed = "Failed"
    case skipped = "Skipped", cancelled = "Cancelled", timedOut = "TimedOut"

    /// Whether the step can change no more.
    public var isTerminal: Bool {
        self == .succeeded || self == .failed || self == .skipped || self == .cancelled || self == .timedOut
    }
}

/// Why something failed, as users see it.
public struct FailureInfo: Sendable, Hashable, Codable {
    /// What went wrong.
    public var message: String
    /// A machine-readable code (`timeout`, `http_status`, `interrupted`, …).
    public var code: String?
    /// The step it happened in, for execution-level errors.
    public var stepId: String?

    /// Creates failure information.
    public init(message: String, code: String? = nil, stepId: String? = nil) {
        self.message = message
        self.code = code
        self.stepId = stepId
    }
}

/// One run of a workflow, pinned to a definition version.
public struct ExecutionRecord: Sendable, Hashable, Codable {
    public var id: String
    public var workflowId: String
    /// The definition version it runs (`DefinitionVersionRecord.id`); never changes.
    public var versionId: String
    public var status: ExecutionStatus
    public var trigger: JSONValue
    public var vars: JSONValue
    /// The Configuration whose trigger and vars were merged in, if any.
    public var configuration: String?
    /// Set for sub-workflow executions.
    public var parentExecutionId: String?
    public var parentStepId: String?
    /// The value of `spec.concurrency.key`, when the workflow limits concurrency.
    public var concurrencyKey: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var outputs: JSONValue?
    public var error: FailureInfo?

    /// Creates an execution record.
    public init(
        id: String, workflowId: String, versionId: String, status: ExecutionStatus = .queued,
        trigger: JSONValue = .object([:]), vars: JSONValue = .object([:]), configuration: String? = nil,
        parentExecutionId: String? = nil, parentStepId: String? = nil, concurrencyKey: String? = nil,
        createdAt: Date, startedAt: Date? = nil, finishedAt: Date? = nil, outputs: JSONValue? = nil,
        error: FailureInfo? = nil
    ) {
        self.id = id
        self.workflowId = workflowId
        self.versionId = versionId
        self.status = status
        self.trigger = trigger
        self.vars = vars
        self.configuration = configuration
        self.parentExecutionId = parentExecutionId
        self.parentStepId = parentStepId
        self.concurrencyKey = concurrencyKey
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outputs = outputs
        self.error = error
    }
}

/// The state of one step (or one `foreach` item) of an execution.
public struct StepRunRecord: Sendable, Hashable, Codable {
    public var executionId: String
    public var stepId: String
    /// -1 for the step itself; 0… for the items of a `foreach` step.
    public var itemIndex: Int
    public var action: String
    public var status: StepStatus
    /// Attempts started so far.
    public var attempts: Int
    /// For a `foreach` step: how many items it has.
    public var itemCount: Int?
    /// For a `foreach` item: the item value.
    public var item: JSONValue?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var output: JSONValue?
    public var error: FailureInfo?

    /// Creates a step run record.
    public init(
        executionId: String, stepId: String, itemIndex: Int = -1, action: String, status: StepStatus = .pending,
        attempts: Int = 0, itemCount: Int? = nil, item: JSONValue? = nil, startedAt: Date? = nil,
        finishedAt: Date? = nil, output: JSONValue? = nil, error: FailureInfo? = nil
    ) {
        self.executionId = executionId
        self.stepId = stepId
        self.itemIndex = itemIndex
        self.action = action
        self.status = status
        self.attempts = attempts
        self.itemCount = itemCount
        self.item = item
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.output = output
        self.error = error
    }
}

/// One attempt of a step (or item): retries add attempts.
public struct AttemptRecord: Sendable, Hashable, Codable {
    public var executionId: String
    public var stepId: String
    public var itemIndex: Int
    /// 1-based.
    public var number: Int
    public var status: StepStatus
    public var startedAt: Date
    public var finishedAt: Date?
    public var output: JSONValue?
    public var error: FailureInfo?

    /// Creates an attempt record.
    public init(
        executionId: String, stepId: String, itemIndex: Int = -1, number: Int, status: StepStatus = .running,
        startedAt: Date, finishedAt: Date? = nil, output: JSONValue? = nil, error: FailureInfo? = nil
    ) {
        self.executionId = executionId
        self.stepId = stepId
        self.itemIndex = itemIndex
        self.number = number
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.output = output
        self.error = error
    }
}
