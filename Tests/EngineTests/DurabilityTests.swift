import Engine
import Foundation
import Model
import Store
import Testing

@Suite(.serialized) struct DurabilityTests {
    @Test func retriesWithBackoffUntilSuccess() async throws {
        let fixture = try await EngineFixture(actions: [FlakyAction()])
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: retrying}
            spec:
              steps:
                - id: flaky
                  action: test.flaky
                  with: {failures: 2}
                  retry: {maxAttempts: 4, backoff: fixed, initialInterval: 100ms, jitter: false}
            """)
        let detail = try await fixture.run("retrying")
        #expect(detail.execution.status == .succeeded)
        let attempts = detail.attempts("flaky")
        #expect(attempts.map(\.status) == [.failed, .failed, .succeeded])
        #expect(detail.step("flaky")?.attempts == 3)
        #expect(detail.step("flaky")?.output == ["attempt": 3])
        // Fixed backoff: the next attempt starts no earlier than 100 ms after the failure.
        for (failed, next) in zip(attempts, attempts.dropFirst()) {
            #expect(next.startedAt.timeIntervalSince(failed.finishedAt!) >= 0.098)  // stored times are whole milliseconds
        }
        await fixture.stop()
    }

    @Test func exhaustedOrNonRetryableFailuresFailTheStep() async throws {
        let fixture = try await EngineFixture(actions: [FlakyAction()])
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: giving-up}
            spec:
              steps:
                - {id: exhausted, action: test.flaky, continueOnError: true, with: {failures: 5}, retry: {maxAttempts: 2, initialInterval: 10ms}}
                - {id: permanent, action: test.flaky, continueOnError: true, with: {failures: 1, retryable: false}, retry: {maxAttempts: 5, initialInterval: 10ms}}
            """)
        let detail = try await fixture.run("giving-up")
        #expect(detail.attempts("exhausted").count == 2)
        #expect(detail.step("exhausted")?.status == .failed)
        #expect(detail.attempts("permanent").count == 1)
        #expect(detail.step("permanent")?.status == .failed)
        await fixture.stop()
    }

    @Test func stepAndWorkflowTimeouts() async throws {
        let fixture = try await EngineFixture(actions: [SlowAction()])
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: step-timeout}
            spec:
              steps:
                - {id: slow, action: test.slow, timeout: 100ms, with: {milliseconds: 5000}, retry: {maxAttempts: 2, initialInterval: 10ms}}
            ---
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: workflow-timeout}
            spec:
              timeout: 300ms
              steps:
                - {id: slow, action: test.slow, with: {milliseconds: 5000}}
            """)
        let stepTimeout = try await fixture.run("step-timeout")
        #expect(stepTimeout.execution.status == .failed)
        #expect(stepTimeout.step("slow")?.status == .timedOut)
        #expect(stepTimeout.attempts("slow").map(\.status) == [.timedOut, .timedOut])
        let workflowTimeout = try await fixture.run("workflow-timeout")
        #expect(workflowTimeout.execution.status == .timedOut)
        #expect(workflowTimeout.step("slow")?.status == .timedOut)
        await fixture.stop()
    }

    @Test func waitsSurviveARestart() async throws {
        let yaml = """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: sleeper}
            spec:
              steps:
                - {id: nap, action: core.wait, with: {duration: 1s}}
                - {id: after, action: core.set, needs: [nap], with: {done: true}}
            """
        let fixture = try await EngineFixture()
        try await fixture.publish(yaml)
        let record = try await fixture.start("sleeper")
        _ = try await fixture.waitFor(record.id) { $0.step("nap")?.status == .waiting }
        try await fixture.restart(publishing: yaml)
        let detail = try await fixture.finished(record.id)
        #expect(detail.execution.status == .succeeded)
        #expect(detail.step("after")?.output == ["done": true])
        #expect(detail.attempts("nap").count == 1)
        await fixture.stop()
    }

    @Test func interruptedAttemptsAreRetriedAfterARestart() async throws {
        let yaml = """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: interrupted}
            spec:
              steps:
                - {id: slow, action: test.slow, with: {milliseconds: 400}}
            """
        let fixture = try await EngineFixture(actions: [SlowAction()])
        try await fixture.publish(yaml)
        let record = try await fixture.start("interrupted")
        _ = try await fixture.waitFor(record.id) { $0.step("slow")?.status == .running }
        // A shutdown leaves the attempt Running in the store, as a crash would.
        try await fixture.restart(publishing: yaml)
        let detail = try await fixture.finished(record.id)
        #expect(detail.execution.status == .succeeded)
        let attempts = detail.attempts("slow")
        #expect(attempts.count == 2)
        #expect(attempts.first?.error?.code == "interrupted")
        await fixture.stop()
    }

    @Test func executionsStayOnTheVersionTheyStartedWith() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: pinned}
            spec:
              steps:
                - {id: gate, action: human.gate, with: {title: wait}}
                - {id: result, action: core.set, needs: [gate], with: {version: one}}
            """)
        let first = try await fixture.start("pinned")
        _ = try await fixture.waitFor(first.id) { $0.step("gate")?.status == .waiting }
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: pinned}
            spec:
              steps:
                - {id: gate, action: human.gate, with: {title: wait}}
                - {id: result, action: core.set, needs: [gate], with: {version: two}}
            """)
        let second = try await fixture.start("pinned")
        #expect(first.versionId != second.versionId)
        _ = try await fixture.waitFor(second.id) { $0.step("gate")?.status == .waiting }
        for approval in try await fixture.store.approvals(status: .pending) {
            _ = try await fixture.engine.decide(approvalId: approval.id, .approve, by: "tester")
        }
        #expect(try await fixture.finished(first.id).step("result")?.output == ["version": "one"])
        #expect(try await fixture.finished(second.id).step("result")?.output == ["version": "two"])
        await fixture.stop()
    }

    @Test func idempotencyKeysReturnTheSameExecution() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: once}
            spec:
              steps: [{id: a, action: core.noop}]
            """)
        let request = StartRequest(workflowId: "once", trigger: ["x": 1], idempotencyKey: "key-1")
        async let first = fixture.engine.start(request)
        async let second = fixture.engine.start(request)
        let (one, two) = try await (first, second)
        #expect(one.id == two.id)
        let later = try await fixture.engine.start(request)
        #expect(later.id == one.id)
        var other = request
        other.trigger = ["x": 2]
        await #expect(throws: EngineError.self) { try await fixture.engine.start(other) }
        let page = try await fixture.store.executions(ExecutionQuery(workflowId: "once"))
        #expect(page.items.count == 1)
        await fixture.stop()
    }
}
