import Foundation
import JSONSchema
import Model
import Store

extension Engine {
    /// Creates an execution from a request (or a `workflow.run` step) and begins it when a
    /// concurrency slot is free. With `beginLater`, the batch commits it `Queued` (and answers
    /// the caller) without running its first steps, and the next batch begins it: a burst of
    /// starts is committed first, then run.
    func startExecution(
        _ request: StartRequest, parent: ParentLink?, reply: Reply<ExecutionRecord>?, beginLater: Bool = false,
        states: inout [String: ExecutionState], batch: inout Batch
    ) {
        if let key = request.idempotencyKey, let claimed = claimedKeys["\(request.workflowId) \(key)"] {
            guard claimed.hash == request.requestHash else {
                reply?.fail(Self.mismatch(key))
                return
            }
            if let state = states[claimed.executionId] {
                let record = state.record
                batch.onCommit.append { reply?.succeed(record) }
                batch.onFailure.append { reply?.fail($0) }
            } else {
                let store = self.store
                Task {
                    if let record = try? await store.execution(id: claimed.executionId) {
                        reply?.succeed(record)
                    } else {
                        reply?.fail(.unavailable("the execution of this Idempotency-Key could not be read"))
                    }
                }
            }
            return
        }
        do {
            var state = try makeExecution(request, parent: parent, &batch)
            let created = state.record
            if beginLater && parent == nil {
                batch.beginLater.append(state.id)
                batch.followUps.append(.task(TaskRecord(executionId: state.id, kind: .advance, dueAt: batch.now)))
            } else {
                begin(&state, &batch)
            }
            if parent == nil { states[state.id] = state } else { batch.created[state.id] = state }
            batch.onCommit.append { reply?.succeed(created) }
            batch.onFailure.append { reply?.fail($0) }
        } catch {
            reply?.fail(error)
        }
    }

    /// The new execution's state, `Queued`, with trigger and vars merged and validated.
    func makeExecution(_ request: StartRequest, parent: ParentLink?, _ batch: inout Batch) throws(EngineError)
        -> ExecutionState
    {
        guard let versionId = currentVersions[request.workflowId] else {
            throw EngineError.notFound("no workflow `\(request.workflowId)` is published")
        }
        if compiled[versionId] == nil, let version = publishedVersions[versionId] {
            compiled[versionId] = CompiledWorkflow(version: version)
        }
        guard let workflow = compiled[versionId] else {
            throw EngineError.unavailable("the definition of `\(request.workflowId)` could not be loaded")
        }
        guard case .object(let requestTrigger) = request.trigger else {
            throw EngineError.invalid("`trigger` must be an object", details: [])
        }
        guard case .object(let requestVars) = request.vars else {
            throw EngineError.invalid("`vars` must be an object", details: [])
        }
        var trigger = requestTrigger
        var vars = JSONMerge.deepMerge(workflow.workflow.vars, [:])
        if let name = request.configuration {
            guard let configuration = configurations[name] else {
                throw EngineError.notFound("no configuration `\(name)` is published")
            }
            guard configuration.workflow == request.workflowId else {
                throw EngineError.invalid(
                    "configuration `\(name)` is for workflow `\(configuration.workflow)`, not `\(request.workflowId)`",
                    details: [])
            }
            trigger = JSONMerge.deepMerge(configuration.trigger, requestTrigger)
            vars = JSONMerge.deepMerge(vars, configuration.vars)
        }
        vars = JSONMerge.deepMerge(vars, requestVars)
        if let validator = workflow.inputsValidator {
            let violations = validator.validate(.object(trigger))
            if !violations.isEmpty {
                throw EngineError.invalid(
                    "the trigger does not match the inputs of workflow `\(request.workflowId)`",
                    details: violations.map { ($0.pointer.isEmpty ? "trigger" : "trigger\($0.pointer)") + ": " + $0.message })
            }
        }
        let now = batch.now
        let id = executionIdentifiers.next(at: now)
        var record = ExecutionRecord(
            id: id, workflowId: request.workflowId, versionId: versionId, trigger: .object(trigger), vars: .object(vars),
            configuration: request.configuration, parentExecutionId: parent?.executionId, parentStepId: parent?.stepId,
            createdAt: now)
        if let keyTemplate = workflow.workflow.concurrency?.key {
            let context: JSONValue = [
                "trigger": record.trigger, "vars": record.vars,
                "execution": ["id": .string(id), "workflowId": .string(request.workflowId)],
            ]
            do {
                switch try workflow.evaluate(.string(keyTemplate), context: context) {
                case .string(let text): record.concurrencyKey = text
                case let other: record.concurrencyKey = other.jsonText
                }
            } catch {
                throw EngineError.invalid("the concurrency key could not be computed: \(error.message)", details: [])
            }
        }
        if let key = request.idempotencyKey, let hash = request.requestHash {
            if claimedKeys.count > 100_000 { claimedKeys.removeAll() }  // bounded; the store keeps them all
            claimedKeys["\(request.workflowId) \(key)"] = (hash, id)
            batch.claims.append("\(request.workflowId) \(key)")
            batch.extra.append(
                .insertIdempotencyKey(
                    IdempotencyRecord(key: key, workflowId: request.workflowId, requestHash: hash, executionId: id, createdAt: now)))
        }
        if let fire = request.scheduleFire {
            batch.extra.append(
                .insertScheduleFire(
                    ScheduleFireRecord(
                        scheduleId: fire.scheduleId, fireTime: fire.fireTime, kind: fire.kind, outcome: .started, executionId: id,
                        recordedAt: now)))
        }
        let state = ExecutionState(newRecord: record)
        batch.event(state, key: nil, status: ExecutionStatus.queued.rawValue)
        return state
    }

    /// Moves a Queued execution to Running when its concurrency group has room.
    func begin(_ state: inout ExecutionState, _ batch: inout Batch) {
        guard state.record.status == .queued, let workflow = compiled[state.record.versionId] else { return }
        if let concurrency = workflow.workflow.concurrency {
            let slot = SlotKey(workflowId: state.record.workflowId, key: state.record.concurrencyKey)
            guard slots[slot, default: 0] < concurrency.limit else {
                if !(queued[slot]?.contains(state.id) ?? false) { queued[slot, default: []].append(state.id) }
                return
            }
            slots[slot, default: 0] += 1
            queued[slot]?.removeAll { $0 == state.id }
        }
        let now = batch.now
        state.updateRecord {
            $0.status = .running
            $0.startedAt = now
        }
        batch.event(state, key: nil, status: ExecutionStatus.running.rawValue)
        if let timeout = workflow.workflow.timeout {
            batch.schedule(.executionTimeout, for: state.id, at: now.addingTimeInterval(timeout.seconds))
        }
        advance(&state, &batch)
    }

    /// Frees the execution's concurrency slot and lets the next queued execution begin.
    func releaseSlot(of state: ExecutionState, heldSlot: Bool, _ batch: inout Batch) {
        guard let workflow = compiled[state.record.versionId], workflow.workflow.concurrency != nil else { return }
        let slot = SlotKey(workflowId: state.record.workflowId, key: state.record.concurrencyKey)
        queued[slot]?.removeAll { $0 == state.id }
        guard heldSlot else { return }
        slots[slot] = max(0, slots[slot, default: 0] - 1)
        if let next = queued[slot]?.first {
            batch.schedule(.advance, for: next, at: batch.now)
        }
    }
}

