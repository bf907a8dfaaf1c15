import Foundation
import Model
import Store
import Testing

/// Behaviour every `ExecutionStore` backend must show. Each method takes a fresh, empty store;
/// a backend's test suite calls every method (see `SQLiteStoreConformanceTests`).
///
/// Rules beyond the protocol's comments, which every backend keeps:
/// - dates keep whole milliseconds, truncated toward the past;
/// - `updateExecution` of an unknown id fails the batch with `.conflict`;
/// - `executions(_:)` caps `limit` at 500 and answers a cursor it did not hand out with `.corrupt`.
struct StoreConformance {
    // MARK: Round trips

    func recordsRoundTrip(_ store: any ExecutionStore) async throws {
        try await store.apply([
            .insertExecution(Fixture.fullExecution), .insertExecution(Fixture.minimalExecution),
            .putStepRun(Fixture.fullStepRun), .putStepRun(Fixture.minimalStepRun),
            .putAttempt(Fixture.fullAttempt), .putAttempt(Fixture.minimalAttempt),
            .putApproval(Fixture.fullApproval), .putApproval(Fixture.approval("approval-minimal")),
            .putDefinitionVersion(Fixture.version("v1")), .insertIdempotencyKey(Fixture.idempotency("key")),
        ])
        #expect(try await store.execution(id: "exec-full") == Fixture.fullExecution)
        #expect(try await store.execution(id: "exec-minimal") == Fixture.minimalExecution)
        #expect(try await store.execution(id: "missing") == nil)
        var jsonNull = Fixture.execution("json-null")
        jsonNull.outputs = .null  // JSON null is not "no outputs"
        try await store.apply([.insertExecution(jsonNull)])
        #expect(try await store.execution(id: "json-null")?.outputs == .some(.null))
        let detail = try #require(try await store.executionDetail(id: "exec-full"))
        #expect(detail.execution == Fixture.fullExecution)
        #expect(detail.steps == [Fixture.fullStepRun, Fixture.minimalStepRun])
        #expect(detail.attempts == [Fixture.fullAttempt, Fixture.minimalAttempt])
        #expect(try await store.executionDetail(id: "missing") == nil)
        let emptyDetail = try #require(try await store.executionDetail(id: "exec-minimal"))
        #expect(emptyDetail.steps.isEmpty && emptyDetail.attempts.isEmpty)
        #expect(try await store.approval(id: "approval-full") == Fixture.fullApproval)
        #expect(try await store.approval(id: "approval-minimal") == Fixture.approval("approval-minimal"))
        #expect(try await store.approval(id: "missing") == nil)
        #expect(try await store.definitionVersion(id: "v1") == Fixture.version("v1"))
        #expect(try await store.definitionVersion(id: "missing") == nil)
        #expect(try await store.idempotencyRecord(key: "key", workflowId: "deploy") == Fixture.idempotency("key"))
        #expect(try await store.idempotencyRecord(key: "key", workflowId: "other") == nil)
    }

    func taskRoundTripsAndIdsFollowOrder(_ store: any ExecutionStore) async throws {
        let ids = try await store.apply([
            .insertTask(Fixture.fullTask), .insertExecution(Fixture.execution("e1")),
            .insertTask(Fixture.task(due: 5)), .insertTask(Fixture.task("e1", kind: .wakeUp, due: -5)),
        ])
        #expect(ids.count == 3)
        #expect(ids == ids.sorted() && Set(ids).count == 3)
        var expected = Fixture.fullTask
        expected.id = ids[0]
        let stored = try await store.tasks(executionId: "exec-full")
        #expect(stored.map(\.id) == [ids[0], ids[1]])
        #expect(stored.first == expected)
        #expect(try await store.apply([.insertExecution(Fixture.execution("e2"))]) == [])
        let more = try await store.apply([.insertTask(Fixture.task("e2"))])
        #expect(more.count == 1 && more[0] > ids[2])
    }

