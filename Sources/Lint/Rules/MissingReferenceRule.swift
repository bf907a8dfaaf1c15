import JSONSchema
import Loader
import Model

/// SW403: Schedules, Configurations and `workflow.run` steps name workflows and configurations
/// that exist in the set, and a configuration belongs to the workflow it is used with.
struct MissingReferenceRule: SetRule {
    let code = "SW403"
    let title = "Reference to a missing workflow or configuration"

    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let configurations = context.configurations
        func report(_ message: String, _ document: LoadedDocument, _ path: [PathComponent]) {
            diagnostics.append(Diagnostic(code: code, message: message, location: document.location(of: path)))
        }
        func checkWorkflow(_ name: String, _ document: LoadedDocument, _ path: [PathComponent]) {
            // An invalid name is already reported by the schema checks.
            guard Naming.isValidResourceName(name), context.names[.workflow]?.contains(name) != true else { return }
            report(missing(.workflow, name, context), document, path)
        }
        func checkConfiguration(_ name: String, workflow: String, _ document: LoadedDocument, _ path: [PathComponent]) {
            guard Naming.isValidResourceName(name) else { return }
            guard context.names[.configuration]?.contains(name) == true else {
                report(missing(.configuration, name, context), document, path)
                return
            }
            if let found = configurations[name], found.configuration.workflow != workflow {
                report(
                    "configuration `\(name)` is for workflow `\(found.configuration.workflow)`, not `\(workflow)`",
                    document, path)
            }
        }
        for (document, resource) in context.resources(of: .configuration) {
            guard case .configuration(let configuration) = resource else { continue }
            checkWorkflow(configuration.workflow, document, [.key("spec"), .key("workflow")])
        }
        for (document, resource) in context.resources(of: .schedule) {
            guard case .schedule(let schedule) = resource else { continue }
            checkWorkflow(schedule.workflow, document, [.key("spec"), .key("workflow")])
            if let configuration = schedule.configuration {
                checkConfiguration(
                    configuration, workflow: schedule.workflow, document, [.key("spec"), .key("configuration")])
            }
        }
        for loaded in context.workflows.values {
            for (position, step) in loaded.workflow.steps.enumerated() where step.action == "workflow.run" {
                // Names computed by expressions are only known at run time.
                guard case .string(let target)? = step.with["workflow"], !target.containsBytes("${") else { continue }
                checkWorkflow(target, loaded.document, StepPaths.field(position, "with") + [.key("workflow")])
                if case .string(let configuration)? = step.with["configuration"], !configuration.containsBytes("${") {
                    checkConfiguration(
                        configuration, workflow: target, loaded.document,
                        StepPaths.field(position, "with") + [.key("configuration")])
                }
            }
        }
        return diagnostics
    }

    private func missing(_ kind: ResourceKind, _ name: String, _ context: LintContext) -> String {
        let known = context.names[kind] ?? []
        let hint = Suggestion.closest(to: name, among: known.sorted()).map { "; did you mean `\($0)`?" } ?? ""
        return "\(kind.rawValue.lowercased()) `\(name)` is not defined in any linted file\(hint)"
    }
}
