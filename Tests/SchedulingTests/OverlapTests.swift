import Engine
import Foundation
import Scheduling
import Store
import Testing

/// Each overlap policy, with executions that keep running (`core.wait` for an hour).
@Suite("Scheduler: overlap policies")
struct OverlapTests {
    func fixture(_ overlap: String) async throws -> SchedulerFixture {
        try await SchedulerFixture(
            scheduleYAML("every-minute", "{workflow: hold, cron: \"* * * * *\", overlap: \(overlap)}"), at: date("2026-06-01 10:00:30"))
    }

    /// Moves the clock to 10:0`minute`:00 and fires what is due.
    func tick(_ fixture: SchedulerFixture, minute: Int) async -> [FireResult] {
        fixture.clock.set(date("2026-06-01 10:0\(minute):00"))
        return await fixture.scheduler.runDue()
    }

    func status(_ fixture: SchedulerFixture, _ id: String) async throws -> ExecutionStatus? {
        try await fixture.store.execution(id: id)?.status
    }

    @Test func allowRunsSideBySide() async throws {
        let fixture = try await fixture("allow")
        let first = await tick(fixture, minute: 1)
        let second = await tick(fixture, minute: 2)
        #expect(first.map(\.outcome) == ["started"])
        #expect(second.map(\.outcome) == ["started"])
        #expect(await fixture.scheduler.status("every-minute", fireTimes: 1)?.running.count == 2)
        await fixture.stop()
    }

    @Test func skipDropsATickWhileThePreviousRuns() async throws {
        let fixture = try await fixture("skip")
        let first = await tick(fixture, minute: 1)
        let second = await tick(fixture, minute: 2)
        #expect(second.map(\.outcome) == ["skipped"])
        let fires = try await fixture.fires("every-minute")
        #expect(fires.map(\.outcome) == [.started, .skipped])
        #expect(fires[1].message?.contains(first[0].executionId!) == true)
        // Once it ends, the next tick starts again.
        _ = try await fixture.engine.cancel(executionId: first[0].executionId!)
        try await fixture.eventually("the schedule is free") {
            await fixture.scheduler.status("every-minute", fireTimes: 1)?.running.isEmpty == true
        }
        #expect(await tick(fixture, minute: 3).map(\.outcome) == ["started"])
        await fixture.stop()
    }

    @Test func queueStartsTicksOneAfterAnother() async throws {
        let fixture = try await fixture("queue")
        let first = await tick(fixture, minute: 1)
        #expect(await tick(fixture, minute: 2).map(\.outcome) == ["queued"])
        #expect(await tick(fixture, minute: 3).map(\.outcome) == ["queued"])
        #expect(await fixture.scheduler.status("every-minute", fireTimes: 1)?.queued == [date("2026-06-01 10:02:00"), date("2026-06-01 10:03:00")])
        // Ending the running execution starts the oldest queued tick, and so on.
        _ = try await fixture.engine.cancel(executionId: first[0].executionId!)
        try await fixture.eventually("10:02 starts") { try await fixture.fires("every-minute").count == 2 }
        let second = try await fixture.fires("every-minute")[1]
        #expect(second.fireTime == date("2026-06-01 10:02:00"))
        #expect(second.outcome == .started)
        #expect(await fixture.scheduler.status("every-minute", fireTimes: 1)?.queued == [date("2026-06-01 10:03:00")])
        _ = try await fixture.engine.cancel(executionId: second.executionId!)
        try await fixture.eventually("10:03 starts") { try await fixture.fires("every-minute").count == 3 }
        #expect(try await fixture.fires("every-minute").map(\.fireTime).last == date("2026-06-01 10:03:00"))
        // The queue is durable: a restart keeps what still waits.
        let fourth = await tick(fixture, minute: 4)
        let now = await fixture.scheduler.status("every-minute", fireTimes: 1)
        #expect(fourth.map(\.outcome) == ["queued"], "\(fourth) \(String(describing: now))")
        try await fixture.restart(
            at: date("2026-06-01 10:04:10"), yaml: scheduleYAML("every-minute", "{workflow: hold, cron: \"* * * * *\", overlap: queue}"))
        #expect(await fixture.scheduler.status("every-minute", fireTimes: 1)?.queued == [date("2026-06-01 10:04:00")])
        #expect(await fixture.scheduler.status("every-minute", fireTimes: 1)?.running.count == 1)
        await fixture.stop()
    }

    @Test func queueIsBounded() async throws {
        var settings = SchedulerSettings()
        settings.maximumQueued = 2
        let fixture = try await SchedulerFixture(
            scheduleYAML("every-minute", "{workflow: hold, cron: \"* * * * *\", overlap: queue}"), at: date("2026-06-01 10:00:30"),
            settings: settings)
        let outcomes = await [1, 2, 3, 4].asyncMap { await tick(fixture, minute: $0).map(\.outcome) }
        #expect(outcomes == [["started"], ["queued"], ["queued"], ["skipped"]])
        await fixture.stop()
    }

    @Test func cancelPreviousReplacesTheRunningExecution() async throws {
        let fixture = try await fixture("cancelPrevious")
        let first = await tick(fixture, minute: 1)
        let second = await tick(fixture, minute: 2)
        #expect(second.map(\.outcome) == ["started"])
        try await fixture.eventually("the first is cancelled") {
            try await status(fixture, first[0].executionId!) == .cancelled
        }
        #expect(try await status(fixture, second[0].executionId!) == .waiting)
        try await fixture.eventually("only the second runs") {
            await fixture.scheduler.status("every-minute", fireTimes: 1)?.running == [second[0].executionId!]
        }
        await fixture.stop()
    }
}

extension Array {
    /// Maps in order, awaiting each element.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
