import Engine
import Foundation
import Model
import Store

/// What became of one fire.
public struct FireResult: Sendable, Hashable {
    public var scheduleId: String
    /// The tick's nominal time.
    public var fireTime: Date
    public var kind: ScheduleFireKind
    /// `started`, `skipped`, `failed`, or `queued` (waiting for the running execution).
    public var outcome: String
    public var executionId: String?
    public var message: String?
    /// When its execution was committed (`started`).
    var recordedAt: Date?
}

/// One pass over the due schedules: what to start, and what was decided already.
struct Pass {
    var now: Date
    var planned: [PlannedFire] = []
    var recorded: [ScheduleFireRecord] = []
    var results: [FireResult] = []
    /// Schedules whose state changed.
    var changed: [String] = []
    /// The starts of `planned`, built when the pass is planned.
    var requests: [(PlannedFire, StartRequest)] = []
}

/// A decision taken without waiting, carried out afterwards.
struct PlannedFire {
    var scheduleId: String
    var fire: ScheduleFire
    /// Executions to cancel first (`overlap: cancelPrevious`).
    var cancel: [String] = []
}

extension Scheduler {
    /// Fires every tick that is due now: on-time ticks, and missed ones as the catch-up policy
    /// says. Returns what happened (the loop calls this; tests call it with a manual clock).
    @discardableResult
    public func runDue() async -> [FireResult] {
        await forgetEndedExecutions(now: clock.now())
        return await fire(plan(at: clock.now(), deferBusy: false))
    }

    /// Decisions for the ticks due at `now`, taken without waiting: the next ticks are advanced,
    /// starts planned, skips and queued ticks recorded. With `deferBusy` (planning ahead of the
    /// tick), schedules whose overlap policy depends on executions that still run are left for
    /// `runDue` at the tick itself.
    func plan(at now: Date, deferBusy: Bool) -> Pass {
        var pass = Pass(now: now)
        // In id order: the fires of a burst are then recorded in the order of the store's
        // unique (tick, schedule) index, each at its end.
        for id in scheduleIds {
            guard let entry = entries[id], entry.enabled, let timing = entry.timing, let tick = entry.state.nextFireTime,
                timing.effectiveTime(of: tick, scheduleId: id) <= now
            else { continue }
            if deferBusy && entry.definition.schedule.overlap != .allow
                && (!entry.running.isEmpty || entry.starting > 0 || !entry.state.queued.isEmpty)
            {
                continue
            }
            let (ticks, next) = dueTicks(entry, timing: timing, from: tick, now: now)
            entries[id]?.state.nextFireTime = next
            pass.changed.append(id)
            for fire in ticks {
                decide(fire, now: now, planned: &pass.planned, recorded: &pass.recorded, results: &pass.results)
            }
        }
        pass.requests = startRequests(pass.planned)
        return pass
    }

    /// Starts what `pass` planned (committed no earlier than `notBefore`), then saves the
    /// schedules' states and the fires without executions in one transaction.
    func fire(_ pass: Pass, notBefore: Date? = nil) async -> [FireResult] {
        var results = pass.results
        var recorded = pass.recorded
        results += await carryOut(pass.requests, notBefore: notBefore)
        recorded += Self.failureRecords(results, at: pass.now)
        let noted = noteLastFires(results, at: pass.now)
        await save(Array(Set(pass.changed).union(noted)).sorted().compactMap { entries[$0]?.state }, fires: recorded)
        for result in results where result.outcome != ScheduleFireOutcome.started.rawValue {
            log(
                "schedule fire \(result.outcome)",
                ["schedule": result.scheduleId, "fireTime": "\(result.fireTime)", "reason": result.message ?? ""])
        }
        return results
    }

    /// The ticks of one schedule to fire now, and its next tick. Ticks due before `resumedAt` (we
    /// were down) or later than the misfire threshold count as missed: `catchup` decides which of
    /// them fire, within its window. Work is bounded however long the downtime was.
    func dueTicks(_ entry: Entry, timing: ScheduleTiming, from first: Date, now: Date) -> (ticks: [ScheduleFire], next: Date?) {
        let schedule = entry.definition.schedule
        let missedBefore = max(resumedAt, now.addingTimeInterval(-settings.misfireThreshold))
        let window = schedule.catchupWindow.map { Double($0.milliseconds) / 1000 } ?? settings.defaultCatchupWindow
        let windowStart = now.addingTimeInterval(-window)
        var tick: Date? = first
        // Ticks before both bounds can never fire: skip them without walking a long downtime.
        let skipBefore = min(windowStart, missedBefore).addingTimeInterval(-Double(timing.jitterMilliseconds) / 1000)
        if first < skipBefore { tick = timing.next(after: skipBefore.addingTimeInterval(-0.001)) }
        var missed: [Date] = []
        var onTime: [ScheduleFire] = []
        var steps = 0
        while let current = tick {
            // Lateness is measured from when the tick really fires (its jitter included).
            let effective = timing.effectiveTime(of: current, scheduleId: entry.id)
            guard effective <= now else { break }
            steps += 1
            if steps > 100_000 {
                tick = timing.next(after: now)
                break
            }
            if effective < missedBefore {
                if current >= windowStart { missed.append(current) }
            } else {
                onTime.append(ScheduleFire(scheduleId: entry.id, fireTime: current, kind: .scheduled))
            }
            tick = timing.next(after: current)
        }
        let caughtUp: [Date]
        switch schedule.catchup {
        case .none: caughtUp = []
        case .latest: caughtUp = missed.last.map { [$0] } ?? []
        case .all: caughtUp = Array(missed.suffix(settings.maximumCatchupFires))
        }
        if !missed.isEmpty {
            log(
                "schedule missed ticks while the server was down",
                ["schedule": entry.id, "missed": "\(missed.count)", "catchup": schedule.catchup.rawValue, "firing": "\(caughtUp.count)"])
        }
        return (caughtUp.map { ScheduleFire(scheduleId: entry.id, fireTime: $0, kind: .catchup) } + onTime, tick)
    }

