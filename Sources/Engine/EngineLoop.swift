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
        for work in pending.takeAll() { fail(work, with: .stopping) }
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
                // A timer cancelled because work arrived must not cut the next wait short.
                guard (try? await Task.sleep(for: .milliseconds(Int(min(delay, 3_600) * 1000) + 1))) != nil else { return }
                await self?.signal()
            }
        }
        wakeTimer?.cancel()
        wakeTimer = nil
    }

    /// One iteration: returns false when there was nothing to do.
    private func processBatch() async -> Bool {
        if Self.bulkStart(pending.first) != nil {
            await processStarts()
            return true
        }
        // Bounded batches keep memory and commit latency flat under a burst of requests.
        let work = pending.takeFirst(settings.batchSize)
        let now = clock.now().storedPrecision
        var tasks: [TaskRecord] = []
        do {
            tasks = try await store.dueTasks(now: now, limit: max(1, settings.batchSize - work.count))
        } catch {
            // The store is failing: keep the requests and try again shortly.
            pending.putBack(work)
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
            case .start(let request, _, _, _):
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
        let mutations = Self.mutations(of: batch, &states)
        do {
            if !mutations.isEmpty { try await store.apply(mutations) }
        } catch {
            await failed(batch: batch, states: states, work: work, error)
            return
        }
        committed(batch: batch, states: states)
    }

    /// Every change of the batch, in the order they are written.
    private static func mutations(of batch: Batch, _ states: inout [String: ExecutionState]) -> [StoreMutation] {
        var mutations: [StoreMutation] = []
        for id in states.keys.sorted() { mutations += states[id]!.takeMutations() }
        return mutations + batch.extra
    }

    /// Nothing was written: forget what we changed in memory, and give back what was decided
    /// elsewhere (action results) so it is applied once the store recovers.
    private func failed(batch: Batch, states: [String: ExecutionState], work: [Work], _ error: any Error) async {
        for id in states.keys { cache[id] = nil }
        for claim in batch.claims { claimedKeys[claim] = nil }
        childRecords.removeAll()
        await rebuildConcurrency()
        for callback in batch.onFailure { callback(.unavailable("the store failed: \(error)")) }
        for item in work {
            if case .actionFinished = item { pending.append(item) }
        }
        try? await Task.sleep(for: .milliseconds(500))
    }

    /// The batch is written: keep what runs in memory, answer callers, start external attempts,
    /// publish events.
    private func committed(batch: Batch, states: [String: ExecutionState], at commitTime: Date? = nil) {
        self.commitTime.value = commitTime
        defer { self.commitTime.value = nil }
        let beginning = Set(batch.beginLater)
        for (id, state) in states {
            if state.record.status.isTerminal {
                cache[id] = nil
                resolveFinishWaiters(state)
            } else if state.record.status == .running || beginning.contains(id) {
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
            for subscriber in subscribers.values where subscriber.includes(event) { subscriber.continuation.yield(event) }
        }
        pending.append(contentsOf: batch.followUps)
    }

    private func resolveFinishWaiters(_ state: ExecutionState) {
        guard let waiters = finishWaiters.removeValue(forKey: state.id) else { return }
        let detail = state.detail
        for waiter in waiters { waiter.resume(returning: detail) }
    }

    // MARK: Bulk starts

    /// A start to commit `Queued` before it begins (`start(_:notBefore:)`), and how.
    static func bulkStart(_ work: Work?) -> BulkStart? {
        if case .start(_, .none, _, let bulk)? = work { return bulk }
        return nil
    }

    /// A batch of bulk starts whose transaction the store is writing.
    private struct StartWrite {
        var prepared: PreparedStarts
        var write: Task<WriteOutcome, Never>
    }

    /// How a batch's write ended, and when.
    private struct WriteOutcome {
        var error: (any Error)?
        var committedAt: Date
    }

    /// Commits the bulk starts at the head of the queue, `Queued` and each with its schedule fire,
    /// in batches of `batchSize`, one transaction each and in order. Pipelined: while the store
    /// writes one batch, the loop prepares the next (whose write is queued right behind) and then
    /// answers the callers of the written one, so a burst of 10,000 costs about its writes. While
    /// the first write waits for its `notBefore`, the loop prepares every batch it can, so that
    /// after that instant only writes are left. The executions begin in later batches
    /// (follow-ups); due tasks wait until the run is written.
    private func processStarts() async {
        var writes: [StartWrite] = []
        while true {
            let early = writes.first?.prepared.notBefore.map { $0 > clock.now() } ?? false
            var allPrepared = false
            if writes.count < 2 || early {
                if let batch = await prepareStarts() {
                    writes.append(startWrite(batch, after: writes.last?.write))
                    continue
                }
                allPrepared = true
            }
            guard let newest = writes.last else { return }
            // Everything prepared: the queued writes run alone (answering beside them slows them
            // down), then their callers are answered in order, with their commit times.
            if allPrepared { _ = await newest.write.value }
            let oldest = writes.removeFirst()
            let outcome = await oldest.write.value
            let prepared = oldest.prepared
            if let failure = outcome.error {
                await failed(batch: prepared.batch, states: prepared.states, work: prepared.work, failure)
            } else {
                committed(batch: prepared.batch, states: prepared.states, at: outcome.committedAt)
            }
        }
    }

    /// Queues the store write of `prepared` right behind `previous`.
    private func startWrite(_ prepared: PreparedStarts, after previous: Task<WriteOutcome, Never>?) -> StartWrite {
        let store = self.store
        let clock = self.clock
        let (mutations, notBefore) = (prepared.mutations, prepared.notBefore)
        // Detached: the write must not wait for this actor, which goes on meanwhile. It follows
        // the previous batch's write directly, so the store writes back to back while this actor
        // answers the previous batch.
        let write = Task.detached { () -> WriteOutcome in
            _ = await previous?.value
            if let notBefore {
                let wait = min(1, notBefore.timeIntervalSince(clock.now()))
                if wait > 0 { try? await Task.sleep(for: .microseconds(Int((wait * 1_000_000).rounded(.up)))) }
            }
            do {
                try await store.apply(mutations)
                return WriteOutcome(error: nil, committedAt: Date())
            } catch {
                return WriteOutcome(error: error, committedAt: Date())
            }
        }
        var kept = prepared
        kept.mutations = []  // the write owns them; answering needs the rest
        return StartWrite(prepared: kept, write: write)
    }

    /// Bulk starts prepared in memory, and their store writes.
    private struct PreparedStarts {
        var batch: Batch
        var notBefore: Date?
        var states: [String: ExecutionState]
        var work: [Work]
        var mutations: [StoreMutation]
    }

    /// Takes up to `batchSize` bulk starts of one kind (one `notBefore`) from the head of the
    /// queue and creates their executions in memory; nil when there are none (or the engine is
    /// stopping).
    private func prepareStarts() async -> PreparedStarts? {
        guard !stopping, let bulk = Self.bulkStart(pending.first) else { return nil }
        let work = pending.takeFirst(settings.batchSize, while: { Self.bulkStart($0) == bulk })
        await preload(work)
        let now = clock.now()
        // Dated when they will be committed: at `notBefore` when that is still ahead.
        var batch = Batch(now: max(now, bulk.notBefore ?? now).storedPrecision)
        var states: [String: ExecutionState] = [:]
        for item in work { handle(item, states: &states, batch: &batch) }
        let mutations = Self.mutations(of: batch, &states)
        return PreparedStarts(batch: batch, notBefore: bulk.notBefore, states: states, work: work, mutations: mutations)
    }

    func fail(_ work: Work, with error: EngineError) {
        switch work {
        case .start(_, _, let reply, _): reply?.fail(error)
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
