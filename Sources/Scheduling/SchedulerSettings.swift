import Foundation

/// Limits and policies of the scheduler (see docs/schedules.md).
public struct SchedulerSettings: Sendable {
    /// A tick later than this (the process was suspended or overloaded) counts as missed, like a
    /// tick that fell due while the server was down: the schedule's catch-up policy decides.
    public var misfireThreshold: TimeInterval = 60
    /// How far back catch-up looks when a schedule names no `window`.
    public var defaultCatchupWindow: TimeInterval = 86_400
    /// The most missed ticks `catchup: all` fires for one schedule at once (the newest are kept).
    public var maximumCatchupFires = 1_000
    /// The most ticks `overlap: queue` keeps waiting per schedule; further ticks are skipped.
    public var maximumQueued = 100
    /// The most executions one backfill request may create.
    public var maximumBackfill = 1_000
    /// Fires are kept this long, then purged.
    public var fireRetention: TimeInterval = 30 * 86_400
    /// How often fires recorded since the last time are added to the per-schedule index of
    /// fires. Each round writes an index page once for all the fires it gained meanwhile, so
    /// longer is cheaper; reads see unindexed fires either way (they scan them).
    public var fireIndexInterval: TimeInterval = 300

    /// The defaults.
    public init() {}
}