    /// Applies the overlap policy to one tick: plan a start, skip it, or queue it.
    func decide(
        _ fire: ScheduleFire, now: Date, planned: inout [PlannedFire], recorded: inout [ScheduleFireRecord], results: inout [FireResult]
    ) {
        guard let entry = entries[fire.scheduleId] else { return }
        // A pass decides the ticks of one schedule one after another, so the schedule's plans
        // are the last ones: no scan of every plan (10,000 schedules due at once).
        let plannedBefore = planned.last?.scheduleId == fire.scheduleId
        let busy = !entry.running.isEmpty || entry.starting > 0 || plannedBefore
        func skip(_ message: String) {
            recorded.append(
                ScheduleFireRecord(
                    scheduleId: fire.scheduleId, fireTime: fire.fireTime, kind: fire.kind, outcome: .skipped, message: message,
                    recordedAt: now))
            results.append(FireResult(scheduleId: fire.scheduleId, fireTime: fire.fireTime, kind: fire.kind, outcome: "skipped", message: message))
        }
        switch entry.definition.schedule.overlap {
        case .allow:
            planned.append(PlannedFire(scheduleId: fire.scheduleId, fire: fire))
        case .skip where busy:
            skip("skipped: the previous execution \(entry.running.first ?? "of this tick") is still running (overlap: skip)")
        case .queue where busy || !entry.state.queued.isEmpty:
            if entry.state.queued.count >= settings.maximumQueued {
                skip("skipped: \(settings.maximumQueued) ticks are already queued (overlap: queue)")
            } else {
                entries[fire.scheduleId]?.state.queued.append(fire.fireTime)
                results.append(FireResult(scheduleId: fire.scheduleId, fireTime: fire.fireTime, kind: fire.kind, outcome: "queued"))
            }
        case .cancelPrevious:
            let cancel = plannedBefore ? [] : entry.running
            // Only the newest tick of a pass starts; earlier ones in the same pass are replaced.
            if plannedBefore { planned.removeLast() }
            planned.append(PlannedFire(scheduleId: fire.scheduleId, fire: fire, cancel: cancel))
        case .skip, .queue:
            planned.append(PlannedFire(scheduleId: fire.scheduleId, fire: fire))
        }
    }

    /// Starts planned fires (see `carryOut(_:)` for requests).
    func carryOut(_ planned: [PlannedFire]) async -> [FireResult] {
        await carryOut(startRequests(planned))
    }

    /// The execution start of each planned fire whose schedule is still published; each counts
    /// as starting for its schedule's overlap policy until `carryOut(_:)` answers.
    func startRequests(_ planned: [PlannedFire]) -> [(PlannedFire, StartRequest)] {
        var requests: [(PlannedFire, StartRequest)] = []
        requests.reserveCapacity(planned.count)
        for plan in planned {
            guard let entry = entries[plan.scheduleId] else { continue }
            let schedule = entry.definition.schedule
            // Counted as running from now on (until `carryOut` has the answer).
            entries[plan.scheduleId]?.starting += 1
            requests.append(
                (
                    plan,
                    StartRequest(
                        workflowId: schedule.workflow, trigger: .object(schedule.trigger), vars: .object(schedule.vars),
                        configuration: schedule.configuration, scheduleFire: plan.fire)
                ))
        }
        return requests
    }

