/// A workflow definition (`kind: Workflow`): a DAG of steps.
public struct Workflow: Sendable, Hashable {
    /// Name, title, labels.
    public var metadata: Metadata
    /// JSON Schema (subset) of the execute request's `trigger`; nil accepts any object.
    public var inputs: JSONValue?
    /// Default variables; the request's `vars` override them.
    public var vars: [String: JSONValue]
    /// Limit for the whole execution.
    public var timeout: TimeSpan?
    /// How many executions may run at once (per key).
    public var concurrency: WorkflowConcurrency?
    /// The steps, in file order.
    public var steps: [Step]
    /// Values computed when the execution succeeds; strings may hold `${ … }`.
    public var outputs: [String: JSONValue]

    /// Creates a workflow.
    public init(
        metadata: Metadata, inputs: JSONValue? = nil, vars: [String: JSONValue] = [:], timeout: TimeSpan? = nil,
        concurrency: WorkflowConcurrency? = nil, steps: [Step], outputs: [String: JSONValue] = [:]
    ) {
        self.metadata = metadata
        self.inputs = inputs
        self.vars = vars
        self.timeout = timeout
        self.concurrency = concurrency
        self.steps = steps
        self.outputs = outputs
    }
}

/// `spec.concurrency` of a workflow.
public struct WorkflowConcurrency: Sendable, Hashable {
    /// How many executions may run at once; further ones queue.
    public var limit: Int
    /// An expression whose value groups executions; the limit applies per group.
    public var key: String?

    /// Creates a concurrency setting.
    public init(limit: Int, key: String? = nil) {
        self.limit = limit
        self.key = key
    }
}

/// One node of the workflow DAG.
public struct Step: Sendable, Hashable {
    /// Unique within the workflow.
    public var id: String
    /// Optional display name.
    public var name: String?
    /// The action to run, from the action catalog (`http.request`, `core.log`, …).
    public var action: String
    /// The action's inputs; strings may hold `${ … }`.
    public var with: [String: JSONValue]
    /// Steps that must finish first.
    public var needs: [String]
    /// A `${ … }` condition; the step is skipped when it is false.
    public var condition: String?
    /// Retry policy for failed attempts.
    public var retry: RetryPolicy?
    /// Limit for one attempt.
    public var timeout: TimeSpan?
    /// A credential connection the step uses.
    public var connection: String?
    /// Runs the step once per item: a `${ … }` expression or a literal array.
    public var foreach: JSONValue?
    /// How many `foreach` items run at once.
    public var concurrency: Int?
    /// When true, a failure of this step does not fail the execution.
    public var continueOnError: Bool

    /// Creates a step.
    public init(
        id: String, name: String? = nil, action: String, with: [String: JSONValue] = [:], needs: [String] = [],
        condition: String? = nil, retry: RetryPolicy? = nil, timeout: TimeSpan? = nil, connection: String? = nil,
        foreach: JSONValue? = nil, concurrency: Int? = nil, continueOnError: Bool = false
    ) {
        self.id = id
        self.name = name
        self.action = action
        self.with = with
        self.needs = needs
        self.condition = condition
        self.retry = retry
        self.timeout = timeout
        self.connection = connection
        self.foreach = foreach
        self.concurrency = concurrency
        self.continueOnError = continueOnError
    }
}

/// `retry` of a step.
public struct RetryPolicy: Sendable, Hashable {
    /// Fixed or exponential backoff.
    public enum Backoff: String, Sendable, Hashable, CaseIterable {
        case fixed
        case exponential
    }

    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// How the interval grows.
    public var backoff: Backoff
    /// Wait before the second attempt.
    public var initialInterval: TimeSpan
    /// Upper bound of the wait.
    public var maxInterval: TimeSpan?
    /// Growth factor of exponential backoff.
    public var multiplier: Double
    /// Randomises each wait by up to ±20 % so retries do not stampede.
    public var jitter: Bool

    /// Creates a retry policy.
    public init(
        maxAttempts: Int, backoff: Backoff = .exponential, initialInterval: TimeSpan = TimeSpan(milliseconds: 1_000),
        maxInterval: TimeSpan? = nil, multiplier: Double = 2, jitter: Bool = true
    ) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.initialInterval = initialInterval
        self.maxInterval = maxInterval
        self.multiplier = multiplier
        self.jitter = jitter
    }
}

// Stored as JSON by the engine's store.
extension Workflow: Codable {}
extension WorkflowConcurrency: Codable {}
extension Step: Codable {}
extension RetryPolicy: Codable {}
extension RetryPolicy.Backoff: Codable {}
