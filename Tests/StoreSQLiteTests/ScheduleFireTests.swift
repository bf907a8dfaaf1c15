import Foundation
import Model
import SQLite
import Store
@testable import StoreSQLite
import Testing

/// Fires are written in the order they happen and indexed by schedule later: every read must
/// give the same answer whether a fire is indexed yet or not.
@Suite struct ScheduleFireTests {
    let folder: TemporaryFolder
    let store: SQLiteStore

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteStore(path: folder.path("store.db"))
    }

    static let base = Date(timeIntervalSince1970: 1_800_000_000)

    static func fire(_ scheduleId: String, minute: Int, kind: ScheduleFireKind = .scheduled, outcome: ScheduleFireOutcome = .skipped)
        -> ScheduleFireRecord
    {
        ScheduleFireRecord(
            scheduleId: scheduleId, fireTime: base.addingTimeInterval(Double(minute) * 60), kind: kind, outcome: outcome,
            message: "minute \(minute)", recordedAt: base.addingTimeInterval(Double(minute) * 60 + 1))
    }

    /// Three schedules, fires recorded tick by tick, plus a backfilled tick recorded last.
    func record() async throws {
        for minute in 0..<6 {
            try await store.saveSchedules(states: [], fires: ["a", "b", "c"].map { Self.fire($0, minute: minute) })
        }
        try await store.saveSchedules(states: [], fires: [Self.fire("b", minute: -10, kind: .backfill)])
    }

    /// Every read the scheduler and the API make, as one comparable value.
    func reads() async throws -> [[ScheduleFireRecord]] {
        [
            try await store.scheduleFires(scheduleId: "b", limit: 3),
            try await store.scheduleFires(scheduleId: "b", limit: 100),
            try await store.scheduleFires(scheduleId: "a", from: Self.base.addingTimeInterval(60), to: Self.base.addingTimeInterval(180)),
            try await store.scheduleFires(scheduleId: "b", from: Self.base.addingTimeInterval(-600), to: Self.base.addingTimeInterval(-600)),
            try await store.scheduleFires(scheduleId: "missing", limit: 10),
        ]
    }

    @Test func readsAreTheSameBeforeDuringAndAfterIndexing() async throws {
        try await record()
        let before = try await reads()
        #expect(before[0].map(\.fireTime) == [5, 4, 3].map { Self.base.addingTimeInterval(Double($0) * 60) })
        #expect(before[1].count == 7)
        #expect(before[1].last?.kind == .backfill)
        #expect(before[2].map(\.fireTime) == [1, 2, 3].map { Self.base.addingTimeInterval(Double($0) * 60) })
        #expect(before[3].map(\.kind) == [.backfill])
        #expect(before[4].isEmpty)

        let unindexed = try await store.unindexedScheduleFires(limit: 1_000)
        #expect(unindexed.count == 19)
        #expect(unindexed.map(\.fireId) == unindexed.map(\.fireId).sorted())
        // Half indexed, the mark not moved yet: both halves are read, none twice.
        try await store.indexScheduleFires(Array(unindexed.prefix(8)), through: nil)
        #expect(try await reads() == before)
        try await store.indexScheduleFires(Array(unindexed.dropFirst(8)), through: unindexed.last?.fireId)
        #expect(try await reads() == before)
        #expect(try await store.unindexedScheduleFires(limit: 1_000).isEmpty)
        // Indexing again changes nothing.
        try await store.indexScheduleFires(unindexed, through: unindexed.last?.fireId)
        #expect(try await reads() == before)

        // New fires after the mark are read with the indexed ones.
        try await store.saveSchedules(states: [], fires: [Self.fire("b", minute: 6)])
        #expect(try await store.scheduleFires(scheduleId: "b", limit: 2).map(\.fireTime) == [6, 5].map { Self.base.addingTimeInterval(Double($0) * 60) })
        #expect(try await store.unindexedScheduleFires(limit: 1_000).map(\.scheduleId) == ["b"])
    }

    @Test func aTickFiresOnceWhetherIndexedOrNot() async throws {
        try await record()
        await #expect(throws: StoreError.self) { try await store.saveSchedules(states: [], fires: [Self.fire("a", minute: 2)]) }
        let unindexed = try await store.unindexedScheduleFires(limit: 1_000)
        try await store.indexScheduleFires(unindexed, through: unindexed.last?.fireId)
        await #expect(throws: StoreError.self) { try await store.saveSchedules(states: [], fires: [Self.fire("a", minute: 2)]) }
        // Another schedule at the same tick is another fire.
        try await store.saveSchedules(states: [], fires: [Self.fire("d", minute: 2)])
    }

    @Test func latestTickFiresLooksOnlyFromSinceAndOnlyAtTicks() async throws {
        try await record()
        try await store.saveSchedules(states: [], fires: [Self.fire("a", minute: 9, kind: .manual)])
        let latest = try await store.latestTickFires(since: Self.base.addingTimeInterval(4 * 60))
        #expect(latest.map(\.scheduleId) == ["a", "b", "c"])
        #expect(latest.allSatisfy { $0.fireTime == Self.base.addingTimeInterval(5 * 60) && $0.kind == .scheduled })
        #expect(try await store.latestTickFires(since: Self.base.addingTimeInterval(6 * 60)).isEmpty)
    }

    @Test func purgingRemovesFiresAndTheirIndexAndNeverHidesLaterOnes() async throws {
        try await record()
        let unindexed = try await store.unindexedScheduleFires(limit: 1_000)
        try await store.indexScheduleFires(unindexed, through: unindexed.last?.fireId)
        // The backfilled fire is old but the newest recorded: it stays, so ids never come back.
        #expect(try await store.deleteScheduleFires(before: Self.base.addingTimeInterval(3 * 60)) == 9)
        #expect(try await store.scheduleFires(scheduleId: "b", limit: 100).map(\.fireTime) == [5, 4, 3, -10].map { Self.base.addingTimeInterval(Double($0) * 60) })
        #expect(try await store.deleteScheduleFires(before: Self.base.addingTimeInterval(3_600)) == 9)
        #expect(try await store.scheduleFires(scheduleId: "b", limit: 100).map(\.kind) == [.backfill])
        // A new fire gets a new id, above the mark: it is read.
        try await store.saveSchedules(states: [], fires: [Self.fire("a", minute: 100)])
        #expect(try await store.scheduleFires(scheduleId: "a", limit: 10).map(\.fireTime) == [Self.base.addingTimeInterval(6_000)])
    }

    /// A store of schema version 4 (fires keyed by schedule) keeps its fires on upgrade.
    @Test func firesOfVersion4SurviveTheUpgrade() async throws {
        let path = folder.path("version4.db")
        do {
            let connection = try Connection(path: path)
            try connection.migrate(Array(Schema.migrations.prefix(4)))
            try connection.execute(
                """
                INSERT INTO schedule_fires (schedule_id, fire_time, kind, outcome, execution_id, message, recorded_at) VALUES
                  ('a', 1800000060000, 'scheduled', 'started', 'e2', NULL, 1800000060001),
                  ('a', 1800000000000, 'scheduled', 'started', 'e1', NULL, 1800000000001),
                  ('b', 1800000000000, 'manual', 'skipped', NULL, 'busy', 1800000000002)
                """)
        }
        let upgraded = try SQLiteStore(path: path)
        #expect(try await upgraded.scheduleFires(scheduleId: "a", limit: 10).map(\.executionId) == ["e2", "e1"])
        #expect(try await upgraded.scheduleFires(scheduleId: "b", limit: 10).map(\.message) == ["busy"])
        #expect(try await upgraded.unindexedScheduleFires(limit: 10).isEmpty)
        await #expect(throws: StoreError.self) {
            try await upgraded.saveSchedules(
                states: [],
                fires: [
                    ScheduleFireRecord(
                        scheduleId: "a", fireTime: Date(timeIntervalSince1970: 1_800_000_060), kind: .scheduled, outcome: .skipped,
                        recordedAt: Date())
                ])
        }
    }
}
