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
}
