import Engine
import Foundation
import Model
import Scheduling
import Store
import Testing

/// Overrides, manual triggers, backfill, jitter, configurations and changes published from git.
@Suite("Scheduler: operations")
struct ScheduleOperationsTests {
    static let hourly = scheduleYAML("hourly", "{workflow: quick, cron: \"0 * * * *\", overlap: allow, trigger: {region: emea}}")

    @Test func overridesAreDurableUntilReset() async throws {
        let fixture = try await SchedulerFixture(Self.hourly, at: date("2026-06-01 10:30:00"))
        let disabled = try await fixture.scheduler.override("hourly", enabled: false, by: "ops-client")
        #expect(disabled.enabled == false && disabled.state == "Disabled")
        #expect(disabled.overriddenBy == "ops-client" && disabled.overriddenAt == date("2026-06-01 10:30:00"))
        #expect(disabled.nextFireTimes.isEmpty)
        fixture.clock.set(date("2026-06-01 11:00:00"))
        #expect(await fixture.scheduler.runDue().isEmpty)
        // A restart keeps the override; re-enabling starts from now (11:00 is not caught up).
        try await fixture.restart(at: date("2026-06-01 11:10:00"), yaml: Self.hourly)
        #expect(await fixture.scheduler.status("hourly", fireTimes: 1)?.overrideEnabled == false)
        let enabled = try await fixture.scheduler.override("hourly", enabled: nil, by: "ops-client")
        #expect(enabled.enabled && enabled.overrideEnabled == nil && enabled.overriddenBy == nil)
        #expect(enabled.nextFireTimes.first == date("2026-06-01 12:00:00"))
        fixture.clock.set(date("2026-06-01 12:00:00"))
        #expect(await fixture.scheduler.runDue().map(\.fireTime) == [date("2026-06-01 12:00:00")])
        await #expect(throws: ScheduleError.notFound("no schedule `nope` is published")) {
            try await fixture.scheduler.override("nope", enabled: false, by: "x")
        }
        await fixture.stop()
    }

    @Test func enableOverridesEnabledFalseInGit() async throws {
        let yaml = scheduleYAML("off", "{workflow: quick, cron: \"0 * * * *\", enabled: false}")
        let fixture = try await SchedulerFixture(yaml, at: date("2026-06-01 10:30:00"))
        #expect(await fixture.scheduler.status("off", fireTimes: 5)?.nextFireTimes.isEmpty == true)
        fixture.clock.set(date("2026-06-01 11:00:00"))
        #expect(await fixture.scheduler.runDue().isEmpty)
        let status = try await fixture.scheduler.override("off", enabled: true, by: "ops")
        #expect(status.enabled && status.definition.schedule.enabled == false)
        #expect(status.nextFireTimes.count == 5 && status.nextFireTimes.first == date("2026-06-01 12:00:00"))
        await fixture.stop()
    }

    @Test func triggerFiresNowUnderTheOverlapPolicy() async throws {
        let yaml = scheduleYAML("held", "{workflow: hold, cron: \"0 0 1 1 *\", overlap: skip}")
        let fixture = try await SchedulerFixture(yaml, at: date("2026-06-01 10:30:00"))
        let first = try await fixture.scheduler.trigger("held")
        #expect(first.outcome == "started" && first.kind == .manual && first.fireTime == date("2026-06-01 10:30:00"))
        let second = try await fixture.scheduler.trigger("held")
        #expect(second.outcome == "skipped")
        #expect(second.fireTime == date("2026-06-01 10:30:00").addingTimeInterval(0.001))
        #expect(try await fixture.fires("held").map(\.outcome) == [.started, .skipped])
        await fixture.stop()
    }

    @Test func backfillCreatesEachTickOnceWithinBounds() async throws {
        var settings = SchedulerSettings()
        settings.maximumBackfill = 24
        let fixture = try await SchedulerFixture(Self.hourly, at: date("2026-06-02 00:30:00"), settings: settings)
        let result = try await fixture.scheduler.backfill("hourly", from: date("2026-06-01 09:00:00"), to: date("2026-06-01 12:00:00"))
        #expect(result.fireTimes == 4)
        #expect(result.started.map(\.fireTime) == (9...12).map { date(String(format: "2026-06-01 %02d:00:00", $0)) })
        #expect(result.started.allSatisfy { $0.kind == .backfill && $0.executionId != nil })
        // Again, overlapping: only the new ticks start.
        let again = try await fixture.scheduler.backfill("hourly", from: date("2026-06-01 11:00:00"), to: date("2026-06-01 13:59:59"))
        #expect(again.alreadyFired == [date("2026-06-01 11:00:00"), date("2026-06-01 12:00:00")])
        #expect(again.started.map(\.fireTime) == [date("2026-06-01 13:00:00")])
        // The executions carry the schedule's trigger.
        let execution = try await fixture.store.execution(id: again.started[0].executionId!)
        #expect(execution?.trigger == ["region": "emea"])
        await #expect(throws: ScheduleError.self) {
            try await fixture.scheduler.backfill("hourly", from: date("2026-05-01 00:00:00"), to: date("2026-05-03 00:00:00"))
        }
        await #expect(throws: ScheduleError.self) {
            try await fixture.scheduler.backfill("hourly", from: date("2026-06-01 00:00:00"), to: date("2026-06-03 00:00:00"))
        }
        await #expect(throws: ScheduleError.self) {
            try await fixture.scheduler.backfill("hourly", from: date("2026-06-01 12:00:00"), to: date("2026-06-01 11:00:00"))
        }
        await fixture.stop()
    }

    /// When the tick at `tick` really fires, found in 5-second steps over the next 10 minutes.
    func firstFire(_ fixture: SchedulerFixture, tick: Date) async -> Date? {
        for second in stride(from: 0, through: 600, by: 5) {
            fixture.clock.set(tick.addingTimeInterval(Double(second)))
            if !(await fixture.scheduler.runDue()).isEmpty { return fixture.clock.now }
        }
        return nil
    }

    @Test func jitterDelaysEachTickWithinItsBoundAndSurvivesRestarts() async throws {
        let yaml = scheduleYAML("jittery", "{workflow: quick, cron: \"0 * * * *\", jitter: 10m}")
        let fixture = try await SchedulerFixture(yaml, at: date("2026-06-01 10:30:00"))
        // 11:00 really fires at some instant in [11:00, 11:10], recorded as the 11:00 tick.
        let firedAt = try #require(await firstFire(fixture, tick: date("2026-06-01 11:00:00")))
        #expect(firedAt <= date("2026-06-01 11:10:00"))
        #expect(try await fixture.fires("jittery").map(\.fireTime) == [date("2026-06-01 11:00:00")])
        await fixture.stop()
        // Another server, restarted before the tick: the delay of that tick is the same.
        let other = try await SchedulerFixture(yaml, at: date("2026-06-01 10:30:00"))
        try await other.restart(at: date("2026-06-01 10:45:00"), yaml: yaml)
        #expect(await firstFire(other, tick: date("2026-06-01 11:00:00")) == firedAt)
        await other.stop()
    }

    @Test func aConfigurationIsMergedValidatedAndRecorded() async throws {
        let yaml = workflowsYAML + """

            ---
            apiVersion: sovereign/v1
            kind: Configuration
            metadata: {name: emea-defaults}
            spec: {workflow: quick, trigger: {region: emea, size: 1}}
            ---
            apiVersion: sovereign/v1
            kind: Schedule
            metadata: {name: nightly}
            spec: {workflow: quick, configuration: emea-defaults, trigger: {size: 5}, cron: "0 2 * * *"}
            ---
            apiVersion: sovereign/v1
            kind: Schedule
            metadata: {name: broken}
            spec: {workflow: quick, configuration: emea-defaults, trigger: {size: "large"}, cron: "0 2 * * *"}
            """
        let fixture = try await SchedulerFixture(yaml, at: date("2026-06-01 01:30:00"))
        fixture.clock.set(date("2026-06-01 02:00:00"))
        let results = await fixture.scheduler.runDue().sorted { $0.scheduleId < $1.scheduleId }
        #expect(results.map(\.outcome) == ["failed", "started"])
        // The schedule's own trigger wins over the configuration's; the execution names it.
        let execution = try #require(try await fixture.store.execution(id: results[1].executionId!))
        #expect(execution.trigger == ["region": "emea", "size": 5])
        #expect(execution.configuration == "emea-defaults")
        // A trigger that does not match `inputs` is a failed fire with the reason.
        let failed = try await fixture.fires("broken")
        #expect(failed.map(\.outcome) == [.failed])
        #expect(failed.first?.message?.contains("trigger/size") == true)
        await fixture.stop()
    }

    @Test func changesFromGitRestartTheSequenceAndArchive() async throws {
        let fixture = try await SchedulerFixture(Self.hourly, at: date("2026-06-01 10:30:00"))
        // The cron changes at 10:40: the next tick follows the new cron from now.
        let everyQuarter = scheduleYAML("hourly", "{workflow: quick, cron: \"*/15 * * * *\", overlap: allow}")
        try await fixture.restart(at: date("2026-06-01 10:40:00"), yaml: everyQuarter)
        #expect(await fixture.scheduler.status("hourly", fireTimes: 2)?.nextFireTimes == [date("2026-06-01 10:45:00"), date("2026-06-01 11:00:00")])
        // Removed from git: archived, not fired.
        await fixture.scheduler.apply([])
        #expect(await fixture.scheduler.status("hourly", fireTimes: 1) == nil)
        fixture.clock.set(date("2026-06-01 13:00:00"))
        #expect(await fixture.scheduler.runDue().isEmpty)
        // Back in git later (catch-up all): it starts afresh instead of catching up while archived.
        let back = scheduleYAML("hourly", "{workflow: quick, cron: \"*/15 * * * *\", catchup: {policy: all}}")
        try await fixture.restart(at: date("2026-06-01 13:05:00"), yaml: back)
        #expect(await fixture.scheduler.runDue().isEmpty)
        #expect(try await fixture.fires("hourly").isEmpty)
        #expect(await fixture.scheduler.status("hourly", fireTimes: 1)?.nextFireTimes == [date("2026-06-01 13:15:00")])
        await fixture.stop()
    }
}

