import JSONSchema
import Loader
import Model

/// SW404: a Configuration's trigger (and a Schedule's trigger, merged over its configuration's)
/// is a complete, valid trigger for the workflow's `inputs`.
struct ConfigurationInputsRule: SetRule {
    let code = "SW404"
    let title = "Trigger does not match the workflow's inputs"

    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let configurations = context.configurations
        let triggerPath: [PathComponent] = [.key("spec"), .key("trigger")]
        func validate(_ trigger: [String: JSONValue], workflowName: String, owner: String, _ document: LoadedDocument) {
            guard let loaded = context.workflows[workflowName], let inputs = loaded.workflow.inputs,
                let validator = try? JSONSchemaValidator(schema: inputs)
            else { return }
            for violation in validator.validate(.object(trigger)) {
                let field = SchemaPaths.dotted([.key("trigger")] + violation.path)
                diagnostics.append(
                    Diagnostic(
                        code: code,
                        message: "\(owner) \(field): \(violation.message) (per the inputs of workflow `\(workflowName)`)",
                        location: document.location(
                            of: triggerPath + violation.path, key: violation.keyword == "additionalProperties")))
            }
        }
        for (document, resource) in context.resources(of: .configuration) {
            guard case .configuration(let configuration) = resource else { continue }
            validate(configuration.trigger, workflowName: configuration.workflow, owner: "configuration", document)
        }
        for (document, resource) in context.resources(of: .schedule) {
            guard case .schedule(let schedule) = resource else { continue }
            // A configuration used as is was already checked on its own.
            if schedule.configuration != nil && schedule.trigger.isEmpty { continue }
            var trigger: [String: JSONValue] = [:]
            if let name = schedule.configuration {
                guard let configuration = configurations[name] else { continue }
                trigger = configuration.configuration.trigger
            }
            trigger = JSONMerge.deepMerge(trigger, schedule.trigger)
            validate(trigger, workflowName: schedule.workflow, owner: "schedule", document)
        }
        return diagnostics
    }
}
