import Foundation
import Model

/// Where the engine reads the time and how it waits: injectable, so tests can move time.
public struct EngineClock: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date

    /// Creates a clock.
    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    /// The system clock.
    public static let system = EngineClock { Date() }
}

/// Engine settings with safe defaults.
public struct EngineSettings: Sendable {
    /// How many due tasks one batch takes at most.
    public var batchSize = 512
    /// Default `foreach` concurrency when a step sets none.
    public var defaultForeachConcurrency = 32
    /// Most items a `foreach` may have.
    public var maximumForeachItems = 10_000
    /// Interrupted attempts (the engine stopped mid-attempt) retried before the step fails. They
    /// do not count against the step's retry policy; the bound only stops an action that crashes
    /// the engine every time from looping forever.
    public var maximumInterruptions = 100
    /// Longest `core.wait` or retry backoff accepted.
    public var maximumWait = TimeSpan(milliseconds: 366 * 86_400_000)

    /// Secrets expressions may read as `.secrets.<name>` (from `Secrets__<name>` settings). Their
    /// values are masked (`***`) wherever they would be recorded: step outputs and errors.
    public var secrets: [String: String] = [:]

    /// Default settings.
    public init() {}
}

/// Retry delays.
enum Backoff {
    /// The wait after failed attempt `attempt` (1-based) under `policy`.
    static func delay(after attempt: Int, policy: RetryPolicy) -> TimeInterval {
        let initial = policy.initialInterval.seconds
        var delay = policy.backoff == .fixed ? initial : initial * pow(max(1, policy.multiplier), Double(attempt - 1))
        if let maximum = policy.maxInterval?.seconds { delay = min(delay, maximum) }
        if policy.jitter { delay *= Double.random(in: 0.8...1.2) }
        return max(0, delay)
    }
}

/// Dates as the store keeps them: whole milliseconds, so what we hold equals what we read back.
extension Date {
    var storedPrecision: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
