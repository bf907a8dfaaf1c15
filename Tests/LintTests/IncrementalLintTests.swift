import Lint
import Loader
import Model
import Testing

@Suite struct IncrementalLintTests {
    /// Files analyzed once and reused next to a changed file give the report of a full lint,
    /// including findings across files that the change causes in the unchanged ones.
    @Test func reusedAnalysesGiveTheFullReport() {
        let inputs = "  inputs: {type: object, required: [id], properties: {id: {type: string}}}\n"
        let configuration = """
            apiVersion: sovereign/v1
            kind: Configuration
            metadata: {name: defaults}
            spec: {workflow: demo, trigger: {id: "7"}}
            """
        let kept = [
            Loader.load(bytes: Array(configuration.utf8), path: "c.yaml"),
            Loader.load(bytes: Array(workflow("demo", steps: "    - {id: a, action: core.noop, needs: [b]}").utf8), path: "z.yaml"),
        ]
        let reused = Linter.analyze(kept)
        let variants: [(text: String, codes: [String])] = [
            // a.yaml takes the name `demo`: z.yaml is the duplicate and its own finding drops out.
            (workflow("demo", steps: "    - {id: a, action: core.noop}", extra: inputs), ["SW201"]),
            // Another name: z.yaml is `demo` again, with its unknown need.
            (workflow("other", steps: "    - {id: a, action: core.noop}", extra: inputs), ["SW203"]),
            // New inputs that the unchanged configuration does not satisfy.
            (workflow("demo", steps: "    - {id: a, action: core.noop}", extra: inputs.replacingOccurrences(of: "[id]", with: "[id, x]")),
             ["SW404", "SW201"]),
        ]
        for variant in variants {
            let file = Loader.load(bytes: Array(variant.text.utf8), path: "a.yaml")
            let incremental = Linter.lint(analyzed: Linter.analyze([file]) + reused)
            let full = Linter.lint(files: [file] + kept)
            #expect(incremental.diagnostics == full.diagnostics)
            #expect(incremental.sources == full.sources)
            #expect(incremental.diagnostics.map(\.code) == variant.codes, "\(incremental.diagnostics)")
        }
    }
}
