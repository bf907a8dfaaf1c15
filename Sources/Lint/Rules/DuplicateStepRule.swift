import JSONSchema
import Loader
import Model

/// SW202: step ids are unique within a workflow.
struct DuplicateStepRule: WorkflowRule {
    let code = "SW202"
    let title = "Duplicate step id"

    func check(_ unit: WorkflowUnit) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for (position, step) in unit.workflow.steps.enumerated() {
            if let earlier = seen[step.id] {
                let earlierLocation = unit.document.location(of: StepPaths.field(earlier, "id"))
                diagnostics.append(
                    Diagnostic(
                        code: code,
                        message: "step id `\(step.id)` is already used by step \(earlier + 1) (\(earlierLocation)); step ids are unique in a workflow",
                        location: unit.document.location(of: StepPaths.field(position, "id"))))
            } else {
                seen[step.id] = position
            }
        }
        return diagnostics
    }
}

/// JSON paths into a workflow's steps.
enum StepPaths {
    static func step(_ position: Int) -> [PathComponent] { [.key("spec"), .key("steps"), .index(position)] }
    static func field(_ position: Int, _ name: String) -> [PathComponent] { step(position) + [.key(name)] }
}
