import Lint
import Loader
import Model
import Testing

/// Lints in-memory files as one set and returns the diagnostics.
func lint(_ files: [String: String]) -> [Diagnostic] {
    let loaded = files.keys.sorted().map { Loader.load(bytes: Array(files[$0]!.utf8), path: $0) }
    return Linter.lint(files: loaded).diagnostics
}

func workflow(_ name: String = "demo", steps: String, extra: String = "") -> String {
    """
    apiVersion: sovereign/v1
    kind: Workflow
    metadata: {name: \(name)}
    spec:
    \(extra)  steps:
    \(steps)
    """
}

@Suite struct RuleTests {
    @Test func duplicateNamesAcrossFiles() {
        let step = "    - {id: a, action: core.noop}"
        let diagnostics = lint(["a.yaml": workflow(steps: step), "b.yaml": workflow(steps: step)])
        #expect(diagnostics.map(\.code) == ["SW201"])
        #expect(diagnostics.first?.location.path == "b.yaml")
        #expect(diagnostics.first?.message.contains("a.yaml:3:") == true)
    }

    @Test func duplicateStepIds() {
        let diagnostics = lint(["a.yaml": workflow(steps: "    - {id: a, action: core.noop}\n    - {id: a, action: core.noop}")])
        #expect(diagnostics.map(\.code) == ["SW202"])
        #expect(diagnostics.first?.location.line == 7)
    }

    @Test func unknownNeedsSuggestsTheStep() {
        let diagnostics = lint([
            "a.yaml": workflow(steps: "    - {id: fetch, action: core.noop}\n    - {id: b, action: core.noop, needs: [fetc]}")
        ])
        #expect(diagnostics.map(\.code) == ["SW203"])
        #expect(diagnostics.first?.message.contains("did you mean `fetch`?") == true)
        #expect(diagnostics.first?.location.line == 7)
    }

    @Test func cyclesArePrinted() {
        let steps = """
                - {id: a, action: core.noop, needs: [c]}
                - {id: b, action: core.noop, needs: [a]}
                - {id: c, action: core.noop, needs: [b]}
                - {id: d, action: core.noop}
            """
        let diagnostics = lint(["a.yaml": workflow(steps: steps)])
        #expect(diagnostics.map(\.code) == ["SW204"])
        #expect(diagnostics.first?.message.contains("`a` → `b` → `c` → `a`") == true, "\(diagnostics)")
    }

    @Test func unknownActionAndWrongInputs() {
        let steps = """
                - {id: a, action: http.requst, with: {url: "https://x.example"}}
                - id: b
                  action: http.request
                  with: {method: FETCH, url: "ftp://x.example", retries: 3}
                - {id: c, action: http.request, with: {url: "${ .vars.base }/path", method: "${ .vars.verb }"}}
            """
        let diagnostics = lint(["a.yaml": workflow(steps: steps)])
        #expect(diagnostics.map(\.code) == ["SW205", "SW206", "SW206", "SW206"], "\(diagnostics)")
        #expect(diagnostics[0].message.contains("did you mean `http.request`?"))
        let messages = diagnostics.map(\.message).joined(separator: "\n")
        #expect(messages.contains("FETCH"))
        #expect(messages.contains("retries"))
    }

    @Test func jqSyntaxErrorsAreReportedAtTheExpression() {
        let steps = """
                - id: a
                  action: core.log
                  with: {message: "hello ${ .trigger.name | }"}
                - id: b
                  action: core.log
                  if: .trigger.ok
                  with: {message: "${ .trigger.x | nosuchfunction }"}
            """
        let diagnostics = lint(["a.yaml": workflow(steps: steps)])
        #expect(diagnostics.map(\.code) == ["SW301", "SW301", "SW301"], "\(diagnostics)")
        let first = diagnostics[0]
        #expect(first.location.line == 8)
        #expect(first.location.column == 33)
        #expect(diagnostics.contains { $0.message.contains("nosuchfunction") })
        #expect(diagnostics.contains { $0.message.contains("`if` must be exactly one `${ … }` expression") })
    }

    @Test func stepReferencesMustBeUpstream() {
        let steps = """
                - {id: fetch, action: core.noop}
                - {id: other, action: core.noop}
                - id: use
                  action: core.log
                  needs: [other]
                  with: {message: "${ .steps.fetch.output } ${ .steps.other.output } ${ .steps.nope.output }"}
            """
        let diagnostics = lint(["a.yaml": workflow(steps: steps)])
        #expect(diagnostics.map(\.code) == ["SW302", "SW302"], "\(diagnostics)")
        #expect(diagnostics[0].message.contains("`fetch` is not sure to have finished"))
        #expect(diagnostics[1].message.contains("unknown step `nope`"))
    }

    @Test func transitiveNeedsAndOutputsAreFine() {
        let steps = """
                - {id: a, action: core.noop}
                - {id: b, action: core.noop, needs: [a]}
                - {id: c, action: core.log, needs: [b], with: {message: "${ .steps.a.output }"}}
            """
        let extra = "  outputs: {all: \"${ [.steps.a, .steps.b, .steps.c] }\"}\n"
        let text = workflow(steps: steps) + "\n" + extra
        #expect(lint(["a.yaml": text]).isEmpty)
    }

    @Test func hyphenatedStepIdsGetABracketHint() {
        let steps = """
                - {id: send-mail, action: core.noop}
                - {id: b, action: core.log, needs: [send-mail], with: {message: "${ .steps.send-mail.output }"}}
            """
        let diagnostics = lint(["a.yaml": workflow(steps: steps)])
        #expect(diagnostics.contains { $0.code == "SW302" && $0.message.contains(".steps[\"send-mail\"]") }, "\(diagnostics)")
    }

