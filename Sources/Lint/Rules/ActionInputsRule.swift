import JSONSchema
import Loader
import Model

/// SW206: a step's `with` matches the input schema of its action. Strings holding `${ … }` are
/// only known at run time, so they match any type.
struct ActionInputsRule: WorkflowRule {
    let code = "SW206"
    let title = "`with` does not match the action's inputs"

    /// One validator per action, compiled once per process.
    static let validators: [String: JSONSchemaValidator] = Dictionary(
        uniqueKeysWithValues: ActionCatalog.all.compactMap { action in
            (try? JSONSchemaValidator(schema: action.inputSchema)).map { (action.name, $0) }
        })

    func check(_ unit: WorkflowUnit) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (position, step) in unit.workflow.steps.enumerated() {
            guard let validator = Self.validators[step.action] else { continue }
            let withPath = StepPaths.field(position, "with")
            for violation in validator.validate(.object(step.with), isOpaque: ExpressionValues.isExpression) {
                let field = SchemaPaths.dotted([.key("with")] + violation.path)
                let pointAtKey = violation.keyword == "additionalProperties"
                diagnostics.append(
                    Diagnostic(
                        code: code, message: "\(step.action) \(field): \(violation.message)",
                        location: unit.document.location(of: withPath + violation.path, key: pointAtKey)))
            }
        }
        return diagnostics
    }
}

/// Recognises values computed at run time.
enum ExpressionValues {
    /// A string with `${` is an expression (whole value or interpolation).
    static func isExpression(_ value: JSONValue) -> Bool {
        if case .string(let text) = value { return text.containsBytes("${") }
        return false
    }
}
