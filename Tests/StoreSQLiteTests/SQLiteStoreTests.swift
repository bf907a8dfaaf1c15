import Foundation
import Model
import Store
import StoreSQLite
import Testing

/// A fresh folder under the system's temporary folder, removed when released.
final class TemporaryFolder: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// The conformance suite on a real SQLite file per test.
@Suite struct SQLiteStoreConformanceTests {
    let folder: TemporaryFolder
    let store: SQLiteStore
    let conformance = StoreConformance()

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteStore(path: folder.path("store.db"))
    }

    @Test func recordsRoundTrip() async throws { try await conformance.recordsRoundTrip(store) }
    @Test func taskRoundTripsAndIdsFollowOrder() async throws { try await conformance.taskRoundTripsAndIdsFollowOrder(store) }
    @Test func replacingPutsAndUpdates() async throws { try await conformance.replacingPutsAndUpdates(store) }
    @Test func datesKeepWholeMilliseconds() async throws { try await conformance.datesKeepWholeMilliseconds(store) }
    @Test func applyIsAtomic() async throws { try await conformance.applyIsAtomic(store) }
    @Test func idempotencyKeys() async throws { try await conformance.idempotencyKeys(store) }
    @Test func definitionVersions() async throws { try await conformance.definitionVersions(store) }
    @Test func approvalsByStatus() async throws { try await conformance.approvalsByStatus(store) }
    @Test func dueTasks() async throws { try await conformance.dueTasks(store) }
    @Test func executionPaging() async throws { try await conformance.executionPaging(store) }
    @Test func cursorIsStableWhenExecutionsArrive() async throws {
        try await conformance.cursorIsStableWhenExecutionsArrive(store)
    }
    @Test func pagingLimitsAndBadCursors() async throws { try await conformance.pagingLimitsAndBadCursors(store) }
    @Test func concurrencyQueries() async throws { try await conformance.concurrencyQueries(store) }
    @Test func activeAndChildExecutions() async throws { try await conformance.activeAndChildExecutions(store) }
    @Test func durability() async throws {
        let path = store.path
        try await conformance.durability(store) { try SQLiteStore(path: path) }
    }
}

/// The same suite with `synchronous: .full`, plus SQLite-only behaviour.
@Suite struct SQLiteStoreTests {
    let folder: TemporaryFolder
    let conformance = StoreConformance()

    init() throws { folder = try TemporaryFolder() }

    @Test func synchronousFullPassesTheCoreSuite() async throws {
        let store = try SQLiteStore(path: folder.path("full.db"), synchronous: .full)
        try await conformance.recordsRoundTrip(store)
        try await conformance.applyIsAtomic(store)
        try await conformance.dueTasks(store)
    }

    @Test func createsFolderAndWriteAheadLog() async throws {
        let path = folder.path("nested/deeper/store.db")
        let store = try SQLiteStore(path: path)
        try await store.apply([.insertExecution(Fixture.execution("e1"))])
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    /// Before a burst the log is emptied (a burst then appends to an empty file), and nothing
    /// written before is lost.
    @Test func preparingForABurstEmptiesTheLog() async throws {
        let path = folder.path("burst.db")
        let store = try SQLiteStore(path: path)
        try await store.apply((0..<50).map { .insertExecution(Fixture.execution("e\($0)")) })
        let size = { (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? nil }
        #expect((size() ?? 0) > 0)
        await store.prepareForBurst()
        #expect(size() == 0)
        #expect(try await store.execution(id: "e49") != nil)
    }

    @Test func reopeningAfterReleaseKeepsEverythingAndMigratesOnce() async throws {
        let path = folder.path("reopen.db")
        var taskId: Int64 = 0
        do {
            let store = try SQLiteStore(path: path, synchronous: .full)
            taskId = try await store.apply([.insertExecution(Fixture.fullExecution), .insertTask(Fixture.fullTask)])[0]
        }
        for _ in 0..<2 {
            let store = try SQLiteStore(path: path)
            #expect(try await store.execution(id: "exec-full") == Fixture.fullExecution)
            #expect(try await store.tasks(executionId: "exec-full").map(\.id) == [taskId])
        }
    }

    @Test func unopenablePathIsABackendError() throws {
        try Data("x".utf8).write(to: folder.url.appendingPathComponent("file"))
        do {
            _ = try SQLiteStore(path: folder.path("file/store.db"))
            Issue.record("opened a store below a file")
        } catch {
            guard case .backend(let operation, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(operation == "open")
        }
        let garbage = folder.path("garbage.db")
        try Data(repeating: 0x41, count: 8_192).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: StoreError.self) { try SQLiteStore(path: garbage) }
    }

    @Test func concurrentCallersAllLand() async throws {
        let store = try SQLiteStore(path: folder.path("concurrent.db"))
        try await withThrowingTaskGroup(of: [Int64].self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await store.apply([
                        .insertExecution(Fixture.execution(String(format: "e%03d", index), at: Int64(index))),
                        .insertTask(Fixture.task(String(format: "e%03d", index), due: Int64(index))),
                    ])
                }
            }
            var ids: Set<Int64> = []
            for try await batch in group { ids.formUnion(batch) }
            #expect(ids.count == 200)
        }
        #expect(try await store.dueTasks(now: Fixture.at(1_000), limit: 1_000).count == 200)
        #expect(try await store.executions(ExecutionQuery(limit: 500)).items.count == 200)
    }

    @Test func storedDateTruncatesToMilliseconds() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123_999)
        #expect(SQLiteStore.storedDate(date) == Date(timeIntervalSince1970: 1_700_000_000.123))
        #expect(SQLiteStore.storedDate(Fixture.base) == Fixture.base)
    }

    /// `STORE_BENCHMARK=1 swift test -c release --filter applyThroughput`
    @Test(.enabled(if: ProcessInfo.processInfo.environment["STORE_BENCHMARK"] != nil))
    func applyThroughput() async throws {
        for synchronous in [SQLiteStore.Synchronous.normal, .full] {
            let store = try SQLiteStore(path: folder.path("bench-\(synchronous).db"), synchronous: synchronous)
            let count = synchronous == .normal ? 10_000 : 2_000
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                for index in 0..<count {
                    var record = Fixture.fullExecution
                    record.id = "e\(index)"
                    try await store.apply([.insertExecution(record)])
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("apply, one execution per batch, synchronous \(synchronous): \(count) in \(seconds) s = \(Int(Double(count) / seconds))/s")
            let mixed = try await clock.measure {
                for index in 0..<count {
                    try await store.apply([
                        .updateExecution(Fixture.execution("e\(index)", status: .running)),
                        .putStepRun(StepRunRecord(executionId: "e\(index)", stepId: "s", action: "core.log", status: .running)),
                        .putAttempt(AttemptRecord(executionId: "e\(index)", stepId: "s", number: 1, startedAt: Fixture.base)),
                        .insertTask(Fixture.task("e\(index)", kind: .runAction, due: Int64(index))),
                    ])
                }
            }
            let mixedSeconds = Double(mixed.components.seconds) + Double(mixed.components.attoseconds) / 1e18
            print("apply, 4-mutation step batch, synchronous \(synchronous): \(Int(Double(count) / mixedSeconds))/s")
        }
    }
}