    @Test func schedulesAndConfigurationsResolveAcrossFiles() {
        let schedule = """
            apiVersion: sovereign/v1
            kind: Schedule
            metadata: {name: nightly}
            spec: {workflow: demo, configuration: defaults, cron: "61 * * * *", timezone: Europe/Berlni}
            ---
            apiVersion: sovereign/v1
            kind: Schedule
            metadata: {name: other}
            spec: {workflow: dmeo, cron: "@daily"}
            """
        let configuration = """
            apiVersion: sovereign/v1
            kind: Configuration
            metadata: {name: defaults}
            spec: {workflow: demo, trigger: {id: 7, extra: true}}
            """
        let inputs = "  inputs: {type: object, required: [id], properties: {id: {type: string}}, additionalProperties: false}\n"
        let diagnostics = lint([
            "w.yaml": workflow(steps: "    - {id: a, action: core.noop}", extra: inputs),
            "s.yaml": schedule, "c.yaml": configuration,
        ])
        let codes = diagnostics.map(\.code)
        #expect(codes.filter { $0 == "SW404" }.count == 2, "\(diagnostics)")
        #expect(codes.contains("SW401"))
        #expect(codes.contains("SW402"))
        #expect(diagnostics.contains { $0.code == "SW402" && $0.message.contains("Europe/Berlin") })
        #expect(diagnostics.contains { $0.code == "SW403" && $0.message.contains("did you mean `demo`?") })
    }

    @Test func plaintextSecretsWarn() {
        let steps = """
                - id: a
                  action: http.request
                  with:
                    url: https://api.example
                    headers: {Authorization: "Bearer abcdef123456", X-Api-Key: "${ .secrets.key }"}
                    body: {password: hunter22hunter, note: "AKIAABCDEFGHIJKLMNOP"}
            """
        let diagnostics = lint(["a.yaml": workflow(steps: steps)])
        #expect(diagnostics.allSatisfy { $0.code == "SW501" && $0.severity == .warning })
        #expect(diagnostics.count == 3, "\(diagnostics)")
    }

    @Test func everyCodeHasATitle() {
        let titles = RuleSet.titles
        for rule in RuleSet.rules { #expect(titles[rule.code] != nil) }
        #expect(Set(RuleSet.rules.map(\.code)).count == RuleSet.rules.count)
    }
}

@Suite struct RuleRegressionTests {
    @Test func conditionsMustBeOneWholeExpression() {
        let steps = "    - {id: a, action: core.noop, if: \"ok: ${ .trigger.x }\"}"
        let diagnostics = lint(["a.yaml": workflow(steps: steps)])
        #expect(diagnostics.map(\.code) == ["SW301"], "\(diagnostics)")
    }

    @Test func cronThatNeverFires() {
        let schedule = """
            apiVersion: sovereign/v1
            kind: Schedule
            metadata: {name: never}
            spec: {workflow: demo, cron: "0 0 30 2 *"}
            """
        let diagnostics = lint(["a.yaml": workflow(steps: "    - {id: a, action: core.noop}"), "s.yaml": schedule])
        #expect(diagnostics.map(\.code) == ["SW401"])
        #expect(diagnostics.first?.message.contains("never fires") == true)
    }

    @Test func abbreviationsSuggestTheRegionZone() {
        let schedule = """
            apiVersion: sovereign/v1
            kind: Schedule
            metadata: {name: est}
            spec: {workflow: demo, cron: "@daily", timezone: EST}
            """
        let diagnostics = lint(["a.yaml": workflow(steps: "    - {id: a, action: core.noop}"), "s.yaml": schedule])
        #expect(diagnostics.map(\.code) == ["SW402"])
        #expect(diagnostics.first?.message.contains("America/New_York") == true, "\(diagnostics)")
    }

    @Test func needsNeverSuggestsTheStepItself() {
        let diagnostics = lint(["a.yaml": workflow(steps: "    - {id: a, action: core.noop, needs: [b]}")])
        #expect(diagnostics.first?.message.contains("did you mean `a`") == false, "\(diagnostics)")
    }

    @Test func durationsThatOverflowAreRejected() {
        let diagnostics = lint(["a.yaml": workflow(steps: "    - {id: a, action: core.noop, timeout: 99999999999999999d}")])
        #expect(diagnostics.map(\.code) == ["SW104"], "\(diagnostics)")
        #expect(diagnostics.first?.message.contains("duration") == true, "\(diagnostics)")
    }

    @Test func unclosedFlowMappingNamesWhereItBegan() {
        let diagnostics = lint(["a.yaml": "apiVersion: sovereign/v1\nkind: Workflow\nmetadata: {name: x\n"])
        #expect(diagnostics.first?.code == "SW001")
        #expect(diagnostics.first?.message.contains("began at line 3") == true, "\(diagnostics)")
    }
}

@Suite struct OutsideAccessTests {
    @Test func environmentAndInputsAreRefused() {
        let steps = """
                - id: a
                  action: core.log
                  with: {message: "${ $ENV.HOME } ${ env.PATH } ${ [inputs] } ${ \\"env\\" }"}
            """
        let diagnostics = lint(["a.yaml": workflow(steps: steps)])
        #expect(diagnostics.map(\.code) == ["SW303", "SW303", "SW303"], "\(diagnostics)")
        #expect(diagnostics[0].message.contains("`$ENV` is not allowed"))
    }
}
