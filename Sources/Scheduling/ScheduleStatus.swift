import Foundation
import Model
import Store

/// A schedule as the API shows it: its definition, where it came from, and what the scheduler
/// knows of it.
public struct ScheduleStatus: Sendable, Hashable {
    public var definition: ScheduledDefinition
    /// Whether it fires: the runtime override if there is one, else `enabled` from git.
    public var enabled: Bool
    /// The runtime override, if any: enabled or not, by whom, when.
    public var overrideEnabled: Bool?
    public var overriddenBy: String?
    public var overriddenAt: Date?
    /// The next nominal fire times (before jitter), in order.
    public var nextFireTimes: [Date]
    /// The newest fire.
    public var lastFire: ScheduleFireRecord?
    /// Executions it started that have not ended.
    public var running: [String]
    /// Ticks waiting for them to end (`overlap: queue`).
    public var queued: [Date]

    /// `Active`, or `Disabled` (in git, or by a runtime override).
    public var state: String { enabled ? "Active" : "Disabled" }
}

/// Why a schedule operation was refused.
public enum ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    case notFound(String)
    case invalid(String)
    case conflict(String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let message), .invalid(let message), .conflict(let message), .unavailable(let message): message
        }
    }
}

/// What a backfill created.
public struct BackfillResult: Sendable, Hashable {
    /// The ticks in the range.
    public var fireTimes: Int
    /// Started now.
    public var started: [FireResult]
    /// Ticks that had fired before (the unique key holds): not started again.
    public var alreadyFired: [Date]
    /// Ticks whose execution could not be created.
    public var failed: [FireResult]
}
