import Foundation
import Testing
import TestSupport

/// `sovereign run` end to end: the built binary, a temporary store, real outputs and exit codes.
@Suite struct RunCommandTests {
    static let workflows = """
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: greet}
        spec:
          inputs: {type: object, required: [name], properties: {name: {type: string}}}
          steps:
            - {id: hello, action: core.set, with: {text: "Hello, ${ .trigger.name }"}}
            - {id: shout, action: core.log, needs: [hello], with: {message: "${ .steps.hello.output.text | ascii_upcase }"}}
          outputs: {greeting: "${ .steps.hello.output.text }"}
        ---
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: broken}
        spec:
          steps:
            - {id: boom, action: core.fail, with: {message: "it broke"}}
        ---
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: gated}
        spec:
          steps:
            - {id: ask, action: human.gate, with: {title: "Go?"}}
            - {id: done, action: core.set, needs: [ask], with: {decision: "${ .steps.ask.output.decision }"}}
          outputs: {decision: "${ .steps.done.output.decision }"}
        """

    @Test func jsonDocumentHasEveryField() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("flows.yaml", Self.workflows)
        let result = try SovereignProcess.run(["run", file, "--workflow", "greet", "--trigger", #"{"name": "Ada"}"#, "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        for key in ["id", "workflowId", "version", "status", "trigger", "vars", "createdAt", "startedAt", "finishedAt", "durationMs", "outputs", "error", "steps"] {
            #expect(document.keys.contains(key), "missing \(key)")
        }
        #expect(document["status"] as? String == "Succeeded")
        #expect((document["outputs"] as? [String: Any])?["greeting"] as? String == "Hello, Ada")
        let steps = try #require(document["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == ["hello", "shout"])
        for step in steps {
            for key in ["id", "action", "status", "attempts", "startedAt", "finishedAt", "durationMs", "output", "error"] {
                #expect(step.keys.contains(key), "step missing \(key)")
            }
        }
        #expect((steps[1]["output"] as? [String: Any])?["message"] as? String == "HELLO, ADA")
    }

    @Test func textModeShowsProgressAndExitsOneOnFailure() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("flows.yaml", Self.workflows)
        let result = try SovereignProcess.run(["run", file, "-w", "broken"], environment: SovereignProcess.environment(["NO_COLOR": "1"]))
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("boom"))
        #expect(result.standardOutput.contains("Failed"))
        #expect(result.standardOutput.contains("it broke"))
        #expect(!result.standardOutput.contains("\u{1B}["))
    }

    @Test func gatesCanBeDecidedFromTheCommandLine() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("flows.yaml", Self.workflows)
        let result = try SovereignProcess.run(["run", file, "-w", "gated", "--decide", "reject", "-f", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains(#""decision" : "rejected""#) || result.standardOutput.contains(#""decision": "rejected""#))
    }

    @Test func usageAndDefinitionErrorsExitTwo() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("flows.yaml", Self.workflows)
        let invalid = try directory.write("invalid.yaml", "apiVersion: sovereign/v1\nkind: Workflow\nmetadata: {name: x}\nspec: {steps: [{id: a, action: core.nope}]}\n")
        let several = try SovereignProcess.run(["run", file])
        #expect(several.status == 2)
        #expect(several.standardError.contains("--workflow"))
        let unknown = try SovereignProcess.run(["run", file, "-w", "gret"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("did you mean 'greet'"))
        let badTrigger = try SovereignProcess.run(["run", file, "-w", "greet", "--trigger", "{nope"])
        #expect(badTrigger.status == 2)
        let badInputs = try SovereignProcess.run(["run", file, "-w", "greet", "--trigger", #"{"name": 5}"#])
        #expect(badInputs.status == 2)
        #expect(badInputs.standardError.contains("trigger/name"))
        let lintErrors = try SovereignProcess.run(["run", invalid])
        #expect(lintErrors.status == 2)
        #expect(lintErrors.standardError.contains("SW205"))
    }

    @Test func httpRequestsReachAnAllowedLocalServerOnly() throws {
        let directory = try TemporaryDirectory()
        try directory.write("data.json", #"{"items": [1, 2, 3]}"#)
        let server = try StaticFileServer(directory: directory.url)
        defer { server.stop() }
        let file = try directory.write(
            "fetch.yaml",
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: fetch}
            spec:
              steps:
                - {id: get, action: http.request, with: {url: "http://127.0.0.1:\(server.port)/data.json"}}
              outputs: {count: "${ .steps.get.output.body.items | length }"}
            """)
        let allowed = try SovereignProcess.run(["run", file, "-f", "json", "--allow-private-hosts", "127.0.0.1"])
        #expect(allowed.status == 0, "\(allowed.standardOutput) \(allowed.standardError)")
        #expect(allowed.standardOutput.contains(#""count" : 3"#) || allowed.standardOutput.contains(#""count": 3"#))
        let blocked = try SovereignProcess.run(["run", file, "-f", "json"])
        #expect(blocked.status == 1)
        #expect(blocked.standardOutput.contains("blocked"))
    }
}
