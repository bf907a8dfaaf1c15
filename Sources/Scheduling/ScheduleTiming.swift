import Cron
import Foundation
import Model

/// When a schedule fires: its cron expression read in its time zone, and its jitter.
struct ScheduleTiming: Sendable {
    let expression: CronExpression
    let zone: TimeZone
    /// Upper bound of the random delay, in milliseconds (0: none).
    let jitterMilliseconds: Int64
    /// What decides the fire times; stored so that a change restarts the sequence from now.
    let key: String

    /// Nil when the cron expression or the time zone is invalid (lint refuses both before a sync).
    init?(_ schedule: Schedule) {
        guard let expression = try? CronExpression.parse(schedule.cron), let zone = TimeZone(identifier: schedule.timezone) else {
            return nil
        }
        self.expression = expression
        self.zone = zone
        self.jitterMilliseconds = max(0, schedule.jitter?.milliseconds ?? 0)
        self.key = "\(schedule.cron) @ \(schedule.timezone)"
    }

    /// The first tick strictly after `date`.
    func next(after date: Date) -> Date? { expression.next(after: date, in: zone) }

    /// Up to `count` ticks starting with `first`.
    func ticks(from first: Date?, count: Int) -> [Date] {
        var ticks: [Date] = []
        var tick = first
        while let current = tick, ticks.count < count {
            ticks.append(current)
            tick = next(after: current)
        }
        return ticks
    }

    /// When the tick at `fireTime` really fires: its nominal time plus this schedule's jitter. The
    /// delay is derived from the schedule and the tick, so a restart does not move it.
    func effectiveTime(of fireTime: Date, scheduleId: String) -> Date {
        guard jitterMilliseconds > 0 else { return fireTime }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in "\(scheduleId)@\(Int64(fireTime.timeIntervalSince1970 * 1000))".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return fireTime.addingTimeInterval(Double(hash % UInt64(jitterMilliseconds + 1)) / 1000)
    }
}
