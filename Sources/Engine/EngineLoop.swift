import Foundation
import Model
import Store

extension Engine {
    /// Runs the engine until `shutdown()`: first resumes every execution the store holds, then
    /// processes due tasks and requests in batches. Call once.
    public func run() async {
        guard !started else { return }
        started = true
        await recover()
        while !stopping {
            if await !processBatch() { await waitForWork() }
        }
        // Anything still queued gets a clear answer; in-flight attempts are recorded as Running
        // and will be retried as interrupted after the next start.
        for work in pending { fail(work, with: .stopping) }
        pending.removeAll()
        for task in inFlight.values { task.cancel() }
    }

    /// Stops the loop after the current batch. Safe to call more than once.
    public func shutdown() {
        stopping = true
        signal()
    }

    func signal() {
        if let continuation = wakeUp {
            wakeUp = nil
            continuation.resume()
        }
    }

    /// Sleeps until the next task falls due or new work arrives.
    private func waitForWork() async {
        guard pending.isEmpty, !stopping else { return }
        let next = try? await store.nextDueDate()
        guard pending.isEmpty, !stopping else { return }
        let delay = next.map { $0.timeIntervalSince(clock.now()) } ?? 3_600
        guard delay > 0 else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            wakeUp = continuation
            wakeTimer = Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(Int(min(delay, 3_600) * 1000) + 1))
                await self?.signal()
            }
        }
        wakeTimer?.cancel()
        wakeTimer = nil
    }

    /// One iteration: returns false when there was nothing to do.
    private func processBatch() async -> Bool {
        // Bounded batches keep memory and commit latency flat under a burst of requests.
        let work = Array(pending.prefix(settings.batchSize))
        pending.removeFirst(work.count)
        let now = clock.now().storedPrecision
        var tasks: [TaskRecord] = []
        do {
            tasks = try await store.dueTasks(now: now, limit: max(1, settings.batchSize - work.count))
        } catch {
            // The store is failing: keep the requests and try again shortly.
            pending = work + pending
            try? await Task.sleep(for: .milliseconds(500))
            return !pending.isEmpty
        }
        let items = work + tasks.map(Work.task)
        if items.isEmpty { return false }
        await preload(items)
        var batch = Batch(now: now)
        var states: [String: ExecutionState] = [:]
        for item in items { handle(item, states: &states, batch: &batch) }
        await commit(batch: batch, states: &states, work: work)
        return true
    }

    /// Loads what the batch will touch: executions, their versions and sub-workflow children.
    private func preload(_ items: [Work]) async {
        var ids: Set<String> = []
        for item in items {
            switch item {
            case .task(let task): ids.insert(task.executionId)
            case .actionFinished(let executionId, _, _, _): ids.insert(executionId)
            case .cancel(let executionId, _, _): ids.insert(executionId)
            case .decide(let approvalId, _, _, _, _):
                if let approval = pendingApprovals[approvalId] { ids.insert(approval.executionId) }
            case .start(let request, _, _):
                if let version = currentVersions[request.workflowId] { await loadVersion(version) }
            }
        }
        for id in ids where cache[id] == nil {
            if let detail = try? await store.executionDetail(id: id), !detail.execution.status.isTerminal {
                cache[id] = ExecutionState(detail: detail)
            }
        }
        for id in ids {
            guard let state = cache[id] else { continue }
            await loadVersion(state.record.versionId)
            for (_, childId) in state.childWaits() where childRecords[childId] == nil || cache[childId] != nil {
                if let child = cache[childId]?.record {
                    childRecords[childId] = child
                } else if let child = try? await store.execution(id: childId) {
                    childRecords[childId] = child
                }
            }
        }
    }

    func loadVersion(_ versionId: String) async {
        guard compiled[versionId] == nil else { return }
        if let version = try? await store.definitionVersion(id: versionId) {
            compiled[versionId] = CompiledWorkflow(version: version)
        }
    }

    /// Writes the batch in one transaction, then answers callers and starts external attempts.
    private func commit(batch: Batch, states: inout [String: ExecutionState], work: [Work]) async {
        var mutations: [StoreMutation] = []
        for id in states.keys.sorted() { mutations += states[id]!.takeMutations() }
        mutations += batch.extra
        do {
            if !mutations.isEmpty { try await store.apply(mutations) }
        } catch {
            // Nothing was written: forget what we changed in memory, and give back what was
            // decided elsewhere (action results) so it is applied once the store recovers.
            for id in states.keys { cache[id] = nil }
            for claim in batch.claims { claimedKeys[claim] = nil }
            childRecords.removeAll()
            await rebuildConcurrency()
            for callback in batch.onFailure { callback(.unavailable("the store failed: \(error)")) }
            for item in work {
                if case .actionFinished = item { pending.append(item) }
            }
            try? await Task.sleep(for: .milliseconds(500))
            return
        }
        for (id, state) in states {
            if state.record.status.isTerminal {
                cache[id] = nil
                resolveFinishWaiters(state.detail)
            } else if state.record.status == .running {
                cache[id] = state
            } else {
                // Waiting or queued executions may wait for hours: keep memory flat and read
                // them back when their timer, decision or slot comes.
                cache[id] = nil
            }
        }
        for approval in batch.approvals {
            pendingApprovals[approval.id] = approval.status == .pending ? approval : nil
        }
        for callback in batch.onCommit { callback() }
        for launch in batch.launches { start(launch) }
        for event in batch.events {
            for subscriber in subscribers.values { subscriber.yield(event) }
        }
        pending += batch.followUps
    }

    private func resolveFinishWaiters(_ detail: ExecutionDetail) {
        guard let waiters = finishWaiters.removeValue(forKey: detail.execution.id) else { return }
        for waiter in waiters { waiter.resume(returning: detail) }
    }

    func fail(_ work: Work, with error: EngineError) {
        switch work {
        case .start(_, _, let reply): reply?.fail(error)
        case .cancel(_, _, let reply): reply?.fail(error)
        case .decide(_, _, _, _, let reply): reply?.fail(error)
        case .task, .actionFinished: break
        }
    }

    /// Runs an external attempt in a task of its own, racing its deadline.
    private func start(_ launch: Launch) {
        let identity = launch.identity
        let handler = launch.handler
        let invocation = launch.invocation
        let task = Task { [weak self] in
            let result = await Self.perform(handler, invocation)
            await self?.enqueue(
                .actionFinished(executionId: identity.executionId, key: identity.key, attempt: identity.attempt, result: result))
        }
        inFlight[identity] = task
    }

    private static func perform(_ handler: any ActionHandler, _ invocation: ActionInvocation) async
        -> Result<ActionOutcome, ActionFailure>
    {
        await withTaskGroup(of: Result<ActionOutcome, ActionFailure>?.self) { group in
            group.addTask {
                do throws(ActionFailure) {
                    return .success(try await handler.run(invocation))
                } catch {
                    return .failure(error)
                }
            }
            if let deadline = invocation.deadline {
                group.addTask {
                    let seconds = max(0, deadline.timeIntervalSinceNow)
                    try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                    return nil
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            if Task.isCancelled {
                return .failure(ActionFailure(message: "the attempt was cancelled", code: "cancelled", retryable: false))
            }
            return .failure(
                ActionFailure(message: "the attempt ran out of time (step timeout)", code: "timeout", retryable: true))
        }
    }
}
