import Loader
import Model

/// SW203: every `needs` entry names another step of the same workflow.
struct UnknownNeedsRule: WorkflowRule {
    let code = "SW203"
    let title = "`needs` names an unknown step"

    func check(_ unit: WorkflowUnit) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let ids = unit.workflow.steps.map(\.id)
        let known = Set(ids)
        for (position, step) in unit.workflow.steps.enumerated() {
            for (entry, need) in step.needs.enumerated() {
                let location = unit.document.location(of: StepPaths.field(position, "needs") + [.index(entry)])
                if need == step.id {
                    diagnostics.append(
                        Diagnostic(code: code, message: "step `\(step.id)` cannot need itself", location: location))
                } else if !known.contains(need) {
                    let others = ids.filter { $0 != step.id }
                    let hint = Suggestion.closest(to: need, among: others).map { "; did you mean `\($0)`?" }
                        ?? "; steps are: \(others.joined(separator: ", "))"
                    diagnostics.append(
                        Diagnostic(
                            code: code, message: "step `\(step.id)` needs unknown step `\(need)`\(hint)",
                            location: location))
                }
            }
        }
        return diagnostics
    }
}