/// Daylight saving time through the scheduler: the spring-forward gap fires once at the jump,
/// the repeated hour fires once, in two zones.
@Suite("Scheduler: daylight saving time")
struct DaylightSavingTests {
    func fires(cron: String, zone: String, from start: Date, hours: Int) async throws -> [Date] {
        let yaml = scheduleYAML("dst", "{workflow: quick, cron: \"\(cron)\", timezone: \(zone), overlap: allow}")
        let fixture = try await SchedulerFixture(yaml, at: start)
        // Walk the clock forward a minute at a time, firing what is due.
        for minute in 1...(hours * 60) {
            fixture.clock.set(start.addingTimeInterval(Double(minute * 60)))
            await fixture.scheduler.runDue()
        }
        let fires = try await fixture.fires("dst").map(\.fireTime)
        await fixture.stop()
        return fires
    }

    @Test func springForwardFiresOnceAtTheJump() async throws {
        // Berlin 2026-03-29 02:00 CET → 03:00 CEST: 02:30 does not exist.
        #expect(
            try await fires(cron: "30 2 * * *", zone: "Europe/Berlin", from: date("2026-03-28 23:00:00", zone: "Europe/Berlin"), hours: 6)
                == [date("2026-03-29 01:00:00")])  // 03:00 CEST
        // New York 2026-03-08 02:00 EST → 03:00 EDT.
        #expect(
            try await fires(cron: "15 2 * * *", zone: "America/New_York", from: date("2026-03-07 23:00:00", zone: "America/New_York"), hours: 6)
                == [date("2026-03-08 07:00:00")])  // 03:00 EDT
    }

    @Test func fallBackFiresTheRepeatedHourOnce() async throws {
        // Berlin 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens twice, fires at the first.
        #expect(
            try await fires(cron: "30 2 * * *", zone: "Europe/Berlin", from: date("2026-10-24 23:00:00", zone: "Europe/Berlin"), hours: 6)
                == [date("2026-10-25 00:30:00")])  // 02:30 CEST
        // New York 2026-11-01 02:00 EDT → 01:00 EST.
        #expect(
            try await fires(cron: "30 1 * * *", zone: "America/New_York", from: date("2026-10-31 23:00:00", zone: "America/New_York"), hours: 6)
                == [date("2026-11-01 05:30:00")])  // 01:30 EDT
    }
}
