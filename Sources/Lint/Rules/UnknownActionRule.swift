import Loader
import Model

/// SW205: every step's `action` is in the action catalog.
struct UnknownActionRule: LintRule {
    let code = "SW205"
    let title = "Unknown action"

    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for loaded in context.workflows.values {
            for (position, step) in loaded.workflow.steps.enumerated()
            where ActionCatalog.action(named: step.action) == nil {
                let hint = Suggestion.closest(to: step.action, among: ActionCatalog.names).map { "; did you mean `\($0)`?" }
                    ?? "; available actions: \(ActionCatalog.names.joined(separator: ", "))"
                diagnostics.append(
                    Diagnostic(
                        code: code, message: "unknown action `\(step.action)`\(hint)",
                        location: loaded.document.location(of: StepPaths.field(position, "action"))))
            }
        }
        return diagnostics
    }
}
