import Engine
import Foundation
import Model
import Store

extension Scheduler {
    /// One schedule with its next `fireTimes` ticks and its newest fire; nil if it is not live.
    public func status(_ id: String, fireTimes: Int) -> ScheduleStatus? {
        guard let entry = entries[id] else { return nil }
        return ScheduleStatus(
            definition: entry.definition, enabled: entry.enabled, overrideEnabled: entry.state.overrideEnabled,
            overriddenBy: entry.state.overriddenBy, overriddenAt: entry.state.overriddenAt,
            nextFireTimes: entry.enabled ? (entry.timing?.ticks(from: entry.state.nextFireTime, count: fireTimes) ?? []) : [],
            lastFire: entry.state.lastFire, running: entry.running, queued: entry.state.queued)
    }

    /// Sets (`true`/`false`) or clears (`nil`) the runtime override of `enabled`. Re-enabling
    /// starts from now: ticks while it was disabled are not caught up.
    public func override(_ id: String, enabled: Bool?, by actor: String) async throws(ScheduleError) -> ScheduleStatus {
        guard var entry = entries[id] else { throw .notFound("no schedule `\(id)` is published") }
        let wasEnabled = entry.enabled
        entry.state.overrideEnabled = enabled
        entry.state.overriddenBy = enabled == nil ? nil : actor
        entry.state.overriddenAt = enabled == nil ? nil : clock.now()
        if entry.enabled != wasEnabled {
            entry.state.nextFireTime = entry.enabled ? entry.timing?.next(after: clock.now()) : nil
            if !entry.enabled { entry.state.queued.removeAll() }
        }
        entries[id] = entry
        do {
            try await store.saveSchedules(states: [entry.state], fires: [])
        } catch {
            throw .unavailable("the override could not be saved: \(error)")
        }
        log(enabled.map { $0 ? "schedule enabled by override" : "schedule disabled by override" } ?? "schedule override reset", ["schedule": id, "by": actor])
        signal()
        return status(id, fireTimes: 5)!
    }

    /// Fires the schedule now, as a tick would (the overlap policy applies).
    public func trigger(_ id: String) async throws(ScheduleError) -> FireResult {
        guard entries[id] != nil else { throw .notFound("no schedule `\(id)` is published") }
        var fireTime = Date(timeIntervalSince1970: (clock.now().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        // The unique key is (schedule, time): two triggers in one millisecond get the next one.
        while (try? await store.scheduleFires(scheduleId: id, from: fireTime, to: fireTime))?.isEmpty == false {
            fireTime = fireTime.addingTimeInterval(0.001)
        }
        // One tick of a pass of its own: decided, started, recorded and saved like the others.
        var pass = Pass(now: clock.now())
        pass.changed = [id]
        decide(
            ScheduleFire(scheduleId: id, fireTime: fireTime, kind: .manual), now: pass.now, planned: &pass.planned,
            recorded: &pass.recorded, results: &pass.results)
        pass.requests = startRequests(pass.planned)
        let results = await fire(pass)
        guard let result = results.first else { throw .unavailable("the schedule was removed while it fired") }
        return result
    }

    /// Creates the executions the schedule would have created for its ticks with
    /// `from <= tick <= to` (both in the past). Ticks that fired before are left alone; the overlap
    /// policy does not apply (the executions run side by side).
    public func backfill(_ id: String, from: Date, to: Date) async throws(ScheduleError) -> BackfillResult {
        guard let entry = entries[id] else { throw .notFound("no schedule `\(id)` is published") }
        guard let timing = entry.timing else { throw .invalid("the schedule's cron or time zone is invalid") }
        guard from <= to else { throw .invalid("`from` must not be after `to`") }
        guard to <= clock.now() else { throw .invalid("`to` is in the future: backfill fills the past; ticks to come fire on their own") }
        let ticks = timing.ticks(from: timing.next(after: from.addingTimeInterval(-0.001)), count: settings.maximumBackfill + 1)
            .filter { $0 <= to }
        guard ticks.count <= settings.maximumBackfill else {
            throw .invalid(
                "the range holds more than \(settings.maximumBackfill) fire times; backfill at most \(settings.maximumBackfill) at once (split the range)")
        }
        let fired: Set<Date>
        do {
            fired = Set(try await store.scheduleFires(scheduleId: id, from: from, to: to).map(\.fireTime))
        } catch {
            throw .unavailable("the schedule's fires could not be read: \(error)")
        }
        let planned = ticks.filter { !fired.contains($0) }.map {
            PlannedFire(scheduleId: id, fire: ScheduleFire(scheduleId: id, fireTime: $0, kind: .backfill))
        }
        let results = await carryOut(planned)
        let failed = results.filter { $0.outcome == ScheduleFireOutcome.failed.rawValue }
        let now = clock.now()
        let noted = noteLastFires(results, at: now)
        await save(noted.isEmpty ? [] : entries[id].map { [$0.state] } ?? [], fires: Self.failureRecords(failed, at: now))
        log("schedule backfilled", ["schedule": id, "started": "\(results.count - failed.count)", "alreadyFired": "\(fired.count)"])
        return BackfillResult(
            fireTimes: ticks.count, started: results.filter { $0.outcome == "started" }, alreadyFired: ticks.filter { fired.contains($0) },
            failed: failed)
    }

    /// The newest `limit` fires of a schedule, newest first.
    public func fires(_ id: String, limit: Int) async throws(ScheduleError) -> [ScheduleFireRecord] {
        do {
            return try await store.scheduleFires(scheduleId: id, limit: limit)
        } catch {
            throw .unavailable("the fires of `\(id)` could not be read: \(error)")
        }
    }

    /// Delays between ticks and the commit of their executions, since the last call (seconds).
    public func takeFireDelays() -> [Double] { fireDelays.take() }
}

/// Keeps recent fire delays (bounded) for metrics and benchmarks.
struct FireDelayRecorder {
    private var delays: [Double] = []

    mutating func record(_ delay: Double) {
        if delays.count >= 1_000_000 { delays.removeFirst(delays.count / 2) }
        delays.append(delay)
    }

    mutating func take() -> [Double] {
        defer { delays.removeAll(keepingCapacity: true) }
        return delays
    }
}
