import Engine
import Foundation
import Model
import Store
import Testing

@Suite(.serialized) struct BulkStartTests {
    /// `start(_ requests:)`: every answer in order, each execution committed `Queued` with its
    /// schedule fire before the call returns, refused requests refused alone, then every
    /// execution runs; more requests than one batch holds, so several pipelined writes.
    @Test func bulkStartCommitsEachQueuedThenRunsIt() async throws {
        var settings = EngineSettings()
        settings.batchSize = 64
        let fixture = try await EngineFixture(settings: settings)
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: tick}
            spec:
              inputs: {type: object, required: [n], properties: {n: {type: integer}}}
              steps:
                - {id: a, action: core.set, with: {n: "${ .trigger.n }"}}
                - {id: b, action: core.noop, needs: [a]}
              outputs: {n: "${ .steps.a.output.n }"}
            """)
        let tick = Date(timeIntervalSince1970: 1_800_000_000)
        var requests = (0..<300).map { index in
            StartRequest(
                workflowId: "tick", trigger: ["n": .integer(Int64(index))],
                scheduleFire: ScheduleFire(scheduleId: "s\(index)", fireTime: tick, kind: .scheduled))
        }
        requests[7] = StartRequest(workflowId: "tick", trigger: ["n": "seven"])
        requests[250] = StartRequest(workflowId: "missing")
        let outcomes = await fixture.engine.start(requests)
        let results = outcomes.map(\.result)
        #expect(outcomes.allSatisfy { $0.answeredAt <= Date() })
        #expect(results.count == 300)
        guard case .failure(.invalid) = results[7] else {
            Issue.record("a trigger that does not match the inputs is refused, not \(results[7])")
            return
        }
        guard case .failure(.notFound) = results[250] else {
            Issue.record("an unknown workflow is refused, not \(results[250])")
            return
        }
        var ids: [(String, Int)] = []
        for (index, result) in results.enumerated() where index != 7 && index != 250 {
            let record = try result.get()
            #expect(record.status == .queued)
            #expect(record.trigger == ["n": .integer(Int64(index))])
            // Committed before the call returned, with its fire.
            #expect(try await fixture.store.execution(id: record.id) != nil)
            let fires = try await fixture.store.scheduleFires(scheduleId: "s\(index)", limit: 5)
            #expect(fires.map(\.executionId) == [record.id])
            ids.append((record.id, index))
        }
        #expect(Set(ids.map(\.0)).count == 298)
        for (id, index) in ids {
            let detail = try await fixture.finished(id)
            #expect(detail.execution.status == .succeeded)
            #expect(detail.execution.outputs == ["n": .integer(Int64(index))])
        }
        await fixture.stop()
    }

    /// A bulk start into a concurrency-limited workflow: the executions wait for their slot.
    @Test func bulkStartsRespectConcurrencyLimits() async throws {
        let fixture = try await EngineFixture(actions: [SlowAction()])
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: limited}
            spec:
              concurrency: {limit: 1}
              steps: [{id: work, action: test.slow, with: {milliseconds: 20}}]
            """)
        let results = await fixture.engine.start(Array(repeating: StartRequest(workflowId: "limited"), count: 5))
        var details: [ExecutionDetail] = []
        for result in results { details.append(try await fixture.finished(try result.result.get().id)) }
        #expect(details.allSatisfy { $0.execution.status == .succeeded })
        let spans = details.map { ($0.execution.startedAt!, $0.execution.finishedAt!) }.sorted { $0.0 < $1.0 }
        for (earlier, later) in zip(spans, spans.dropFirst()) { #expect(earlier.1 <= later.0) }
        await fixture.stop()
    }
    /// Execution ids are UUIDv7 that only grow, in the order the executions were created, even
    /// thousands in one millisecond (they append to the store's indexes instead of scattering).
    @Test func idsGrowInCreationOrder() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(Self.noop)
        let outcomes = await fixture.engine.start(Array(repeating: StartRequest(workflowId: "noop"), count: 1_500))
        let ids = try outcomes.map { try $0.result.get().id }
        for (earlier, later) in zip(ids, ids.dropFirst()) { #expect(earlier < later) }
        let pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
        #expect(ids.allSatisfy { $0.wholeMatch(of: pattern) != nil })
        let single = try await fixture.engine.start(StartRequest(workflowId: "noop"))
        #expect(single.id > ids.last!)
        await fixture.stop()
    }

    /// With `notBefore`, nothing is committed before that instant; batches prepared ahead are
    /// dated then, later ones when they are prepared.
    @Test func notBeforeHoldsTheCommitUntilItsInstant() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(Self.noop)
        let notBefore = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 + 0.4) * 1000).rounded(.down) / 1000)
        let outcomes = await fixture.engine.start(Array(repeating: StartRequest(workflowId: "noop"), count: 700), notBefore: notBefore)
        for outcome in outcomes {
            #expect(outcome.answeredAt >= notBefore)
            let createdAt = try outcome.result.get().createdAt
            #expect(createdAt >= notBefore && createdAt <= outcome.answeredAt)
        }
        // The first batch was prepared ahead: dated at the instant itself.
        #expect(try outcomes[0].result.get().createdAt == notBefore)
        #expect(try await fixture.finished(try outcomes[0].result.get().id).execution.status == .succeeded)
        await fixture.stop()
    }

    /// A follower that asks only for execution ends gets nothing else.
    @Test func eventsCanBeFilteredAtTheSource() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(Self.noop)
        let ends = await fixture.engine.events { $0.stepId == nil && $0.status == ExecutionStatus.succeeded.rawValue }
        let record = try await fixture.engine.start(StartRequest(workflowId: "noop"))
        var iterator = ends.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.executionId == record.id)
        #expect(first?.status == "Succeeded")
        await fixture.stop()
    }

    static let noop = """
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: noop}
        spec:
          steps: [{id: only, action: core.noop}]
        """
}
