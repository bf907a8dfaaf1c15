import Loader
import Model
import Testing

@Suite struct LoaderTests {
    func load(_ text: String, path: String = "test.yaml") -> LoadedFile {
        Loader.load(bytes: Array(text.utf8), path: path)
    }

    @Test func decodesEveryWorkflowField() throws {
        let file = load(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: onboarding, title: Onboarding, labels: {team: growth}}
            spec:
              inputs: {type: object, required: [id], properties: {id: {type: string}}}
              vars: {environment: staging}
              timeout: 1h30m
              concurrency: {limit: 2, key: "${ .trigger.id }"}
              steps:
                - id: fetch
                  action: http.request
                  connection: crm
                  with: {url: "https://crm.example/${ .trigger.id }"}
                  retry: {maxAttempts: 4, backoff: fixed, initialInterval: 2s, maxInterval: 1m}
                  timeout: 30s
                - id: each
                  action: core.log
                  needs: [fetch]
                  if: ${ .steps.fetch.output.status == 200 }
                  foreach: ${ .steps.fetch.output.body.items }
                  concurrency: 3
                  continueOnError: true
                  with: {message: "${ .item }"}
              outputs: {customer: "${ .steps.fetch.output.body }"}
            """)
        #expect(file.diagnostics.isEmpty, "\(file.diagnostics)")
        let document = try #require(file.documents.first)
        guard case .workflow(let workflow)? = document.resource else {
            Issue.record("not decoded")
            return
        }
        #expect(workflow.metadata.labels == ["team": "growth"])
        #expect(workflow.timeout == TimeSpan(milliseconds: 5_400_000))
        #expect(workflow.concurrency == WorkflowConcurrency(limit: 2, key: "${ .trigger.id }"))
        #expect(workflow.steps.count == 2)
        let fetch = workflow.steps[0]
        #expect(fetch.retry?.backoff == .fixed)
        #expect(fetch.retry?.maxInterval == TimeSpan(milliseconds: 60_000))
        #expect(fetch.connection == "crm")
        let each = workflow.steps[1]
        #expect(each.needs == ["fetch"])
        #expect(each.condition == "${ .steps.fetch.output.status == 200 }")
        #expect(each.concurrency == 3)
        #expect(each.continueOnError)
        #expect(workflow.outputs["customer"] == .string("${ .steps.fetch.output.body }"))
    }

    @Test func unknownFieldSuggestsTheClosestName() {
        let file = load(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: demo}
            spec:
              steps:
                - id: a
                  action: core.noop
                  neds: [b]
            """)
        let diagnostic = file.diagnostics.first
        #expect(diagnostic?.code == "SW102")
        #expect(diagnostic?.message.contains("did you mean `needs`?") == true, "\(String(describing: diagnostic))")
        #expect(diagnostic?.location.line == 8)
        #expect(diagnostic?.location.column == 7)
        #expect(file.documents.first?.resource == nil)
    }

    @Test func schemaErrorsCarryTheirCodesAndPositions() {
        let file = load(
            """
            apiVersion: sovereign/v1
            kind: Schedule
            metadata: {name: Bad_Name}
            spec:
              workflow: demo
              cron: "* * * * *"
              overlap: sometimes
              enabled: "yes"
            """)
        let codes = Set(file.diagnostics.map(\.code))
        #expect(codes == ["SW103", "SW104"], "\(file.diagnostics)")
        let overlap = file.diagnostics.first { $0.message.contains("sometimes") }
        #expect(overlap?.location.line == 7)
        let name = file.diagnostics.first { $0.location.line == 3 }
        #expect(name?.code == "SW104")
    }

    @Test func missingRequiredField() {
        let file = load(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: demo}
            spec:
              steps:
                - id: a
            """)
        #expect(file.diagnostics.map(\.code) == ["SW101"])
        #expect(file.diagnostics.first?.message.contains("action") == true)
    }

    @Test func otherAPIVersionsAreIgnoredButOurMistakesAreNot() {
        let file = load(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            ---
            kind: Workflow
            metadata: {name: forgot}
            ---
            apiVersion: sovereign/v2
            kind: Workflow
            ---
            apiVersion: sovereign/v1
            kind: Workfow
            """)
        #expect(file.documents.isEmpty)
        let messages = file.diagnostics.map(\.message)
        #expect(file.diagnostics.allSatisfy { $0.code == "SW010" })
        #expect(messages.count == 3, "\(messages)")
        #expect(messages.contains { $0.contains("did you mean `Workflow`?") })
        #expect(messages.contains { $0.contains("unsupported apiVersion `sovereign/v2`") })
        #expect(messages.contains { $0.contains("missing field `apiVersion`") })
    }

    @Test func yamlProblemsBecomeDiagnostics() {
        let duplicate = load("apiVersion: sovereign/v1\napiVersion: sovereign/v1\n")
        #expect(duplicate.diagnostics.first?.code == "SW002")
        #expect(duplicate.diagnostics.first?.message.contains("line 1, column 1") == true)
        let syntax = load("a: [1, 2\nb: c")
        #expect(syntax.diagnostics.first?.code == "SW001")
        let empty = load("")
        #expect(empty.diagnostics.map(\.code) == ["SW004"])
        #expect(empty.diagnostics.first?.severity == .warning)
    }

    @Test func invalidInputsSchemaIsReported() {
        let file = load(
            """
            apiVersion: sovereign/v1
            kind: Workflow
            metadata: {name: demo}
            spec:
              inputs: {type: object, properties: {id: {type: strng}}}
              steps: [{id: a, action: core.noop}]
            """)
        #expect(file.diagnostics.map(\.code) == ["SW105"], "\(file.diagnostics)")
    }

    @Test func durationsParse() {
        #expect(TimeSpan(parsing: "1h30m")?.milliseconds == 5_400_000)
        #expect(TimeSpan(parsing: "250ms")?.milliseconds == 250)
        #expect(TimeSpan(parsing: "2d")?.description == "2d")
        #expect(TimeSpan(parsing: "90m")?.description == "1h30m")
        #expect(TimeSpan(parsing: "") == nil)
        #expect(TimeSpan(parsing: "5") == nil)
        #expect(TimeSpan(parsing: "5w") == nil)
        #expect(TimeSpan(parsing: "99999999999999999999d") == nil)
    }
}