    /// Cancels what `cancelPrevious` replaces, then starts all at once (the engine commits them in
    /// its batches, none before `notBefore`).
    func carryOut(_ requests: [(PlannedFire, StartRequest)], notBefore: Date? = nil) async -> [FireResult] {
        guard !requests.isEmpty else { return [] }
        for (plan, _) in requests {
            for executionId in plan.cancel {
                _ = try? await engine.cancel(
                    executionId: executionId,
                    reason: "replaced by the tick of \(Self.text(plan.fire.fireTime)) (schedule \(plan.scheduleId), overlap: cancelPrevious)")
            }
        }
        startsInFlight += 1
        // One call for all: the engine commits them in its batches.
        let outcomes = await engine.start(requests.map(\.1), notBefore: notBefore)
        startsInFlight -= 1
        defer { if startsInFlight == 0 { endedEarly.removeAll() } }
        var results: [FireResult] = []
        for (index, (plan, _)) in requests.enumerated() {
            let fire = plan.fire
            if let starting = entries[plan.scheduleId]?.starting { entries[plan.scheduleId]?.starting = max(0, starting - 1) }
            switch outcomes[index].result {
            case .success(let record):
                track(record.id, of: plan.scheduleId)
                if fire.kind == .scheduled {
                    // From the tick (with its jitter) to the commit of its execution.
                    fireDelays.record(outcomes[index].answeredAt.timeIntervalSince(entries[plan.scheduleId]?.timing?.effectiveTime(of: fire.fireTime, scheduleId: plan.scheduleId) ?? fire.fireTime))
                }
                results.append(
                    FireResult(
                        scheduleId: plan.scheduleId, fireTime: fire.fireTime, kind: fire.kind, outcome: "started", executionId: record.id,
                        recordedAt: record.createdAt))
            case .failure(let error):
                results.append(
                    FireResult(
                        scheduleId: plan.scheduleId, fireTime: fire.fireTime, kind: fire.kind, outcome: "failed",
                        message: "the execution could not be created: \(error)"))
            }
        }
        return results
    }

    /// Before overlap decisions: drops executions that the store knows have ended, in case their
    /// end event was missed (the event stream is the fast path, the store the truth).
    func forgetEndedExecutions(now: Date) async {
        let due = entries.values.filter { entry in
            guard !entry.running.isEmpty, entry.enabled, let timing = entry.timing, let tick = entry.state.nextFireTime else { return false }
            return timing.effectiveTime(of: tick, scheduleId: entry.id) <= now
        }
        for entry in due {
            for executionId in entry.running {
                guard let record = try? await store.execution(id: executionId), record.status.isTerminal else { continue }
                owners[executionId] = nil
                entries[entry.id]?.running.removeAll { $0 == executionId }
            }
        }
    }

    /// Remembers a started execution until its end, unless its end already came.
    func track(_ executionId: String, of scheduleId: String) {
        if endedEarly.remove(executionId) != nil { return }
        owners[executionId] = scheduleId
        entries[scheduleId]?.running.append(executionId)
    }

    /// An execution ended: frees its schedule, and starts the next queued tick.
    func executionEnded(_ executionId: String) async {
        guard let scheduleId = owners.removeValue(forKey: executionId) else {
            if startsInFlight > 0 { endedEarly.insert(executionId) }
            return
        }
        entries[scheduleId]?.running.removeAll { $0 == executionId }
        await releaseQueued(scheduleId)
    }

    /// Starts the oldest queued tick once nothing of the schedule runs.
    func releaseQueued(_ scheduleId: String) async {
        while !stopping, let entry = entries[scheduleId], entry.running.isEmpty, entry.starting == 0,
            let fireTime = entry.state.queued.first
        {
            entries[scheduleId]?.state.queued.removeFirst()
            let results = await carryOut([
                PlannedFire(scheduleId: scheduleId, fire: ScheduleFire(scheduleId: scheduleId, fireTime: fireTime, kind: .scheduled))
            ])
            // The loop goes on while nothing runs: the start failed, or its execution already ended.
            let now = clock.now()
            noteLastFires(results, at: now)
            await save(entries[scheduleId].map { [$0.state] } ?? [], fires: Self.failureRecords(results, at: now))
        }
    }

    /// Keeps each schedule's newest fire (by tick) in its state, as the fires of `results` are
    /// recorded (`recordedAt`, or `date`); returns the schedules whose state changed.
    @discardableResult
    func noteLastFires(_ results: [FireResult], at date: Date) -> [String] {
        var changed: [String] = []
        for result in results {
            guard let outcome = ScheduleFireOutcome(rawValue: result.outcome), let entry = entries[result.scheduleId] else { continue }
            if let last = entry.state.lastFire, last.fireTime > result.fireTime { continue }
            entries[result.scheduleId]?.state.lastFire = ScheduleFireRecord(
                scheduleId: result.scheduleId, fireTime: result.fireTime, kind: result.kind, outcome: outcome,
                executionId: result.executionId, message: result.message, recordedAt: result.recordedAt ?? date)
            changed.append(result.scheduleId)
        }
        return changed
    }

    /// The fires whose execution could not be created, as they are recorded.
    static func failureRecords(_ results: [FireResult], at date: Date) -> [ScheduleFireRecord] {
        results.filter { $0.outcome == ScheduleFireOutcome.failed.rawValue }.map {
            ScheduleFireRecord(
                scheduleId: $0.scheduleId, fireTime: $0.fireTime, kind: $0.kind, outcome: .failed, message: $0.message, recordedAt: date)
        }
    }

    static func text(_ date: Date) -> String { date.formatted(.iso8601) }
}
