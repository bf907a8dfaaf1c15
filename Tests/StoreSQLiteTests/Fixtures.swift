import Foundation
import Model
import Store

/// Records for the conformance suite. Dates are whole milliseconds (stores keep milliseconds).
enum Fixture {
    /// 2023-11-14T22:13:20.123Z.
    static let base = Date(timeIntervalSince1970: 1_700_000_000.123)

    /// `base` plus `milliseconds`.
    static func at(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(1_700_000_000_123 + milliseconds) / 1_000)
    }

    static let nested: JSONValue = [
        "text": "ünïcødé 🌍 \"quoted\" \\ \n\t", "integer": 9_007_199_254_740_993, "number": 2.5, "negative": -0.125,
        "flag": true, "nothing": .null, "empty": [:], "list": [],
        "deep": ["a": [1, "two", [3.75, ["four": [false]]]], "b": ["c": ["d": ["e": "f"]]]],
    ]

    static func execution(
        _ id: String, workflowId: String = "wf", status: ExecutionStatus = .queued, at milliseconds: Int64 = 0,
        concurrencyKey: String? = nil, parent: String? = nil
    ) -> ExecutionRecord {
        ExecutionRecord(
            id: id, workflowId: workflowId, versionId: "local:hash", status: status, parentExecutionId: parent,
            parentStepId: parent == nil ? nil : "call", concurrencyKey: concurrencyKey, createdAt: at(milliseconds))
    }

    static let fullExecution = ExecutionRecord(
        id: "exec-full", workflowId: "deploy", versionId: "abc123:def456", status: .failed, trigger: nested,
        vars: ["region": "eu-west-1", "replicas": 3], configuration: "production", parentExecutionId: "exec-parent",
        parentStepId: "spawn", concurrencyKey: "customer-42", createdAt: base, startedAt: at(1_500),
        finishedAt: at(86_400_000), outputs: ["result": nested],
        error: FailureInfo(message: "boom: ✗", code: "http_status", stepId: "call-api"))

    static let minimalExecution = ExecutionRecord(
        id: "exec-minimal", workflowId: "deploy", versionId: "v", trigger: .null, vars: [:], createdAt: at(-1))

    static let fullStepRun = StepRunRecord(
        executionId: "exec-full", stepId: "fan-out", itemIndex: 3, action: "http.request", status: .timedOut,
        attempts: 2, itemCount: 10, item: nested, startedAt: at(10), finishedAt: at(20), output: ["status": 504],
        error: FailureInfo(message: "timed out", code: "timeout"))

    static let minimalStepRun = StepRunRecord(executionId: "exec-full", stepId: "log", action: "core.log")

    static let fullAttempt = AttemptRecord(
        executionId: "exec-full", stepId: "fan-out", itemIndex: 3, number: 2, status: .failed, startedAt: at(11),
        finishedAt: at(19), output: nested, error: FailureInfo(message: "refused", code: nil, stepId: "fan-out"))

    static let minimalAttempt = AttemptRecord(executionId: "exec-full", stepId: "log", number: 1, startedAt: at(5))

    static func task(
        _ executionId: String = "exec-full", kind: TaskKind = .advance, due milliseconds: Int64 = 0
    ) -> TaskRecord {
        TaskRecord(executionId: executionId, kind: kind, dueAt: at(milliseconds))
    }

    static let fullTask = TaskRecord(
        executionId: "exec-full", kind: .retry, stepId: "fan-out", itemIndex: 3, attempt: 2, dueAt: at(30_000))

    static func approval(_ id: String, status: ApprovalStatus = .pending, at milliseconds: Int64 = 0) -> ApprovalRecord {
        ApprovalRecord(id: id, executionId: "exec-full", stepId: "gate", status: status, title: "Approve \(id)",
                       createdAt: at(milliseconds))
    }

    static let fullApproval = ApprovalRecord(
        id: "approval-full", executionId: "exec-full", stepId: "gate", itemIndex: 1, status: .approved,
        title: "Ship it? 🚀", description: "Release 1.2.3 to production", approvers: ["users": ["ana", "bo"], "groups": []],
        createdAt: at(100), timeoutAt: at(3_600_100), onTimeout: "fail", decidedBy: "ana", decidedAt: at(200),
        comment: "LGTM")

    static let workflow = Workflow(
        metadata: Metadata(name: "deploy", title: "Deploy", description: "Ships", labels: ["team": "ops"]),
        inputs: ["type": "object", "required": ["customer_id"]], vars: ["region": "eu", "ratio": 0.5],
        timeout: TimeSpan(milliseconds: 3_600_000), concurrency: WorkflowConcurrency(limit: 2, key: "${ .trigger.id }"),
        steps: [
            Step(id: "call", name: "Call", action: "http.request", with: ["url": "https://example.com", "body": nested],
                 retry: RetryPolicy(maxAttempts: 3, initialInterval: TimeSpan(milliseconds: 500), multiplier: 1.5),
                 timeout: TimeSpan(milliseconds: 30_000), foreach: [1, 2, 3], concurrency: 2),
            Step(id: "log", action: "core.log", needs: ["call"], condition: "${ true }", continueOnError: true),
        ],
        outputs: ["status": "${ .steps.call.output.status }"])

    static func version(
        _ id: String, workflowId: String = "deploy", at milliseconds: Int64 = 0, workflow: Workflow = Fixture.workflow
    ) -> DefinitionVersionRecord {
        DefinitionVersionRecord(
            id: id, workflowId: workflowId, contentHash: "sha256:\(id)", commit: "c0ffee", path: "workflows/deploy.yaml",
            definition: workflow, createdAt: at(milliseconds))
    }

    static func idempotency(_ key: String, workflowId: String = "deploy", at milliseconds: Int64 = 0) -> IdempotencyRecord {
        IdempotencyRecord(key: key, workflowId: workflowId, requestHash: "hash-\(key)", executionId: "exec-\(key)",
                          createdAt: at(milliseconds))
    }
}
