import Engine
import Foundation
import Model
import Store

/// A schedule as published, with where it came from.
public struct ScheduledDefinition: Sendable, Hashable {
    public var schedule: Schedule
    /// The file it came from.
    public var path: String
    /// The commit that last changed it (git sources only).
    public var commit: String?

    /// Creates a published schedule.
    public init(schedule: Schedule, path: String, commit: String? = nil) {
        self.schedule = schedule
        self.path = path
        self.commit = commit
    }
}

/// Fires schedules: keeps each schedule's next tick durable in the store, starts an execution per
/// tick exactly once (the fire and the execution are one transaction, unique per schedule and
/// tick), applies the overlap and catch-up policies, and sleeps in between.
///
/// One actor owns every schedule's state. Ticks are found by scanning the published schedules
/// (10,000 take well under a millisecond), so no index has to be kept in step with overrides.
public actor Scheduler {
    struct Entry {
        var definition: ScheduledDefinition
        var timing: ScheduleTiming?
        var state: ScheduleStateRecord
        /// Executions started by this schedule that have not ended, oldest first.
        var running: [String] = []
        /// Starts under way (planned, not yet committed): they count as running for overlap.
        var starting = 0

        var enabled: Bool { state.overrideEnabled ?? definition.schedule.enabled }
        var id: String { definition.schedule.metadata.name }
    }

    let engine: Engine
    let store: any ScheduleStore
    let clock: EngineClock
    let settings: SchedulerSettings
    let log: @Sendable (String, [String: String]) -> Void

    var entries: [String: Entry] = [:]
    /// The keys of `entries`, sorted.
    var scheduleIds: [String] = []
    /// States read from the store, including schedules not (or no longer) published.
    var storedStates: [String: ScheduleStateRecord] = [:]
    /// Execution id → the schedule that started it, while it runs.
    var owners: [String: String] = [:]
    /// Executions that ended before their start call returned (the event can overtake it).
    var endedEarly: Set<String> = []
    /// Starts awaiting the engine; while none does, no end can overtake its start.
    var startsInFlight = 0
    /// The latest tick fired per schedule, as the store knew it at `load()`.
    var firedThrough: [String: Date] = [:]
    /// Ticks before this instant fell due while we were down: the catch-up policy decides.
    var resumedAt: Date
    var loaded = false
    var stopping = false
    var wakeUp: CheckedContinuation<Void, Never>?
    var wakeTimer: Task<Void, Never>?
    /// The last sleep ended by its timer (not by `signal()`).
    var timerEnded = false
    /// Delays between a tick's time and its execution's commit, for metrics and benchmarks.
    var fireDelays = FireDelayRecorder()

    /// Creates a scheduler that starts executions on `engine`.
    public init(
        engine: Engine, store: any ScheduleStore, clock: EngineClock = .system, settings: SchedulerSettings = SchedulerSettings(),
        log: @escaping @Sendable (String, [String: String]) -> Void = { _, _ in }
    ) {
        self.engine = engine
        self.store = store
        self.clock = clock
        self.settings = settings
        self.log = log
        self.resumedAt = clock.now()
    }

    /// Reads the durable state: next ticks, overrides, queued ticks and the executions still
    /// running. Call before the first `apply`.
    public func load() async throws(StoreError) {
        resumedAt = clock.now()
        let states = try await store.scheduleStates()
        // A tick fires (its execution and fire are committed) before the states are saved: ticks
        // from the earliest saved next tick on may be missing from them.
        var latest: [String: ScheduleFireRecord] = [:]
        if let since = states.compactMap(\.nextFireTime).min() {
            for fire in try await store.latestTickFires(since: since) { latest[fire.scheduleId] = fire }
        }
        firedThrough = latest.mapValues(\.fireTime)
        for var state in states {
            if let fire = latest[state.scheduleId], (state.lastFire?.fireTime).map({ $0 < fire.fireTime }) ?? true {
                state.lastFire = fire
            }
            if !state.queued.isEmpty, let first = state.queued.first, let lastQueued = state.queued.last {
                let fired = Set(try await store.scheduleFires(scheduleId: state.scheduleId, from: first, to: lastQueued).map(\.fireTime))
                state.queued.removeAll { fired.contains($0) }
            }
            storedStates[state.scheduleId] = state
        }
        for fire in try await store.activeScheduleFires() {
            guard let executionId = fire.executionId else { continue }
            owners[executionId] = fire.scheduleId
        }
        loaded = true
    }

    /// Makes exactly `definitions` the live schedules. New schedules start from now; a schedule
    /// whose cron or time zone changed starts again from now; removed ones are archived.
    public func apply(_ definitions: [ScheduledDefinition]) async {
        let now = clock.now()
        var changed: [ScheduleStateRecord] = []
        var next: [String: Entry] = [:]
        for definition in definitions {
            let id = definition.schedule.metadata.name
            let timing = ScheduleTiming(definition.schedule)
            var state: ScheduleStateRecord
            if let entry = entries[id] {
                state = entry.state
            } else if let stored = storedStates[id] {
                state = stored
            } else {
                state = ScheduleStateRecord(scheduleId: id, timing: "", nextFireTime: nil)
            }
            let before = state
            let enabled = state.overrideEnabled ?? definition.schedule.enabled
            if state.archived || state.timing != timing?.key || !enabled || (state.nextFireTime == nil && enabled) {
                state.nextFireTime = enabled ? timing?.next(after: now) : nil
                state.archived = false
                state.timing = timing?.key ?? ""
                if !enabled { state.queued.removeAll() }
            }
            // A crash after an execution was committed but before the state was saved: the fire
            // row is the truth, so that tick does not fire again.
            if let through = firedThrough.removeValue(forKey: id), let tick = state.nextFireTime, tick <= through {
                state.nextFireTime = timing?.next(after: through)
            }
            var entry = entries[id] ?? Entry(definition: definition, timing: timing, state: state)
            entry.definition = definition
            entry.timing = timing
            entry.state = state
            entry.running = []
            next[id] = entry
            if state != before || entries[id] == nil && storedStates[id] == nil { changed.append(state) }
        }
        for (id, entry) in entries where next[id] == nil {
            var state = entry.state
            state.archived = true
            state.nextFireTime = nil
            state.queued.removeAll()
            changed.append(state)
        }
        for state in changed { storedStates[state.scheduleId] = state }
        for (executionId, scheduleId) in owners {
            next[scheduleId]?.running.append(executionId)
        }
        for id in next.keys { next[id]?.running.sort() }
        entries = next
        scheduleIds = next.keys.sorted()
        await save(changed, fires: [])
        signal()
    }

    func save(_ states: [ScheduleStateRecord], fires: [ScheduleFireRecord]) async {
        guard !states.isEmpty || !fires.isEmpty else { return }
        do {
            try await store.saveSchedules(states: states, fires: fires)
        } catch {
            log("the scheduler could not save its state", ["reason": "\(error)"])
        }
    }

    // MARK: Loop

    /// Fires ticks as they fall due until `shutdown()`. Call once, after `load()`.
    public func run() async {
        let events = await engine.events(where: Self.isExecutionEnd)
        let follower = Task { [weak self] in await self?.follow(events) }
        maintenanceTask = Task { [weak self] in await self?.maintainFires() }
        while !stopping {
            _ = await runDue()
            guard let tick = await sleepUntilShortlyBeforeNextTick() else { continue }
            // Decide now, start at the tick: a burst of 10,000 due schedules then costs only its starts.
            await forgetEndedExecutions(now: tick)
            let pass = plan(at: tick, deferBusy: true)
            let isBurst = pass.requests.count >= Self.burst
            if isBurst { await store.prepareForBurst() }
            // A burst is handed to the engine shortly before its tick: it prepares the first
            // batches meanwhile and commits none before the tick.
            let wait = tick.timeIntervalSince(clock.now()) - (isBurst ? Self.burstHandover : 0)
            if wait > 0 { try? await Task.sleep(for: .microseconds(Int((wait * 1_000_000).rounded(.up)))) }
            _ = await fire(pass, notBefore: tick)
        }
        follower.cancel()
        // A queued tick the follower is starting completes before the engine is stopped.
        await follower.value
        maintenanceTask?.cancel()
    }

    var maintenanceTask: Task<Void, Never>?

    /// Follows execution ends (which free schedules and release queued ticks) without firing
    /// anything on its own: `run()` does this too; tests that move a manual clock use it alone.
    public func followEngine() async {
        await follow(await engine.events(where: Self.isExecutionEnd))
    }

    private func follow(_ events: AsyncStream<EngineEvent>) async {
        for await event in events where Self.isExecutionEnd(event) {
            await executionEnded(event.executionId)
        }
    }

    /// The end of an execution (not of a step): what frees a schedule.
    static func isExecutionEnd(_ event: EngineEvent) -> Bool {
        event.stepId == nil && isTerminal(event.status)
    }

    /// Stops the loop. Safe to call more than once.
    public func shutdown() {
        stopping = true
        signal()
    }

    func signal() {
        if let continuation = wakeUp {
            wakeUp = nil
            continuation.resume()
        }
    }

    /// The earliest effective time of any enabled schedule's next tick.
    func nextWakeTime() -> Date? {
        var earliest: Date?
        for entry in entries.values {
            guard let tick = entry.state.nextFireTime, let timing = entry.timing else { continue }
            let time = timing.effectiveTime(of: tick, scheduleId: entry.id)
            if earliest == nil || time < earliest! { earliest = time }
        }
        return earliest
    }

    /// How long before a tick the loop plans it.
    static let planAhead: TimeInterval = 0.1
    /// From this many starts at one tick on, the store is readied for the burst.
    static let burst = 500
    /// How long before its tick a burst is handed to the engine: about what preparing 10,000
    /// starts takes, so that only their writes are left at the tick. The engine's loop is busy
    /// with them meanwhile, so this stays short.
    static let burstHandover: TimeInterval = 0.05

    /// Sleeps until `planAhead` before the next tick and returns that tick; nil when something
    /// woke the loop earlier (a change, a stop) or a tick is due already.
    private func sleepUntilShortlyBeforeNextTick() async -> Date? {
        guard !stopping else { return nil }
        let now = clock.now()
        guard let tick = nextWakeTime() else {
            _ = await sleep(3_600)
            return nil
        }
        guard tick > now else { return nil }
        let delay = tick.timeIntervalSince(now) - Self.planAhead
        guard delay > 0 else { return tick }
        return await sleep(delay) && !stopping ? tick : nil
    }

    /// Sleeps `delay` seconds, or until `signal()`; true when the whole delay passed.
    private func sleep(_ delay: TimeInterval) async -> Bool {
        timerEnded = false
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            wakeUp = continuation
            wakeTimer = Task { [weak self] in
                // A timer cancelled because something else woke us must not wake the next sleep.
                guard (try? await Task.sleep(for: .microseconds(Int((min(delay, 3_600) * 1_000_000).rounded(.up))))) != nil else {
                    return
                }
                await self?.timerFired()
            }
        }
        wakeTimer?.cancel()
        wakeTimer = nil
        return timerEnded
    }

    private func timerFired() {
        timerEnded = true
        signal()
    }

    static func isTerminal(_ status: String) -> Bool {
        ExecutionStatus(rawValue: status)?.isTerminal ?? false
    }
}
