import Foundation
import SQLite
import Store

extension SQLiteStore: ScheduleStore {
    public func scheduleStates() throws(StoreError) -> [ScheduleStateRecord] {
        try database.scheduleStates()
    }

    public func saveSchedules(states: [ScheduleStateRecord], fires: [ScheduleFireRecord]) throws(StoreError) {
        try database.saveSchedules(states: states, fires: fires)
    }

    public func scheduleFires(scheduleId: String, limit: Int) throws(StoreError) -> [ScheduleFireRecord] {
        try database.scheduleFires(
            where: "schedule_id = ?1 ORDER BY fire_time DESC LIMIT ?2", [.text(scheduleId), .integer(Int64(max(0, limit)))])
    }

    public func scheduleFires(scheduleId: String, from: Date, to: Date) throws(StoreError) -> [ScheduleFireRecord] {
        try database.scheduleFires(
            where: "schedule_id = ?1 AND fire_time >= ?2 AND fire_time <= ?3 ORDER BY fire_time",
            [.text(scheduleId), .integer(Milliseconds.from(from)), .integer(Milliseconds.from(to))])
    }

    public func lastTickFireTimes() throws(StoreError) -> [String: Date] {
        let rows = try database.rows(
            "SELECT schedule_id, MAX(fire_time) FROM schedule_fires WHERE kind IN ('scheduled', 'catchup') GROUP BY schedule_id", [],
            "lastTickFireTimes"
        ) { statement throws(StoreError) in (statement.string(at: 0), Milliseconds.date(statement.int64(at: 1))) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    public func activeScheduleFires() throws(StoreError) -> [ScheduleFireRecord] {
        try database.scheduleFires(
            where: """
                execution_id IN (SELECT id FROM executions WHERE status NOT IN ('Succeeded', 'Failed', 'Cancelled', 'TimedOut')) \
                ORDER BY fire_time
                """, [])
    }

    public func deleteScheduleFires(before date: Date) throws(StoreError) -> Int {
        try database.deleteScheduleFires(before: date)
    }

    public func prepareForBurst() {
        // PASSIVE: copies what no reader needs, never waits for anyone.
        try? database.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    }
}

extension StoreDatabase {
    private static let stateEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static let stateDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    private static let fireColumns = "schedule_id, fire_time, kind, outcome, execution_id, message, recorded_at"

    func scheduleStates() throws(StoreError) -> [ScheduleStateRecord] {
        let texts = try rows("SELECT state_json FROM schedule_states ORDER BY schedule_id", [], "scheduleStates") {
            statement throws(StoreError) in statement.string(at: 0)
        }
        var states: [ScheduleStateRecord] = []
        states.reserveCapacity(texts.count)
        for text in texts {
            do {
                states.append(try Self.stateDecoder.decode(ScheduleStateRecord.self, from: Data(text.utf8)))
            } catch {
                throw .corrupt("schedule_states: \(error)")
            }
        }
        return states
    }

    func saveSchedules(states: [ScheduleStateRecord], fires: [ScheduleFireRecord]) throws(StoreError) {
        guard !states.isEmpty || !fires.isEmpty else { return }
        var encoded: [(String, String)] = []
        encoded.reserveCapacity(states.count)
        for state in states {
            do {
                encoded.append((state.scheduleId, String(decoding: try Self.stateEncoder.encode(state), as: UTF8.self)))
            } catch {
                throw .backend(operation: "saveSchedules", message: "cannot encode the state of \(state.scheduleId): \(error)")
            }
        }
        try connection.transaction(.immediate, mapError: Self.backend("saveSchedules")) { () throws(StoreError) in
            for (id, json) in encoded {
                try write(
                    "INSERT INTO schedule_states (schedule_id, state_json) VALUES (?1, ?2) ON CONFLICT(schedule_id) DO UPDATE SET state_json = ?2",
                    "saveSchedules"
                ) { statement throws(SQLiteError) in try statement.bind([.text(id), .text(json)]) }
            }
            for fire in fires { try insertScheduleFire(fire) }
        }
    }

    func insertScheduleFire(_ fire: ScheduleFireRecord) throws(StoreError) {
        try write(
            "INSERT INTO schedule_fires (\(Self.fireColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", "insertScheduleFire",
            conflict: "schedule \(fire.scheduleId) already fired at \(Milliseconds.from(fire.fireTime)) ms"
        ) { statement throws(SQLiteError) in
            try statement.bind([
                .text(fire.scheduleId), .integer(Milliseconds.from(fire.fireTime)), .text(fire.kind.rawValue),
                .text(fire.outcome.rawValue), fire.executionId.map(SQLiteValue.text) ?? .null,
                fire.message.map(SQLiteValue.text) ?? .null, .integer(Milliseconds.from(fire.recordedAt)),
            ])
        }
    }

    func scheduleFires(where clause: String, _ values: [SQLiteValue]) throws(StoreError) -> [ScheduleFireRecord] {
        try rows("SELECT \(Self.fireColumns) FROM schedule_fires WHERE \(clause)", values, "scheduleFires") {
            statement throws(StoreError) in
            guard let kind = ScheduleFireKind(rawValue: statement.string(at: 2)),
                let outcome = ScheduleFireOutcome(rawValue: statement.string(at: 3))
            else { throw .corrupt("schedule_fires: unknown kind or outcome") }
            return ScheduleFireRecord(
                scheduleId: statement.string(at: 0), fireTime: Milliseconds.date(statement.int64(at: 1)), kind: kind, outcome: outcome,
                executionId: statement.optionalString(at: 4), message: statement.optionalString(at: 5),
                recordedAt: Milliseconds.date(statement.int64(at: 6)))
        }
    }

    func deleteScheduleFires(before date: Date) throws(StoreError) -> Int {
        try connection.transaction(.immediate, mapError: Self.backend("deleteScheduleFires")) { () throws(StoreError) in
            // By the key (schedule, tick) rather than an index on `recorded_at` that every fire would pay for.
            try write(
                "DELETE FROM schedule_fires WHERE schedule_id IN (SELECT schedule_id FROM schedule_states) AND fire_time < ?1",
                "deleteScheduleFires"
            ) { statement throws(SQLiteError) in
                try statement.bind([.integer(Milliseconds.from(date))])
            }
            return connection.changes
        }
    }
}