    func replacingPutsAndUpdates(_ store: any ExecutionStore) async throws {
        try await store.apply([
            .insertExecution(Fixture.execution("e1")), .insertExecution(Fixture.fullExecution),
            .putStepRun(Fixture.minimalStepRun),
            .putAttempt(Fixture.minimalAttempt), .putApproval(Fixture.approval("a1")),
        ])
        var execution = Fixture.fullExecution
        execution.id = "e1"
        var step = Fixture.minimalStepRun
        step.status = .succeeded
        step.output = ["ok": true]
        var attempt = Fixture.minimalAttempt
        attempt.status = .succeeded
        attempt.finishedAt = Fixture.at(7)
        var approval = Fixture.approval("a1", status: .rejected)
        approval.decidedBy = "bo"
        try await store.apply([.updateExecution(execution), .putStepRun(step), .putAttempt(attempt), .putApproval(approval)])
        #expect(try await store.execution(id: "e1") == execution)
        let detail = try #require(try await store.executionDetail(id: "exec-full"))
        #expect(detail.steps == [step] && detail.attempts == [attempt])
        #expect(try await store.approval(id: "a1") == approval)
        // Back to nils.
        try await store.apply([.updateExecution(Fixture.execution("e1"))])
        #expect(try await store.execution(id: "e1") == Fixture.execution("e1"))
    }

