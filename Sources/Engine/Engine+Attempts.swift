import Foundation
import Model
import Store

extension Engine {
    /// Starts attempt `number` of a step or item: evaluates `with`, records the attempt as Running,
    /// then runs an inline action at once or launches an external one after the commit.
    func startAttempt(_ key: RunKey, number: Int, _ state: inout ExecutionState, _ batch: inout Batch) {
        guard let workflow = compiled[state.record.versionId], let step = workflow.step(key.stepId) else { return }
        guard let handler = handlers[step.action] else {
            failBeforeStart(key, action: step.action, message: "no implementation of action `\(step.action)` is installed", &state, &batch)
            return
        }
        let run = state.run(key)
        let item = key.itemIndex >= 0 ? (run?.item ?? .null, key.itemIndex) : nil
        let input: JSONValue
        do {
            input = try workflow.evaluate(.object(step.with), context: contextDocument(state, item: item))
        } catch {
            failBeforeStart(key, action: step.action, message: "`with`: \(error.message)", &state, &batch)
            return
        }
        let now = batch.now
        state.updateRun(key) {
            $0.status = .running
            $0.attempts = number
            $0.startedAt = $0.startedAt ?? now
        }
        state.putAttempt(AttemptRecord(executionId: state.id, stepId: key.stepId, itemIndex: key.itemIndex, number: number, startedAt: now))
        batch.event(state, key: key, status: StepStatus.running.rawValue, attempt: number)
        let invocation = ActionInvocation(
            executionId: state.id, workflowId: state.record.workflowId, stepId: key.stepId, itemIndex: key.itemIndex,
            attempt: number, input: input, connection: step.connection,
            deadline: step.timeout.map { now.addingTimeInterval($0.seconds) })
        if let inline = handler as? any InlineAction {
            let result: Result<ActionOutcome, ActionFailure>
            do {
                result = .success(try inline.perform(invocation))
            } catch {
                result = .failure(error)
            }
            apply(result, to: key, &state, &batch)
        } else {
            batch.launches.append(
                Launch(identity: AttemptIdentity(executionId: state.id, key: key, attempt: number), handler: handler, invocation: invocation))
        }
    }

    /// Records what an attempt produced.
    func apply(_ result: Result<ActionOutcome, ActionFailure>, to key: RunKey, _ state: inout ExecutionState, _ batch: inout Batch) {
        switch result {
        case .success(.completed(let output)):
            complete(key, output: output, &state, &batch)
        case .success(.sleep(let until, let output)):
            wait(key, output: output, &state, &batch)
            let attempt = state.lastAttempt(key)?.number
            batch.schedule(.wakeUp, for: state.id, key: key, attempt: attempt, at: max(until, batch.now))
        case .success(.awaitApproval(let request)):
            awaitApproval(key, request, &state, &batch)
        case .success(.runChild(let request)):
            runChild(key, request, &state, &batch)
        case .failure(let failure):
            fail(key, failure, &state, &batch)
        }
    }

    /// The attempt and its step (or item) succeeded.
    func complete(_ key: RunKey, output rawOutput: JSONValue, _ state: inout ExecutionState, _ batch: inout Batch) {
        let output = SecretMasking.mask(rawOutput, secrets: settings.secrets)
        let now = batch.now
        state.updateLastAttempt(key) {
            $0.status = .succeeded
            $0.finishedAt = now
            $0.output = output
        }
        state.updateRun(key) {
            $0.status = .succeeded
            $0.finishedAt = now
            $0.output = output
            $0.error = nil
        }
        // A log line is worth showing where the progress is shown.
        let message = state.run(key)?.action == "core.log" ? output["message"]?.stringValue : nil
        batch.event(state, key: key, status: StepStatus.succeeded.rawValue, attempt: state.lastAttempt(key)?.number, message: message)
    }

    /// Parks the step: its attempt waits (for a timer, a person or a child execution).
    func wait(_ key: RunKey, output: JSONValue, _ state: inout ExecutionState, _ batch: inout Batch) {
        state.updateLastAttempt(key) {
            $0.status = .waiting
            $0.output = output
        }
        state.updateRun(key) { $0.status = .waiting }
        batch.event(state, key: key, status: StepStatus.waiting.rawValue, attempt: state.lastAttempt(key)?.number)
    }

    /// The attempt failed: retry when the policy allows, otherwise the step (or item) fails.
    func fail(_ key: RunKey, _ rawFailure: ActionFailure, _ state: inout ExecutionState, _ batch: inout Batch) {
        var failure = rawFailure
        failure.message = SecretMasking.mask(failure.message, secrets: settings.secrets)
        failure.output = failure.output.map { SecretMasking.mask($0, secrets: settings.secrets) }
        let now = batch.now
        let info = FailureInfo(message: failure.message, code: failure.code)
        let attemptStatus: StepStatus = failure.code == "timeout" ? .timedOut : .failed
        state.updateLastAttempt(key) {
            $0.status = attemptStatus
            $0.finishedAt = now
            $0.error = info
            $0.output = failure.output
        }
        let number = state.lastAttempt(key)?.number ?? 1
        let step = compiled[state.record.versionId]?.step(key.stepId)
        let counted = state.attemptList(key).filter { $0.error?.code != "interrupted" }.count
        let interruptions = state.attemptList(key).count - counted
        let retryBudget = step?.retry?.maxAttempts ?? 1
        let mayRetry = failure.code == "interrupted"
            ? interruptions <= settings.maximumInterruptions
            : failure.retryable && counted < retryBudget
        if mayRetry {
            let delay = failure.code == "interrupted" ? 0 : step?.retry.map { Backoff.delay(after: counted, policy: $0) } ?? 0
            batch.schedule(.retry, for: state.id, key: key, attempt: number + 1, at: now.addingTimeInterval(delay))
            batch.event(state, key: key, status: "Retrying", attempt: number, message: failure.message)
            return
        }
        state.updateRun(key) {
            $0.status = attemptStatus
            $0.finishedAt = now
            $0.error = info
            $0.output = failure.output
        }
        batch.event(state, key: key, status: attemptStatus.rawValue, attempt: number, message: failure.message)
    }

    /// The document expressions see: trigger, vars, steps, execution, and item/index in `foreach`.
    func contextDocument(_ state: ExecutionState, item: (value: JSONValue, index: Int)?) -> JSONValue {
        var steps: [String: JSONValue] = [:]
        for run in state.runs.values where run.itemIndex == -1 {
            var entry: [String: JSONValue] = [
                "status": .string(run.status.rawValue), "attempts": .integer(Int64(run.attempts)),
            ]
            if let output = run.output { entry["output"] = output }
            if let error = run.error {
                entry["error"] = ["message": .string(error.message), "code": error.code.map(JSONValue.string) ?? .null]
            }
            steps[run.stepId] = .object(entry)
        }
        var execution: [String: JSONValue] = [
            "id": .string(state.id), "workflowId": .string(state.record.workflowId),
            "version": .string(state.record.versionId),
        ]
        if let startedAt = state.record.startedAt { execution["startedAt"] = .string(Timestamps.text(startedAt)) }
        var document: [String: JSONValue] = [
            "trigger": state.record.trigger, "vars": state.record.vars, "steps": .object(steps), "execution": .object(execution),
            "secrets": secretsDocument,
        ]
        if let item {
            document["item"] = item.value
            document["index"] = .integer(Int64(item.index))
        }
        return .object(document)
    }
}

/// RFC 3339 timestamps with milliseconds, in UTC.
public enum Timestamps {
    /// `2026-12-04T20:10:43.123Z`.
    public static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
