import Foundation
import Scheduling
import Store
import Testing

/// Downtime with a manual clock: ticks missed while the server was down fire as `catchup` says,
/// within its window; on-time ticks fire once; a restart fires nothing twice.
@Suite("Scheduler: catch-up and restarts")
struct CatchupTests {
    static let hourly = "{workflow: quick, cron: \"0 * * * *\", overlap: allow"
    static let minutely = scheduleYAML("minutely", "{workflow: quick, cron: \"* * * * *\", overlap: allow, catchup: {policy: all}}")

    /// Runs the hourly schedule at 10:30, restarts at 15:10 (ticks 11:00…15:00 missed) and returns
    /// the fire times that the restart fired.
    func missedTicks(catchup: String) async throws -> [ScheduleFireRecord] {
        let yaml = scheduleYAML("hourly", Self.hourly + ", catchup: \(catchup)}")
        let fixture = try await SchedulerFixture(yaml, at: date("2026-06-01 10:30:00"))
        #expect(await fixture.scheduler.runDue().isEmpty)
        try await fixture.restart(at: date("2026-06-01 15:10:00"), yaml: yaml)
        await fixture.scheduler.runDue()
        let fires = try await fixture.fires("hourly")
        // Nothing more until 16:00, and 16:00 itself fires on time.
        fixture.clock.set(date("2026-06-01 15:59:59"))
        #expect(await fixture.scheduler.runDue().isEmpty)
        fixture.clock.set(date("2026-06-01 16:00:00").addingTimeInterval(0.2))
        let onTime = await fixture.scheduler.runDue()
        #expect(onTime.map(\.kind) == [.scheduled])
        #expect(onTime.map(\.fireTime) == [date("2026-06-01 16:00:00")])
        await fixture.stop()
        return fires
    }

    @Test func noneSkipsEveryMissedTick() async throws {
        #expect(try await missedTicks(catchup: "{policy: none}").isEmpty)
    }

    @Test func latestFiresTheNewestMissedTickOnce() async throws {
        let fires = try await missedTicks(catchup: "{policy: latest}")
        #expect(fires.map(\.fireTime) == [date("2026-06-01 15:00:00")])
        #expect(fires.map(\.kind) == [.catchup])
        #expect(fires.allSatisfy { $0.outcome == .started && $0.executionId != nil })
    }

    @Test func allFiresEveryMissedTickInOrder() async throws {
        let fires = try await missedTicks(catchup: "{policy: all}")
        #expect(fires.map(\.fireTime) == (11...15).map { date("2026-06-01 \($0):00:00") })
        #expect(Set(fires.compactMap(\.executionId)).count == 5)
    }

    @Test func theWindowBoundsCatchUp() async throws {
        // 15:10 − 2h = 13:10: only 14:00 and 15:00 are inside the window.
        let fires = try await missedTicks(catchup: "{policy: all, window: 2h}")
        #expect(fires.map(\.fireTime) == [date("2026-06-01 14:00:00"), date("2026-06-01 15:00:00")])
    }

    @Test func aLongDowntimeIsBoundedWork() async throws {
        // Every second for 30 days down, catch-up all within a day, at most 1,000 fires.
        var settings = SchedulerSettings()
        settings.maximumCatchupFires = 1_000
        let yaml = scheduleYAML("secondly", "{workflow: quick, cron: \"* * * * * *\", overlap: allow, catchup: {policy: all, window: 1d}}")
        let fixture = try await SchedulerFixture(yaml, at: date("2026-06-01 00:00:00"), settings: settings)
        try await fixture.restart(at: date("2026-07-01 00:00:00"), yaml: yaml)
        let results = await fixture.scheduler.runDue()
        let caughtUp = results.filter { $0.kind == .catchup }
        #expect(caughtUp.count == 1_000)
        // The newest ticks are kept, in order, up to the last second before the restart; the
        // tick at the restart's own second is on time.
        #expect(caughtUp.last?.fireTime == date("2026-06-30 23:59:59"))
        #expect(caughtUp.first?.fireTime == date("2026-06-30 23:43:20"))
        #expect(results.filter { $0.kind == .scheduled }.map(\.fireTime) == [date("2026-07-01 00:00:00")])
        await fixture.stop()
    }