    func datesKeepWholeMilliseconds(_ store: any ExecutionStore) async throws {
        let instants: [(Date, Date)] = [
            (Date(timeIntervalSince1970: 1_700_000_000.123_9), Date(timeIntervalSince1970: 1_700_000_000.123)),
            (Date(timeIntervalSince1970: 0.000_4), Date(timeIntervalSince1970: 0)),
            (Date(timeIntervalSince1970: -1.5), Date(timeIntervalSince1970: -1.5)),
            (Date(timeIntervalSince1970: -0.000_5), Date(timeIntervalSince1970: -0.001)),
            (Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSinceReferenceDate: 0)),
            (Date(timeIntervalSince1970: 4_102_444_800.999), Date(timeIntervalSince1970: 4_102_444_800.999)),
        ]
        for (index, (written, expected)) in instants.enumerated() {
            var record = Fixture.execution("e\(index)")
            record.createdAt = written
            record.startedAt = written
            try await store.apply([.insertExecution(record)])
            let read = try #require(try await store.execution(id: record.id))
            #expect(read.createdAt == expected, "written \(written.timeIntervalSince1970)")
            #expect(read.startedAt == expected)
        }
        let now = Date()
        var record = Fixture.execution("now")
        record.createdAt = now
        try await store.apply([.insertExecution(record)])
        let read = try #require(try await store.execution(id: "now"))
        #expect(read.createdAt <= now && now.timeIntervalSince(read.createdAt) < 0.001)
        var again = read
        again.status = .running
        try await store.apply([.updateExecution(again)])
        #expect(try await store.execution(id: "now") == again)
    }

    // MARK: Atomicity and conflicts

    func applyIsAtomic(_ store: any ExecutionStore) async throws {
        try await store.apply([.insertExecution(Fixture.execution("existing")), .insertIdempotencyKey(Fixture.idempotency("k"))])
        let before = try await store.tasks(executionId: "new")
        #expect(before.isEmpty)
        let batches: [[StoreMutation]] = [
            [.insertExecution(Fixture.execution("existing"))],
            [.insertIdempotencyKey(Fixture.idempotency("k"))],
            [.updateExecution(Fixture.execution("unknown"))],
        ]
        for last in batches {
            let batch: [StoreMutation] = [
                .insertExecution(Fixture.execution("new")), .insertTask(Fixture.task("new")),
                .putStepRun(StepRunRecord(executionId: "new", stepId: "s", action: "core.log")),
                .putApproval(Fixture.approval("new-approval")), .putDefinitionVersion(Fixture.version("new-version")),
                .insertIdempotencyKey(Fixture.idempotency("new-key")), .deleteTasks(executionId: "existing"),
            ] + last
            do {
                try await store.apply(batch)
                Issue.record("a batch ending with \(last) was applied")
            } catch {
                guard case .conflict = error else { Issue.record("expected a conflict, got \(error)"); continue }
            }
            #expect(try await store.execution(id: "new") == nil)
            #expect(try await store.tasks(executionId: "new").isEmpty)
            #expect(try await store.executionDetail(id: "new") == nil)
            #expect(try await store.approval(id: "new-approval") == nil)
            #expect(try await store.definitionVersion(id: "new-version") == nil)
            #expect(try await store.idempotencyRecord(key: "new-key", workflowId: "deploy") == nil)
            #expect(try await store.nextDueDate() == nil)
        }
        // The store still works after failed batches.
        try await store.apply([.insertExecution(Fixture.execution("after"))])
        #expect(try await store.execution(id: "after") != nil)
        #expect(try await store.apply([]) == [])
    }

    func idempotencyKeys(_ store: any ExecutionStore) async throws {
        try await store.apply([
            .insertIdempotencyKey(Fixture.idempotency("old", at: -10_000)),
            .insertIdempotencyKey(Fixture.idempotency("edge", at: 0)),
            .insertIdempotencyKey(Fixture.idempotency("new", at: 10_000)),
            .insertIdempotencyKey(Fixture.idempotency("new", workflowId: "other", at: 10_000)),
        ])
        do {
            try await store.apply([.insertIdempotencyKey(Fixture.idempotency("new"))])
            Issue.record("a duplicate idempotency key was accepted")
        } catch {
            guard case .conflict = error else { Issue.record("expected a conflict, got \(error)"); return }
        }
        #expect(try await store.deleteIdempotencyRecords(before: Fixture.at(0)) == 1)
        #expect(try await store.idempotencyRecord(key: "old", workflowId: "deploy") == nil)
        #expect(try await store.idempotencyRecord(key: "edge", workflowId: "deploy") == Fixture.idempotency("edge"))
        #expect(try await store.deleteIdempotencyRecords(before: Fixture.at(0)) == 0)
        #expect(try await store.deleteIdempotencyRecords(before: Fixture.at(10_001)) == 3)
        // A deleted key can be used again.
        try await store.apply([.insertIdempotencyKey(Fixture.idempotency("new"))])
    }

    func definitionVersions(_ store: any ExecutionStore) async throws {
        try await store.apply([
            .putDefinitionVersion(Fixture.version("v1", at: 0)), .putDefinitionVersion(Fixture.version("v3", at: 20)),
            .putDefinitionVersion(Fixture.version("v2", at: 10)), .putDefinitionVersion(Fixture.version("v2b", at: 10)),
            .putDefinitionVersion(Fixture.version("other", workflowId: "other", at: 30)),
        ])
        var changed = Fixture.workflow
        changed.steps.removeLast()
        try await store.apply([.putDefinitionVersion(Fixture.version("v1", at: 99, workflow: changed))])
        #expect(try await store.definitionVersion(id: "v1") == Fixture.version("v1"))
        let versions = try await store.definitionVersions(workflowId: "deploy")
        #expect(versions.map(\.id) == ["v3", "v2b", "v2", "v1"])
        #expect(versions[0] == Fixture.version("v3", at: 20))
        #expect(try await store.definitionVersions(workflowId: "missing").isEmpty)
    }

    func approvalsByStatus(_ store: any ExecutionStore) async throws {
        try await store.apply([
            .putApproval(Fixture.approval("c", status: .pending, at: 30)),
            .putApproval(Fixture.approval("a", status: .pending, at: 10)),
            .putApproval(Fixture.approval("b", status: .approved, at: 20)),
            .putApproval(Fixture.approval("d", status: .pending, at: 10)),
        ])
        #expect(try await store.approvals(status: .pending).map(\.id) == ["a", "d", "c"])
        #expect(try await store.approvals(status: .approved).map(\.id) == ["b"])
        #expect(try await store.approvals(status: .timedOut).isEmpty)
        #expect(try await store.approvals(status: nil).map(\.id) == ["a", "d", "b", "c"])
        try await store.apply([.putApproval(Fixture.approval("a", status: .cancelled, at: 10))])
        #expect(try await store.approvals(status: .pending).map(\.id) == ["d", "c"])
    }
}
