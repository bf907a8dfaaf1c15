import Engine
import Foundation
import Model
import Store
import Testing

@Suite(.serialized) struct DAGTests {
    @Test func sequentialStepsPassOutputsAlong() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: chain}
            spec:
              inputs: {type: object, required: [n], properties: {n: {type: integer}}}
              vars: {factor: 3}
              steps:
                - {id: a, action: core.set, with: {value: "${ .trigger.n }"}}
                - {id: b, action: core.set, needs: [a], with: {value: "${ .steps.a.output.value * .vars.factor }"}}
                - {id: c, action: core.log, needs: [b], with: {message: "b is ${ .steps.b.output.value }"}}
              outputs: {result: "${ .steps.b.output.value }", text: "${ .steps.c.output.message }"}
            """)
        let detail = try await fixture.run("chain", trigger: ["n": 7])
        #expect(detail.execution.status == .succeeded)
        #expect(detail.execution.outputs == ["result": 21, "text": "b is 21"])
        #expect(detail.steps.allSatisfy { $0.status == .succeeded })
        #expect(detail.execution.startedAt != nil && detail.execution.finishedAt != nil)
        await fixture.stop()
    }

    @Test func parallelBranchesJoinAndSkipsPropagate() async throws {
        let fixture = try await EngineFixture(actions: [SlowAction()])
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: diamond}
            spec:
              steps:
                - {id: left, action: test.slow, with: {milliseconds: 300}}
                - {id: right, action: test.slow, with: {milliseconds: 300}}
                - {id: join, action: core.set, needs: [left, right], with: {both: "${ [.steps.left.output.slept, .steps.right.output.slept] }"}}
                - {id: never, action: core.noop, needs: [join], if: "${ .trigger.go == true }"}
                - {id: after-never, action: core.noop, needs: [never]}
            """)
        let detail = try await fixture.run("diamond")
        #expect(detail.execution.status == .succeeded)
        #expect(detail.step("join")?.output == ["both": [300, 300]])
        #expect(detail.step("never")?.status == .skipped)
        #expect(detail.step("after-never")?.status == .skipped)
        #expect(detail.step("after-never")?.error?.message.contains("`never`") == true)
        // The two branches ran at the same time: each started before the other finished.
        let left = try #require(detail.attempts("left").first)
        let right = try #require(detail.attempts("right").first)
        #expect(left.startedAt < right.finishedAt! && right.startedAt < left.finishedAt!)
        await fixture.stop()
    }

    @Test func foreachRunsItemsWithALimitAndCollectsOutputs() async throws {
        let fixture = try await EngineFixture(actions: [SlowAction()])
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: fan}
            spec:
              steps:
                - id: each
                  action: test.slow
                  foreach: "${ .trigger.items }"
                  concurrency: 2
                  with: {milliseconds: "${ .item }"}
                - {id: sum, action: core.set, needs: [each], with: {total: "${ [.steps.each.output[].slept] | add }"}}
            """)
        let detail = try await fixture.run("fan", trigger: ["items": [50, 60, 70, 80, 90]])
        #expect(detail.execution.status == .succeeded)
        #expect(detail.step("each")?.itemCount == 5)
        #expect(detail.step("sum")?.output == ["total": 350])
        let items = detail.steps.filter { $0.stepId == "each" && $0.itemIndex >= 0 }
        #expect(items.count == 5 && items.allSatisfy { $0.status == .succeeded })
        // At no time were more than two items running: item starts vs item ends.
        let spans = detail.attempts.filter { $0.stepId == "each" }.map { ($0.startedAt, $0.finishedAt!) }
        for (start, _) in spans {
            let overlapping = spans.filter { $0.0 <= start && $0.1 > start }.count
            #expect(overlapping <= 2)
        }
        await fixture.stop()
    }

    @Test func continueOnErrorLetsDependentsRun() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: tolerant}
            spec:
              steps:
                - {id: flaky, action: core.fail, continueOnError: true, with: {message: "expected", code: boom}}
                - {id: after, action: core.set, needs: [flaky], with: {saw: "${ .steps.flaky.status }", code: "${ .steps.flaky.error.code }"}}
            """)
        let detail = try await fixture.run("tolerant")
        #expect(detail.execution.status == .succeeded)
        #expect(detail.step("flaky")?.status == .failed)
        #expect(detail.step("after")?.output == ["saw": "Failed", "code": "boom"])
        await fixture.stop()
    }

    @Test func aFailureFailsTheExecutionAndCancelsTheRest() async throws {
        let fixture = try await EngineFixture(actions: [SlowAction()])
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: failing}
            spec:
              steps:
                - {id: slow, action: test.slow, with: {milliseconds: 5000}}
                - {id: boom, action: core.fail, with: {message: "no way"}}
                - {id: later, action: core.noop, needs: [slow]}
            """)
        let detail = try await fixture.run("failing")
        #expect(detail.execution.status == .failed)
        #expect(detail.execution.error?.stepId == "boom")
        #expect(detail.execution.error?.message.contains("no way") == true)
        #expect(detail.step("slow")?.status == .cancelled)
        #expect(detail.step("later") == nil)
        await fixture.stop()
    }

    @Test func badInputsAreRejectedWithEachFieldError() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: strict}
            spec:
              inputs: {type: object, required: [id], properties: {id: {type: string}, count: {type: integer}}, additionalProperties: false}
              steps: [{id: a, action: core.noop}]
            """)
        do {
            _ = try await fixture.start("strict", trigger: ["count": "many", "extra": 1])
            Issue.record("start should have failed")
        } catch let error as EngineError {
            guard case .invalid(_, let details) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(details.count == 3, "\(details)")
        }
        await #expect(throws: EngineError.self) { try await fixture.start("nope") }
        await fixture.stop()
    }

    @Test func configurationsMergeUnderTheRequest() async throws {
        let fixture = try await EngineFixture()
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: merge}
            spec:
              vars: {region: eu, tier: free}
              steps: [{id: a, action: core.set, with: {trigger: "${ .trigger }", vars: "${ .vars }"}}]
            ---
            apiVersion: sovereign/v1
            kind: Configuration
            metadata: {name: defaults}
            spec: {workflow: merge, trigger: {customer: {id: 1, name: base}}, vars: {tier: gold}}
            """)
        let record = try await fixture.start("merge", trigger: ["customer": ["name": "override"]], vars: ["region": "us"], configuration: "defaults")
        let detail = try await fixture.finished(record.id)
        #expect(detail.execution.configuration == "defaults")
        #expect(detail.step("a")?.output?["trigger"] == ["customer": ["id": 1, "name": "override"]])
        #expect(detail.step("a")?.output?["vars"] == ["region": "us", "tier": "gold"])
        await fixture.stop()
    }
}

@Suite struct SecretTests {
    @Test func secretsAreReadableButNeverRecorded() async throws {
        var settings = EngineSettings()
        settings.secrets = ["api_token": "s3cr3t-value"]
        let fixture = try await EngineFixture(settings: settings)
        try await fixture.publish(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: secretive}
            spec:
              steps:
                - {id: use, action: core.set, with: {header: "Bearer ${ .secrets.api_token }", length: "${ .secrets.api_token | length }"}}
                - {id: boom, action: core.fail, needs: [use], continueOnError: true, with: {message: "failed with ${ .secrets.api_token }"}}
              outputs: {leak: "${ .secrets.api_token }"}
            """)
        let detail = try await fixture.run("secretive")
        #expect(detail.step("use")?.output == ["header": "Bearer ***", "length": 12])
        #expect(detail.step("boom")?.error?.message == "failed with ***")
        #expect(detail.execution.outputs == ["leak": "***"])
        await fixture.stop()
    }
}
