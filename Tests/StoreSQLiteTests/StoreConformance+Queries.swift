import Foundation
import Model
import Store
import Testing

extension StoreConformance {
    // MARK: Tasks

    func dueTasks(_ store: any ExecutionStore) async throws {
        #expect(try await store.nextDueDate() == nil)
        #expect(try await store.dueTasks(now: Fixture.at(1_000_000), limit: 10).isEmpty)
        let ids = try await store.apply([
            .insertTask(Fixture.task("e1", due: 30)), .insertTask(Fixture.task("e1", due: 10)),
            .insertTask(Fixture.task("e2", due: 20)), .insertTask(Fixture.task("e2", due: 10)),
            .insertTask(Fixture.task("e3", due: 40)),
        ])
        #expect(try await store.nextDueDate() == Fixture.at(10))
        let due = try await store.dueTasks(now: Fixture.at(30), limit: 10)
        #expect(due.map(\.id) == [ids[1], ids[3], ids[2], ids[0]])
        #expect(due.map(\.dueAt) == [Fixture.at(10), Fixture.at(10), Fixture.at(20), Fixture.at(30)])
        #expect(try await store.dueTasks(now: Fixture.at(29), limit: 10).map(\.id) == [ids[1], ids[3], ids[2]])
        #expect(try await store.dueTasks(now: Fixture.at(100), limit: 2).map(\.id) == [ids[1], ids[3]])
        #expect(try await store.dueTasks(now: Fixture.at(9), limit: 10).isEmpty)

        try await store.apply([.deleteTask(id: ids[1]), .deleteTask(id: 999_999)])
        #expect(try await store.dueTasks(now: Fixture.at(10), limit: 10).map(\.id) == [ids[3]])
        try await store.apply([.deleteTasks(executionId: "e2")])
        #expect(try await store.tasks(executionId: "e2").isEmpty)
        #expect(try await store.tasks(executionId: "e1").map(\.id) == [ids[0]])
        #expect(try await store.nextDueDate() == Fixture.at(30))
        try await store.apply([.deleteTasks(executionId: "e1"), .deleteTasks(executionId: "e3")])
        #expect(try await store.nextDueDate() == nil)
    }

    // MARK: Listing executions

    /// 12 executions of "wf" (two share a creation time), 3 of "other".
    private func insertListing(_ store: any ExecutionStore) async throws -> [ExecutionRecord] {
        var records: [ExecutionRecord] = []
        for index in 0..<12 {
            let status: ExecutionStatus = index % 3 == 0 ? .succeeded : (index % 3 == 1 ? .running : .queued)
            records.append(Fixture.execution(String(format: "wf-%02d", index), status: status, at: Int64(index == 7 ? 6 : index)))
        }
        for index in 0..<3 {
            records.append(Fixture.execution("other-\(index)", workflowId: "other", status: .running, at: Int64(index * 5)))
        }
        try await store.apply(records.map(StoreMutation.insertExecution))
        return records
    }

    private func newestFirst(_ records: [ExecutionRecord]) -> [String] {
        records.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.map(\.id)
    }

    private func allPages(_ store: any ExecutionStore, _ query: ExecutionQuery) async throws -> [[String]] {
        var pages: [[String]] = []
        var query = query
        while true {
            let page = try await store.executions(query)
            pages.append(page.items.map(\.id))
            guard let next = page.nextCursor else { return pages }
            #expect(pages.count < 100)
            query.cursor = next
        }
    }

