import Foundation
import Model

/// How the engine runs an action.
public enum ActionExecutionMode: Sendable, Hashable {
    /// No effect outside the engine and instant (`core.set`): run inside the engine's state
    /// transition, committed together with it.
    case inline
    /// Has effects outside the engine (`http.request`): the attempt is recorded as Running and
    /// committed *before* the action starts, so a crash is seen and the attempt retried.
    case external
}

/// What an action needs to run one attempt.
public struct ActionInvocation: Sendable {
    /// The execution.
    public var executionId: String
    /// The workflow.
    public var workflowId: String
    /// The step.
    public var stepId: String
    /// The `foreach` item index, or -1.
    public var itemIndex: Int
    /// 1-based attempt number.
    public var attempt: Int
    /// `with`, with every `${ … }` evaluated.
    public var input: JSONValue
    /// The step's `connection`, if any.
    public var connection: String?
    /// When this attempt must have finished (from the step's `timeout`); the engine also cancels
    /// the task at that time.
    public var deadline: Date?

    /// Creates an invocation.
    public init(
        executionId: String, workflowId: String, stepId: String, itemIndex: Int = -1, attempt: Int = 1,
        input: JSONValue, connection: String? = nil, deadline: Date? = nil
    ) {
        self.executionId = executionId
        self.workflowId = workflowId
        self.stepId = stepId
        self.itemIndex = itemIndex
        self.attempt = attempt
        self.input = input
        self.connection = connection
        self.deadline = deadline
    }
}

/// What an attempt produced, besides plain success.
public enum ActionOutcome: Sendable, Hashable {
    /// Done: this is the step's output.
    case completed(JSONValue)
    /// Park the step until `date` (durable), then complete with `output`.
    case sleep(until: Date, output: JSONValue)
    /// Park the step until a person decides (a Human Gate).
    case awaitApproval(ApprovalRequest)
    /// Start a child execution and park the step until it ends.
    case runChild(ChildRequest)
}

/// A Human Gate's request, from `human.gate`'s `with`.
public struct ApprovalRequest: Sendable, Hashable {
    public var title: String
    public var description: String?
    public var approvers: JSONValue
    public var timeout: TimeSpan?
    /// `reject`, `approve` or `fail`.
    public var onTimeout: String

    /// Creates a request.
    public init(title: String, description: String? = nil, approvers: JSONValue = .object([:]), timeout: TimeSpan? = nil, onTimeout: String = "reject") {
        self.title = title
        self.description = description
        self.approvers = approvers
        self.timeout = timeout
        self.onTimeout = onTimeout
    }
}

/// A sub-workflow to start, from `workflow.run`'s `with`.
public struct ChildRequest: Sendable, Hashable {
    public var workflow: String
    public var configuration: String?
    public var trigger: JSONValue
    public var vars: JSONValue

    /// Creates a request.
    public init(workflow: String, configuration: String? = nil, trigger: JSONValue = .object([:]), vars: JSONValue = .object([:])) {
        self.workflow = workflow
        self.configuration = configuration
        self.trigger = trigger
        self.vars = vars
    }
}

/// Why an attempt failed.
public struct ActionFailure: Error, Sendable, Hashable {
    /// What went wrong, for users. Never includes secrets.
    public var message: String
    /// A machine-readable code: `timeout`, `http_status`, `network`, `blocked`, `invalid_input`, …
    public var code: String
    /// Whether trying again may help; the step's retry policy applies only then.
    public var retryable: Bool
    /// What the attempt produced anyway (for example the response of a failed HTTP request).
    public var output: JSONValue?

    /// Creates a failure.
    public init(message: String, code: String, retryable: Bool, output: JSONValue? = nil) {
        self.message = message
        self.code = code
        self.retryable = retryable
        self.output = output
    }
}

/// An implementation of one catalog action.
public protocol ActionHandler: Sendable {
    /// The catalog name, e.g. `http.request`.
    var name: String { get }
    /// Inline or external (see `ActionExecutionMode`).
    var mode: ActionExecutionMode { get }
    /// Runs one attempt. Throws `ActionFailure`; honours task cancellation (timeouts, cancel).
    func run(_ invocation: ActionInvocation) async throws(ActionFailure) -> ActionOutcome
}
