import Foundation
import Model
import Store

/// The JSON document of an execution, as `sovereign run --format json` prints it and
/// `GET /api/v1/executions/{id}` returns it.
public enum ExecutionDocument {
    /// The execution with its steps in workflow order (steps that never started are `Pending`).
    public static func make(_ detail: ExecutionDetail, workflow: Workflow?) -> JSONValue {
        let record = detail.execution
        var document: [String: JSONValue] = [
            "id": .string(record.id), "workflowId": .string(record.workflowId), "version": .string(record.versionId),
            "status": .string(record.status.rawValue), "trigger": record.trigger, "vars": record.vars,
            "createdAt": timestamp(record.createdAt), "startedAt": timestamp(record.startedAt),
            "finishedAt": timestamp(record.finishedAt), "durationMs": duration(record.startedAt, record.finishedAt),
            "outputs": record.outputs ?? .null, "error": failure(record.error),
        ]
        if let configuration = record.configuration { document["configuration"] = .string(configuration) }
        if let parent = record.parentExecutionId {
            document["parent"] = ["executionId": .string(parent), "stepId": record.parentStepId.map(JSONValue.string) ?? .null]
        }
        var runs: [String: StepRunRecord] = [:]
        var items: [String: [StepRunRecord]] = [:]
        for run in detail.steps {
            if run.itemIndex < 0 { runs[run.stepId] = run } else { items[run.stepId, default: []].append(run) }
        }
        var attempts: [String: [AttemptRecord]] = [:]
        for attempt in detail.attempts where attempt.itemIndex < 0 { attempts[attempt.stepId, default: []].append(attempt) }
        let order = workflow?.steps.map { ($0.id, $0.action) } ?? runs.values.sorted { $0.stepId < $1.stepId }.map { ($0.stepId, $0.action) }
        document["steps"] = .array(
            order.map { id, action in
                step(id: id, action: action, run: runs[id], items: items[id] ?? [], attempts: attempts[id] ?? [])
            })
        return .object(document)
    }

    /// One step: its state, timing, output, error, attempts and (for `foreach`) items.
    public static func step(
        id: String, action: String, run: StepRunRecord?, items: [StepRunRecord], attempts: [AttemptRecord]
    ) -> JSONValue {
        var step: [String: JSONValue] = [
            "id": .string(id), "action": .string(action),
            "status": .string(run?.status.rawValue ?? StepStatus.pending.rawValue),
            "attempts": .integer(Int64(run?.attempts ?? 0)), "startedAt": timestamp(run?.startedAt),
            "finishedAt": timestamp(run?.finishedAt), "durationMs": duration(run?.startedAt, run?.finishedAt),
            "output": run?.output ?? .null, "error": failure(run?.error),
        ]
        if !attempts.isEmpty { step["attemptHistory"] = .array(attempts.map(attempt)) }
        if run?.itemCount != nil {
            step["items"] = .array(
                items.sorted { $0.itemIndex < $1.itemIndex }.map { item in
                    [
                        "index": .integer(Int64(item.itemIndex)), "status": .string(item.status.rawValue),
                        "attempts": .integer(Int64(item.attempts)), "output": item.output ?? .null,
                        "error": failure(item.error),
                    ]
                })
        }
        return .object(step)
    }

    static func attempt(_ attempt: AttemptRecord) -> JSONValue {
        [
            "number": .integer(Int64(attempt.number)), "status": .string(attempt.status.rawValue),
            "startedAt": timestamp(attempt.startedAt), "finishedAt": timestamp(attempt.finishedAt),
            "durationMs": duration(attempt.startedAt, attempt.finishedAt), "output": attempt.output ?? .null,
            "error": failure(attempt.error),
        ]
    }

    static func timestamp(_ date: Date?) -> JSONValue { date.map { .string(Timestamps.text($0)) } ?? .null }

    static func duration(_ start: Date?, _ end: Date?) -> JSONValue {
        guard let start, let end else { return .null }
        return .integer(Int64((end.timeIntervalSince(start) * 1000).rounded()))
    }

    static func failure(_ info: FailureInfo?) -> JSONValue {
        guard let info else { return .null }
        var object: [String: JSONValue] = ["message": .string(info.message)]
        if let code = info.code { object["code"] = .string(code) }
        if let stepId = info.stepId { object["stepId"] = .string(stepId) }
        return .object(object)
    }
}
