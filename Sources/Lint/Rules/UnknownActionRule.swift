import Loader
import Model

/// SW205: every step's `action` is in the action catalog.
struct UnknownActionRule: WorkflowRule {
    let code = "SW205"
    let title = "Unknown action"

    func check(_ unit: WorkflowUnit) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (position, step) in unit.workflow.steps.enumerated()
        where ActionCatalog.action(named: step.action) == nil {
            let hint = Suggestion.closest(to: step.action, among: ActionCatalog.names).map { "; did you mean `\($0)`?" }
                ?? "; available actions: \(ActionCatalog.names.joined(separator: ", "))"
            diagnostics.append(
                Diagnostic(
                    code: code, message: "unknown action `\(step.action)`\(hint)",
                    location: unit.document.location(of: StepPaths.field(position, "action"))))
        }
        return diagnostics
    }
}
