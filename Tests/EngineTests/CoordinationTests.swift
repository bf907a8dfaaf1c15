import Engine
import Foundation
import Model
import Store
import Testing

@Suite(.serialized) struct CoordinationTests {
    static let gateWorkflow = """
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: gated}
        spec:
          steps:
            - {id: approve, action: human.gate, with: {title: "Ship ${ .trigger.what }?", approvers: {groups: [ops]}}}
            - {id: ship, action: core.set, needs: [approve], if: "${ .steps.approve.output.decision == \\"approved\\" }", with: {by: "${ .steps.approve.output.decidedBy }"}}
        """

    @Test func approvingAGateContinuesTheExecution() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(Self.gateWorkflow)
        let record = try await fixture.start("gated", trigger: ["what": "v2"])
        let waiting = try await fixture.waitFor(record.id) { $0.execution.status == .waiting }
        #expect(waiting.step("approve")?.status == .waiting)
        let pending = try await fixture.store.approvals(status: .pending)
        #expect(pending.count == 1)
        #expect(pending.first?.title == "Ship v2?")
        let decided = try await fixture.engine.decide(approvalId: pending[0].id, .approve, by: "alice", comment: "go")
        #expect(decided.status == .approved)
        let detail = try await fixture.finished(record.id)
        #expect(detail.execution.status == .succeeded)
        #expect(detail.step("approve")?.output?["comment"] == "go")
        #expect(detail.step("ship")?.output == ["by": "alice"])
        await #expect(throws: EngineError.self) {
            try await fixture.engine.decide(approvalId: pending[0].id, .reject, by: "bob")
        }
        await fixture.stop()
    }

    @Test func rejectingSkipsTheGuardedStep() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(Self.gateWorkflow)
        let record = try await fixture.start("gated", trigger: ["what": "v3"])
        _ = try await fixture.waitFor(record.id) { $0.execution.status == .waiting }
        let pending = try await fixture.store.approvals(status: .pending)
        _ = try await fixture.engine.decide(approvalId: pending[0].id, .reject, by: "bob")
        let detail = try await fixture.finished(record.id)
        #expect(detail.execution.status == .succeeded)
        #expect(detail.step("approve")?.output?["decision"] == "rejected")
        #expect(detail.step("ship")?.status == .skipped)
        await fixture.stop()
    }

    @Test func gateTimeoutsFollowOnTimeout() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: impatient}
            spec:
              steps:
                - {id: yes, action: human.gate, with: {title: a, timeout: 200ms, onTimeout: approve}}
                - {id: fails, action: human.gate, continueOnError: true, with: {title: b, timeout: 200ms, onTimeout: fail}}
            """)
        let detail = try await fixture.run("impatient")
        #expect(detail.step("yes")?.output?["decision"] == "approved")
        #expect(detail.step("yes")?.output?["decidedBy"] == "timeout")
        #expect(detail.step("fails")?.status == .timedOut)
        #expect(try await fixture.store.approvals(status: .timedOut).count == 2)
        await fixture.stop()
    }

    @Test func cancellingStopsStepsGatesAndChildren() async throws {
        let fixture = try await EngineFixture(actions: [SlowAction()])
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: parent}
            spec:
              steps:
                - {id: slow, action: test.slow, with: {milliseconds: 10000}}
                - {id: gate, action: human.gate, with: {title: never}}
                - {id: child, action: workflow.run, with: {workflow: child}}
            ---
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: child}
            spec:
              steps: [{id: wait, action: core.wait, with: {duration: 1h}}]
            """)
        let record = try await fixture.start("parent")
        let running = try await fixture.waitFor(record.id) {
            $0.step("gate")?.status == .waiting && $0.step("child")?.status == .waiting && $0.step("slow")?.status == .running
        }
        let childId = try #require(running.attempts("child").first?.output?["executionId"]?.stringValue)
        let cancelled = try await fixture.engine.cancel(executionId: record.id, reason: "changed my mind")
        #expect(cancelled.status == .cancelled)
        let detail = try await fixture.finished(record.id)
        #expect(detail.execution.error?.message == "changed my mind")
        #expect(detail.steps.filter { $0.itemIndex == -1 }.allSatisfy { $0.status == .cancelled })
        #expect(try await fixture.store.approvals(status: .cancelled).count == 1)
        let child = try await fixture.finished(childId)
        #expect(child.execution.status == .cancelled)
        await #expect(throws: EngineError.self) { try await fixture.engine.cancel(executionId: record.id) }
        await #expect(throws: EngineError.self) { try await fixture.engine.cancel(executionId: "no-such-id") }
        await fixture.stop()
    }

    @Test func subWorkflowsPassTriggersAndOutputs() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: outer}
            spec:
              steps:
                - {id: call, action: workflow.run, with: {workflow: inner, trigger: {n: "${ .trigger.n }"}}}
                - {id: broken, action: workflow.run, continueOnError: true, with: {workflow: failing}}
              outputs: {doubled: "${ .steps.call.output.outputs.doubled }", child: "${ .steps.call.output.executionId }"}
            ---
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: inner}
            spec:
              steps: [{id: double, action: core.set, with: {value: "${ .trigger.n * 2 }"}}]
              outputs: {doubled: "${ .steps.double.output.value }"}
            ---
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: failing}
            spec:
              steps: [{id: boom, action: core.fail, with: {message: "inner failure"}}]
            """)
        let detail = try await fixture.run("outer", trigger: ["n": 21])
        #expect(detail.execution.status == .succeeded)
        #expect(detail.execution.outputs?["doubled"] == 42)
        let childId = try #require(detail.execution.outputs?["child"]?.stringValue)
        let child = try #require(try await fixture.store.execution(id: childId))
        #expect(child.parentExecutionId == detail.execution.id)
        #expect(child.parentStepId == "call")
        #expect(detail.step("broken")?.status == .failed)
        #expect(detail.step("broken")?.error?.message.contains("inner failure") == true)
        await fixture.stop()
    }

    @Test func concurrencyLimitQueuesExecutionsPerKey() async throws {
        let fixture = try await EngineFixture(actions: [SlowAction()])
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: limited}
            spec:
              concurrency: {limit: 1, key: "${ .trigger.customer }"}
              steps: [{id: work, action: test.slow, with: {milliseconds: 150}}]
            """)
        var ids: [String] = []
        for customer in ["a", "a", "a", "b"] {
            ids.append(try await fixture.start("limited", trigger: ["customer": .string(customer)]).id)
        }
        let queued = try #require(try await fixture.store.execution(id: ids[1]))
        #expect(queued.status == .queued)
        #expect(queued.concurrencyKey == "a")
        var details: [ExecutionDetail] = []
        for id in ids { details.append(try await fixture.finished(id)) }
        #expect(details.allSatisfy { $0.execution.status == .succeeded })
        // Customer a's executions never overlapped and ran in the order they were started.
        let spans = details.prefix(3).map { ($0.execution.startedAt!, $0.execution.finishedAt!) }
        for (earlier, later) in zip(spans, spans.dropFirst()) { #expect(earlier.1 <= later.0) }
        // Customer b did not wait for a.
        #expect(details[3].execution.startedAt! < details[1].execution.startedAt!)
        await fixture.stop()
    }
}
