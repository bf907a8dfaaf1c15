import Foundation
import Model
import Store

extension Engine {
    /// After a start (or a crash): loads every unfinished execution, marks attempts that were
    /// running as interrupted (they will be retried), rebuilds concurrency slots and pending
    /// gates, and looks at each execution once more.
    func recover() async {
        let active: [ExecutionRecord]
        do {
            active = try await store.activeExecutions()
            for approval in try await store.approvals(status: .pending) { pendingApprovals[approval.id] = approval }
        } catch {
            // Without the store nothing can run; the loop will retry its queries.
            return
        }
        var states: [String: ExecutionState] = [:]
        var batch = Batch(now: clock.now().storedPrecision)
        for record in active {
            guard let detail = try? await store.executionDetail(id: record.id) else { continue }
            await loadVersion(record.versionId)
            var state = ExecutionState(detail: detail)
            if let workflow = compiled[record.versionId], workflow.workflow.concurrency != nil {
                let slot = SlotKey(workflowId: record.workflowId, key: record.concurrencyKey)
                if record.status == .queued {
                    queued[slot, default: []].append(record.id)
                } else {
                    slots[slot, default: 0] += 1
                }
            }
            for run in detail.steps where run.status == .running {
                let key = RunKey(stepId: run.stepId, itemIndex: run.itemIndex)
                guard let attempt = state.lastAttempt(key), attempt.status == .running else { continue }
                fail(
                    key,
                    ActionFailure(
                        message: "the engine stopped while this attempt ran; it is retried", code: "interrupted",
                        retryable: true), &state, &batch)
            }
            for (_, childId) in state.childWaits() {
                if let child = try? await store.execution(id: childId) { childRecords[childId] = child }
            }
            states[record.id] = state
            cache[record.id] = state
            pending.append(.task(TaskRecord(executionId: record.id, kind: .advance, dueAt: batch.now)))
        }
        var mutations: [StoreMutation] = []
        for id in states.keys.sorted() {
            mutations += states[id]!.takeMutations()
            cache[id] = states[id]
        }
        mutations += batch.extra
        if !mutations.isEmpty { _ = try? await store.apply(mutations) }
    }
}

extension Engine {
    /// Recounts concurrency slots and queues from the store, after a failed commit left the
    /// in-memory counts ahead of what was written.
    func rebuildConcurrency() async {
        guard let active = try? await store.activeExecutions() else { return }
        slots.removeAll()
        queued.removeAll()
        for record in active {
            await loadVersion(record.versionId)
            guard compiled[record.versionId]?.workflow.concurrency != nil else { continue }
            let slot = SlotKey(workflowId: record.workflowId, key: record.concurrencyKey)
            if record.status == .queued {
                queued[slot, default: []].append(record.id)
            } else {
                slots[slot, default: 0] += 1
            }
        }
    }
}
