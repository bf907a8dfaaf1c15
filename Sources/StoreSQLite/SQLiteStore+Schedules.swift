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
            indexed: "schedule_id = ?1 ORDER BY fire_time DESC LIMIT ?2", recent: "schedule_id = ?1",
            order: "fire_time DESC LIMIT ?2", [.text(scheduleId), .integer(Int64(max(0, limit)))])
    }

    public func scheduleFires(scheduleId: String, from: Date, to: Date) throws(StoreError) -> [ScheduleFireRecord] {
        try database.scheduleFires(
            indexed: "schedule_id = ?1 AND fire_time >= ?2 AND fire_time <= ?3",
            // `+`: the recent fires are few; a long range over every schedule's fires is not.
            recent: "schedule_id = ?1 AND +fire_time >= ?2 AND +fire_time <= ?3", order: "fire_time",
            [.text(scheduleId), .integer(Milliseconds.from(from)), .integer(Milliseconds.from(to))])
    }

    public func latestTickFires(since: Date) throws(StoreError) -> [ScheduleFireRecord] {
        let fires = try database.scheduleFires(
            where: "fire_time >= ?1 AND kind IN ('scheduled', 'catchup') ORDER BY fire_time", [.integer(Milliseconds.from(since))])
        var newest: [String: ScheduleFireRecord] = [:]
        for fire in fires { newest[fire.scheduleId] = fire }
        return newest.values.sorted { $0.scheduleId < $1.scheduleId }
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

    public func unindexedScheduleFires(limit: Int) throws(StoreError) -> [ScheduleFireIndexEntry] {
        try database.rows(
            """
            SELECT schedule_id, fire_time, id FROM schedule_fires
            WHERE id > (SELECT through FROM schedule_fires_indexed) ORDER BY id LIMIT ?1
            """, [.integer(Int64(max(0, limit)))], "unindexedScheduleFires"
        ) { statement throws(StoreError) in
            ScheduleFireIndexEntry(
                scheduleId: statement.string(at: 0), fireTime: Milliseconds.date(statement.int64(at: 1)), fireId: statement.int64(at: 2))
        }
    }

    public func indexScheduleFires(_ entries: [ScheduleFireIndexEntry], through: Int64?) throws(StoreError) {
        try database.indexScheduleFires(entries, through: through)
    }

    public func prepareForBurst() {
        // TRUNCATE, so that the burst appends to an empty log: overwriting an old one needs its
        // pages read back from disk first once the system has dropped them from its cache (log
        // frames are not page-aligned), which showed as disk reads and 30 % slower bursts. It
        // waits for other processes' readers, so at most 20 ms; then PASSIVE, which never waits.
        let truncated = database.connection.withBusyTimeout(20) {
            (try? database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")) != nil
        }
        if !truncated { try? database.connection.execute("PRAGMA wal_checkpoint(PASSIVE)") }
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
            // One by one rather than an array of values: a burst writes 10,000 of these.
            try statement.bind(fire.scheduleId, at: 1)
            try statement.bind(Milliseconds.from(fire.fireTime), at: 2)
            try statement.bind(fire.kind.rawValue, at: 3)
            try statement.bind(fire.outcome.rawValue, at: 4)
            try statement.bind(fire.executionId, at: 5)
            try statement.bind(fire.message, at: 6)
            try statement.bind(Milliseconds.from(fire.recordedAt), at: 7)
        }
    }

    func scheduleFires(where clause: String, _ values: [SQLiteValue]) throws(StoreError) -> [ScheduleFireRecord] {
        try rows("SELECT \(Self.fireColumns) FROM schedule_fires WHERE \(clause)", values, "scheduleFires", Self.decodeFire)
    }

    /// One schedule's fires: those the per-schedule index holds (`indexed`, a condition on it)
    /// and those recorded since it was last filled (`recent`, a condition on the fires), in `order`.
    func scheduleFires(indexed: String, recent: String, order: String, _ values: [SQLiteValue]) throws(StoreError)
        -> [ScheduleFireRecord]
    {
        try rows(
            """
            SELECT \(Self.fireColumns) FROM schedule_fires
            WHERE id IN (SELECT fire_id FROM schedule_fires_by_schedule WHERE \(indexed))
            UNION
            SELECT \(Self.fireColumns) FROM schedule_fires
            WHERE id > (SELECT through FROM schedule_fires_indexed) AND \(recent)
            ORDER BY \(order)
            """, values, "scheduleFires", Self.decodeFire)
    }

    private static func decodeFire(_ statement: Statement) throws(StoreError) -> ScheduleFireRecord {
        guard let kind = ScheduleFireKind(rawValue: statement.string(at: 2)),
            let outcome = ScheduleFireOutcome(rawValue: statement.string(at: 3))
        else { throw .corrupt("schedule_fires: unknown kind or outcome") }
        return ScheduleFireRecord(
            scheduleId: statement.string(at: 0), fireTime: Milliseconds.date(statement.int64(at: 1)), kind: kind, outcome: outcome,
            executionId: statement.optionalString(at: 4), message: statement.optionalString(at: 5),
            recordedAt: Milliseconds.date(statement.int64(at: 6)))
    }

    func indexScheduleFires(_ entries: [ScheduleFireIndexEntry], through: Int64?) throws(StoreError) {
        try connection.transaction(.immediate, mapError: Self.backend("indexScheduleFires")) { () throws(StoreError) in
            for entry in entries {
                try write(
                    "INSERT OR IGNORE INTO schedule_fires_by_schedule (schedule_id, fire_time, fire_id) VALUES (?1, ?2, ?3)",
                    "indexScheduleFires"
                ) { statement throws(SQLiteError) in
                    try statement.bind(entry.scheduleId, at: 1)
                    try statement.bind(Milliseconds.from(entry.fireTime), at: 2)
                    try statement.bind(entry.fireId, at: 3)
                }
            }
            if let through {
                try write("UPDATE schedule_fires_indexed SET through = MAX(through, ?1)", "indexScheduleFires") {
                    statement throws(SQLiteError) in try statement.bind(through, at: 1)
                }
            }
        }
    }

    /// Deletes old fires and their index entries a chunk per transaction, so that the hourly
    /// purge of a busy store never holds it for long.
    func deleteScheduleFires(before date: Date) throws(StoreError) -> Int {
        var deleted = 0
        while true {
            let chunk = try connection.transaction(.immediate, mapError: Self.backend("deleteScheduleFires")) {
                () throws(StoreError) -> Int in
                let old = try rows(
                    // Never the newest fire: its id keeps later ids above every id seen before.
                    """
                    SELECT id, schedule_id, fire_time FROM schedule_fires
                    WHERE fire_time < ?1 AND id < (SELECT MAX(id) FROM schedule_fires) ORDER BY fire_time LIMIT 2000
                    """,
                    [.integer(Milliseconds.from(date))], "deleteScheduleFires"
                ) { statement throws(StoreError) in (statement.int64(at: 0), statement.string(at: 1), statement.int64(at: 2)) }
                for (id, scheduleId, fireTime) in old {
                    try write("DELETE FROM schedule_fires_by_schedule WHERE schedule_id = ?1 AND fire_time = ?2", "deleteScheduleFires") {
                        statement throws(SQLiteError) in
                        try statement.bind(scheduleId, at: 1)
                        try statement.bind(fireTime, at: 2)
                    }
                    try write("DELETE FROM schedule_fires WHERE id = ?1", "deleteScheduleFires") { statement throws(SQLiteError) in
                        try statement.bind(id, at: 1)
                    }
                }
                return old.count
            }
            deleted += chunk
            if chunk < 2000 { return deleted }
        }
    }
}