    func executionPaging(_ store: any ExecutionStore) async throws {
        let records = try await insertListing(store)
        let wf = records.filter { $0.workflowId == "wf" }
        let pages = try await allPages(store, ExecutionQuery(workflowId: "wf", limit: 5))
        #expect(pages.map(\.count) == [5, 5, 2])
        #expect(pages.flatMap { $0 } == newestFirst(wf))
        #expect(pages[0].last == "wf-07" && pages[1].first == "wf-06")  // a tie across pages

        let exact = try await allPages(store, ExecutionQuery(workflowId: "wf", limit: 4))
        #expect(exact.map(\.count) == [4, 4, 4])

        let all = try await allPages(store, ExecutionQuery(limit: 6))
        #expect(all.flatMap { $0 } == newestFirst(records))
        #expect(all.count == 3)

        let running = try await allPages(store, ExecutionQuery(status: .running, limit: 2))
        #expect(running.flatMap { $0 } == newestFirst(records.filter { $0.status == .running }))
        let runningWf = try await allPages(store, ExecutionQuery(workflowId: "wf", status: .running, limit: 3))
        #expect(runningWf.flatMap { $0 } == newestFirst(wf.filter { $0.status == .running }))
        #expect(try await store.executions(ExecutionQuery(workflowId: "missing")).items.isEmpty)
        #expect(try await store.executions(ExecutionQuery(workflowId: "missing")).nextCursor == nil)

        let first = try await store.executions(ExecutionQuery(workflowId: "wf", limit: 5))
        #expect(first.items == Array(wf.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.prefix(5)))
    }

    func cursorIsStableWhenExecutionsArrive(_ store: any ExecutionStore) async throws {
        let records = try await insertListing(store)
        let first = try await store.executions(ExecutionQuery(workflowId: "wf", limit: 5))
        try await store.apply([
            .insertExecution(Fixture.execution("wf-new-1", at: 1_000)), .insertExecution(Fixture.execution("wf-new-2", at: 1_001)),
        ])
        let rest = try await allPages(store, ExecutionQuery(workflowId: "wf", limit: 5, cursor: first.nextCursor))
        let expected = newestFirst(records.filter { $0.workflowId == "wf" })
        #expect(first.items.map(\.id) + rest.flatMap { $0 } == expected)
        let fresh = try await store.executions(ExecutionQuery(workflowId: "wf", limit: 2))
        #expect(fresh.items.map(\.id) == ["wf-new-2", "wf-new-1"])
    }

    func pagingLimitsAndBadCursors(_ store: any ExecutionStore) async throws {
        try await store.apply((0..<501).map { .insertExecution(Fixture.execution(String(format: "e%03d", $0), at: Int64($0))) })
        let capped = try await store.executions(ExecutionQuery(limit: 10_000))
        #expect(capped.items.count == 500)
        #expect(capped.items.first?.id == "e500")
        let last = try await store.executions(ExecutionQuery(limit: 10_000, cursor: capped.nextCursor))
        #expect(last.items.map(\.id) == ["e000"] && last.nextCursor == nil)
        for cursor in ["", "not a cursor", "%%%", "bm9jb2xvbg"] {
            do {
                _ = try await store.executions(ExecutionQuery(cursor: cursor))
                Issue.record("cursor \(cursor) was accepted")
            } catch {
                guard case .corrupt = error else { Issue.record("expected corrupt, got \(error)"); continue }
            }
        }
    }

    // MARK: Engine queries

    func concurrencyQueries(_ store: any ExecutionStore) async throws {
        try await store.apply([
            .insertExecution(Fixture.execution("q-nil-2", status: .queued, at: 20)),
            .insertExecution(Fixture.execution("q-nil-1", status: .queued, at: 10)),
            .insertExecution(Fixture.execution("r-nil", status: .running, at: 0)),
            .insertExecution(Fixture.execution("w-nil", status: .waiting, at: 1)),
            .insertExecution(Fixture.execution("q-k1-b", status: .queued, at: 5, concurrencyKey: "k1")),
            .insertExecution(Fixture.execution("q-k1-a", status: .queued, at: 5, concurrencyKey: "k1")),
            .insertExecution(Fixture.execution("r-k1", status: .running, at: 2, concurrencyKey: "k1")),
            .insertExecution(Fixture.execution("s-k1", status: .succeeded, at: 3, concurrencyKey: "k1")),
            .insertExecution(Fixture.execution("q-other", workflowId: "other", status: .queued, at: 0)),
        ])
        let active: Set<ExecutionStatus> = [.running, .waiting]
        #expect(try await store.countExecutions(workflowId: "wf", concurrencyKey: nil, statuses: active) == 2)
        #expect(try await store.countExecutions(workflowId: "wf", concurrencyKey: nil, statuses: [.queued]) == 2)
        #expect(try await store.countExecutions(workflowId: "wf", concurrencyKey: "k1", statuses: active) == 1)
        #expect(try await store.countExecutions(workflowId: "wf", concurrencyKey: "k1", statuses: Set(ExecutionStatus.allCases)) == 4)
        #expect(try await store.countExecutions(workflowId: "wf", concurrencyKey: "k2", statuses: active) == 0)
        #expect(try await store.countExecutions(workflowId: "wf", concurrencyKey: nil, statuses: []) == 0)
        #expect(try await store.countExecutions(workflowId: "other", concurrencyKey: nil, statuses: [.queued]) == 1)
        #expect(try await store.oldestQueuedExecution(workflowId: "wf", concurrencyKey: nil)?.id == "q-nil-1")
        #expect(try await store.oldestQueuedExecution(workflowId: "wf", concurrencyKey: "k1")?.id == "q-k1-a")
        #expect(try await store.oldestQueuedExecution(workflowId: "wf", concurrencyKey: "k2") == nil)
        #expect(try await store.oldestQueuedExecution(workflowId: "missing", concurrencyKey: nil) == nil)
        var started = Fixture.execution("q-k1-a", status: .running, at: 5, concurrencyKey: "k1")
        started.startedAt = Fixture.at(50)
        try await store.apply([.updateExecution(started)])
        #expect(try await store.oldestQueuedExecution(workflowId: "wf", concurrencyKey: "k1")?.id == "q-k1-b")
        #expect(try await store.countExecutions(workflowId: "wf", concurrencyKey: "k1", statuses: active) == 2)
    }

