import Expressions
import Loader
import Model

/// SW302: an expression reads `.steps.X` only when X is a step that is sure to have finished:
/// one of the transitive `needs` of the step that holds it (any step, in `outputs`).
struct StepReferenceRule: WorkflowRule {
    let code = "SW302"
    let title = "Reference to a step that is unknown or not sure to have finished"

    func check(_ unit: WorkflowUnit) -> [Diagnostic] {
        let graph = StepGraph(unit.workflow)
        let ids = unit.workflow.steps.map(\.id)
        var diagnostics: [Diagnostic] = []
        for occurrence in unit.expressions.occurrences {
            for reference in occurrence.stepReferences {
                guard let message = problem(with: reference.stepId, scope: occurrence.scope, graph: graph, ids: ids)
                else { continue }
                diagnostics.append(
                    Diagnostic(code: code, message: message, location: occurrence.location(programOffset: reference.offset)))
            }
        }
        return diagnostics
    }

    private func problem(with target: String, scope: ExpressionScope, graph: StepGraph, ids: [String]) -> String? {
        let known = Set(ids)
        guard known.contains(target) else {
            if let hyphenated = ids.first(where: { $0.hasPrefix(target + "-") }) {
                return "unknown step `\(target)`: jq reads `.steps.\(hyphenated)` as a subtraction; write `.steps[\"\(hyphenated)\"]`"
            }
            let hint = Suggestion.closest(to: target, among: ids).map { "; did you mean `\($0)`?" }
                ?? "; steps are: \(ids.joined(separator: ", "))"
            return "unknown step `\(target)` in `.steps.\(target)`\(hint)"
        }
        switch scope {
        case .outputs:
            return nil
        case .concurrencyKey:
            return "the concurrency key is computed before any step runs, so it cannot read `.steps.\(target)`; use `.trigger` or `.vars`"
        case .step(let id):
            if id == target { return "step `\(id)` cannot read its own output `.steps.\(id)`" }
            if graph.ancestors(of: id).contains(target) { return nil }
            return "step `\(id)` reads `.steps.\(target)`, but `\(target)` is not sure to have finished before it: add `\(target)` to the `needs` of `\(id)` (directly or through a step it needs)"
        }
    }
}
