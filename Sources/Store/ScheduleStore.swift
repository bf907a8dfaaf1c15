import Foundation
import Model

/// Why a schedule fired.
public enum ScheduleFireKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A tick at its time.
    case scheduled
    /// A tick missed during downtime, fired by the catch-up policy.
    case catchup
    /// `POST /schedules/{id}/trigger`.
    case manual
    /// `POST /schedules/{id}/backfill`.
    case backfill
}

/// What a fire led to.
public enum ScheduleFireOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// An execution was created.
    case started
    /// Not run: an earlier execution still ran (`overlap: skip`), or a queue was full.
    case skipped
    /// The execution could not be created (the workflow is gone, the trigger is invalid).
    case failed
}

/// One fire of a schedule. `(scheduleId, fireTime)` is unique: a tick fires at most once.
public struct ScheduleFireRecord: Sendable, Hashable, Codable {
    public var scheduleId: String
    /// The tick's nominal time (before jitter), in whole milliseconds.
    public var fireTime: Date
    public var kind: ScheduleFireKind
    public var outcome: ScheduleFireOutcome
    /// The execution it created (`started` only).
    public var executionId: String?
    /// Why it was skipped or failed.
    public var message: String?
    /// When the fire was recorded.
    public var recordedAt: Date

    /// Creates a fire record.
    public init(
        scheduleId: String, fireTime: Date, kind: ScheduleFireKind, outcome: ScheduleFireOutcome, executionId: String? = nil,
        message: String? = nil, recordedAt: Date
    ) {
        self.scheduleId = scheduleId
        self.fireTime = fireTime
        self.kind = kind
        self.outcome = outcome
        self.executionId = executionId
        self.message = message
        self.recordedAt = recordedAt
    }
}

/// A tick that an execution start carries, so the engine records the fire in the same transaction
/// as the execution it creates.
public struct ScheduleFire: Sendable, Hashable {
    public var scheduleId: String
    public var fireTime: Date
    public var kind: ScheduleFireKind

    /// Creates a fire.
    public init(scheduleId: String, fireTime: Date, kind: ScheduleFireKind) {
        self.scheduleId = scheduleId
        self.fireTime = fireTime
        self.kind = kind
    }
}

/// The scheduler's durable state of one schedule.
public struct ScheduleStateRecord: Sendable, Hashable, Codable {
    public var scheduleId: String
    /// What decides the fire times (cron and time zone): when it changes, the sequence
    /// starts again from the present instead of catching up.
    public var timing: String
    /// The next tick not yet handled (nominal time); nil while the schedule is disabled.
    public var nextFireTime: Date?
    /// Ticks waiting for the running execution to end (`overlap: queue`), oldest first.
    public var queued: [Date]
    /// A runtime override of `enabled` (`POST …/enable` or `…/disable`), until `…/reset`.
    public var overrideEnabled: Bool?
    public var overriddenBy: String?
    public var overriddenAt: Date?
    /// Removed from git: it fires no more; if it comes back it starts afresh.
    public var archived: Bool
    /// The newest fire (by tick), kept here so that listing schedules reads no fire history.
    public var lastFire: ScheduleFireRecord?

    /// Creates a state.
    public init(
        scheduleId: String, timing: String, nextFireTime: Date?, queued: [Date] = [], overrideEnabled: Bool? = nil,
        overriddenBy: String? = nil, overriddenAt: Date? = nil, archived: Bool = false, lastFire: ScheduleFireRecord? = nil
    ) {
        self.scheduleId = scheduleId
        self.timing = timing
        self.nextFireTime = nextFireTime
        self.queued = queued
        self.overrideEnabled = overrideEnabled
        self.overriddenBy = overriddenBy
        self.overriddenAt = overriddenAt
        self.archived = archived
        self.lastFire = lastFire
    }
}

/// Where the scheduler keeps its state and the history of fires: the execution store itself,
/// since a fire and its execution are written in one transaction.
public protocol ScheduleStore: ExecutionStore {
    /// Every schedule's state.
    func scheduleStates() async throws(StoreError) -> [ScheduleStateRecord]
    /// Writes states and fires (without executions: skipped or failed) in one transaction. A fire
    /// whose `(scheduleId, fireTime)` exists fails with `StoreError.conflict`.
    func saveSchedules(states: [ScheduleStateRecord], fires: [ScheduleFireRecord]) async throws(StoreError)
    /// The newest fires of a schedule, newest first.
    func scheduleFires(scheduleId: String, limit: Int) async throws(StoreError) -> [ScheduleFireRecord]
    /// The fires of a schedule with `from <= fireTime <= to`.
    func scheduleFires(scheduleId: String, from: Date, to: Date) async throws(StoreError) -> [ScheduleFireRecord]
    /// The newest fire of kind `scheduled` or `catchup` per schedule, among fires of ticks at or
    /// after `since` (the earliest next tick the saved states hold: older ticks are in them).
    func latestTickFires(since: Date) async throws(StoreError) -> [ScheduleFireRecord]
    /// Fires whose execution has not ended yet.
    func activeScheduleFires() async throws(StoreError) -> [ScheduleFireRecord]
    /// Moves logged writes into the database now (a burst of starts follows), so that the burst
    /// does not pay for it. Best effort.
    func prepareForBurst() async
    /// Deletes fires of ticks before `date`; returns how many.
    func deleteScheduleFires(before date: Date) async throws(StoreError) -> Int
    /// Fires recorded since the last `indexScheduleFires`, oldest first, at most `limit`: what the
    /// per-schedule index still lacks (reads see these fires already).
    func unindexedScheduleFires(limit: Int) async throws(StoreError) -> [ScheduleFireIndexEntry]
    /// Adds `entries` to the per-schedule index of fires, in one transaction; with `through`, marks
    /// every fire up to that `fireId` as indexed. Adding an entry twice is harmless.
    func indexScheduleFires(_ entries: [ScheduleFireIndexEntry], through: Int64?) async throws(StoreError)
}

/// One fire as the per-schedule index of fires holds it. Fires are written in the order they
/// happen (a burst of 10,000 appends); the index by schedule is filled later, many minutes at a
/// time, so that each of its pages is written once for many fires rather than once per fire.
public struct ScheduleFireIndexEntry: Sendable, Hashable {
    public var scheduleId: String
    public var fireTime: Date
    /// The fire's position in the order of recording.
    public var fireId: Int64

    /// Creates an entry.
    public init(scheduleId: String, fireTime: Date, fireId: Int64) {
        self.scheduleId = scheduleId
        self.fireTime = fireTime
        self.fireId = fireId
    }
}