    func activeAndChildExecutions(_ store: any ExecutionStore) async throws {
        var mutations: [StoreMutation] = []
        for (index, status) in ExecutionStatus.allCases.enumerated() {
            mutations.append(.insertExecution(Fixture.execution("\(status.rawValue)", status: status, at: Int64(10 - index))))
        }
        mutations += [
            .insertExecution(Fixture.execution("child-2", status: .succeeded, at: 30, parent: "Running")),
            .insertExecution(Fixture.execution("child-1", status: .running, at: 20, parent: "Running")),
            .insertExecution(Fixture.execution("grandchild", status: .queued, at: 40, parent: "child-1")),
        ]
        try await store.apply(mutations)
        let active = try await store.activeExecutions()
        #expect(active.map(\.id) == ["Waiting", "Running", "Queued", "child-1", "grandchild"])
        #expect(try await store.childExecutions(parentExecutionId: "Running").map(\.id) == ["child-1", "child-2"])
        #expect(try await store.childExecutions(parentExecutionId: "child-1").map(\.id) == ["grandchild"])
        #expect(try await store.childExecutions(parentExecutionId: "Queued").isEmpty)
        #expect(try await store.childExecutions(parentExecutionId: "child-1").first?.parentStepId == "call")
    }

    // MARK: Durability

    /// Writes through `store`, then checks that a store opened again on the same data has everything.
    func durability(_ store: any ExecutionStore, reopen: () async throws -> any ExecutionStore) async throws {
        let taskIds = try await store.apply([
            .insertExecution(Fixture.fullExecution), .putStepRun(Fixture.fullStepRun), .putAttempt(Fixture.fullAttempt),
            .insertTask(Fixture.fullTask), .putApproval(Fixture.fullApproval), .putDefinitionVersion(Fixture.version("v1")),
            .insertIdempotencyKey(Fixture.idempotency("key")),
        ])
        let reopened = try await reopen()
        #expect(try await reopened.execution(id: "exec-full") == Fixture.fullExecution)
        let detail = try await reopened.executionDetail(id: "exec-full")
        #expect(detail?.steps == [Fixture.fullStepRun] && detail?.attempts == [Fixture.fullAttempt])
        var task = Fixture.fullTask
        task.id = taskIds[0]
        #expect(try await reopened.tasks(executionId: "exec-full") == [task])
        #expect(try await reopened.approval(id: "approval-full") == Fixture.fullApproval)
        #expect(try await reopened.definitionVersion(id: "v1") == Fixture.version("v1"))
        #expect(try await reopened.idempotencyRecord(key: "key", workflowId: "deploy") == Fixture.idempotency("key"))
        let more = try await reopened.apply([.insertTask(Fixture.task())])
        #expect(more[0] > taskIds[0])
    }
}
