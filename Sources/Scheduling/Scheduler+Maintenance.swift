import Foundation
import Store

extension Scheduler {
    /// Until cancelled: every `fireIndexInterval`, adds the fires recorded meanwhile to the
    /// per-schedule index; every hour, purges fires older than `fireRetention`.
    func maintainFires() async {
        var purgedAt: Date?
        while !Task.isCancelled {
            await indexFires()
            let now = clock.now()
            if purgedAt.map({ now.timeIntervalSince($0) >= 3_600 }) ?? true {
                purgedAt = now
                if let purged = try? await store.deleteScheduleFires(before: now.addingTimeInterval(-settings.fireRetention)),
                    purged > 0
                {
                    log("purged old schedule fires", ["count": "\(purged)"])
                }
            }
            try? await Task.sleep(for: .seconds(settings.fireIndexInterval))
        }
    }

    /// Adds unindexed fires to the per-schedule index, sorted by schedule so that each index page
    /// is written once per round, in transactions of 1,000 kept clear of the next tick. Returns
    /// how many it indexed.
    @discardableResult
    public func indexFires() async -> Int {
        var indexed = 0
        while !Task.isCancelled {
            guard let fresh = try? await store.unindexedScheduleFires(limit: Self.indexRound), let last = fresh.last else { break }
            let sorted = fresh.sorted { ($0.scheduleId, $0.fireTime) < ($1.scheduleId, $1.fireTime) }
            var start = 0
            while start < sorted.count {
                await keepClearOfNextTick()
                let end = min(start + 1_000, sorted.count)
                do {
                    try await store.indexScheduleFires(Array(sorted[start..<end]), through: end == sorted.count ? last.fireId : nil)
                } catch {
                    log("the scheduler could not index fires; it tries again later", ["reason": "\(error)"])
                    return indexed
                }
                start = end
            }
            indexed += fresh.count
            if fresh.count < Self.indexRound { break }
        }
        return indexed
    }

    /// The most fires one round of indexing reads (and sorts) at once.
    static let indexRound = 100_000

    /// Waits while a tick is less than a second away, so that its burst of starts does not queue
    /// behind maintenance writes.
    private func keepClearOfNextTick() async {
        guard let tick = nextWakeTime() else { return }
        let ahead = tick.timeIntervalSince(clock.now())
        if ahead > 0 && ahead < 1 { try? await Task.sleep(for: .milliseconds(Int((ahead + 1) * 1000))) }
    }
}