    @Test func aTickLaterThanTheMisfireThresholdIsMissed() async throws {
        var settings = SchedulerSettings()
        settings.misfireThreshold = 30
        let yaml = scheduleYAML("hourly", Self.hourly + ", catchup: {policy: none}}")
        let fixture = try await SchedulerFixture(yaml, at: date("2026-06-01 10:30:00"), settings: settings)
        // Late by 20 s (under the threshold): fires.
        fixture.clock.set(date("2026-06-01 11:00:20"))
        #expect(await fixture.scheduler.runDue().map(\.outcome) == ["started"])
        // Late by 45 s (the process was suspended): missed, and `none` skips it.
        fixture.clock.set(date("2026-06-01 12:00:45"))
        #expect(await fixture.scheduler.runDue().isEmpty)
        #expect(try await fixture.fires("hourly").count == 1)
        await fixture.stop()
    }

    @Test func aRestartFiresNoTickTwice() async throws {
        let yaml = Self.minutely
        let fixture = try await SchedulerFixture(yaml, at: date("2026-06-01 10:00:30"))
        fixture.clock.set(date("2026-06-01 10:01:00"))
        #expect(await fixture.scheduler.runDue().count == 1)
        // Simulate a crash after the execution was committed but before the state was saved: the
        // stored next tick goes back to 10:01.
        var states = try await fixture.store.scheduleStates()
        #expect(states[0].lastFire?.fireTime == date("2026-06-01 10:01:00"))
        states[0].nextFireTime = date("2026-06-01 10:01:00")
        states[0].lastFire = nil
        try await fixture.store.saveSchedules(states: states, fires: [])
        try await fixture.restart(at: date("2026-06-01 10:01:00").addingTimeInterval(0.5), yaml: yaml)
        #expect(await fixture.scheduler.runDue().isEmpty)
        // The last fire is taken from the fires the state missed.
        let lastFire = await fixture.scheduler.status("minutely", fireTimes: 1)?.lastFire
        #expect(lastFire?.fireTime == date("2026-06-01 10:01:00"))
        #expect(lastFire?.outcome == .started)
        fixture.clock.set(date("2026-06-01 10:02:00"))
        #expect(await fixture.scheduler.runDue().count == 1)
        let fires = try await fixture.fires("minutely")
        #expect(fires.map(\.fireTime) == [date("2026-06-01 10:01:00"), date("2026-06-01 10:02:00")])
        // The store refuses a second fire of the same tick outright.
        let duplicate = ScheduleFireRecord(
            scheduleId: "minutely", fireTime: date("2026-06-01 10:01:00"), kind: .scheduled, outcome: .skipped, recordedAt: Date())
        await #expect(throws: StoreError.self) { try await fixture.store.saveSchedules(states: [], fires: [duplicate]) }
        await fixture.stop()
    }
}

/// The store side: purging old fires by the (schedule, tick) key.
@Suite("Schedule store")
struct ScheduleStoreTests {
    @Test func oldFiresArePurgedByTick() async throws {
        let fixture = try await SchedulerFixture(CatchupTests.minutely, at: date("2026-06-01 10:00:30"))
        for minute in 1...5 {
            fixture.clock.set(date("2026-06-01 10:0\(minute):00"))
            await fixture.scheduler.runDue()
        }
        // Part of them in the per-schedule index, as the maintenance pass leaves them.
        #expect(await fixture.scheduler.indexFires() == 5)
        #expect(await fixture.scheduler.indexFires() == 0)
        fixture.clock.set(date("2026-06-01 10:06:00"))
        await fixture.scheduler.runDue()
        #expect(try await fixture.store.deleteScheduleFires(before: date("2026-06-01 10:03:00")) == 2)
        #expect(try await fixture.fires("minutely").map(\.fireTime) == (3...6).map { date("2026-06-01 10:0\($0):00") })
        #expect(await fixture.scheduler.status("minutely", fireTimes: 1)?.lastFire?.fireTime == date("2026-06-01 10:06:00"))
        await fixture.stop()
    }
}
