import Expressions
import Loader
import Model

/// SW303: expressions see only their input document. `$ENV` and `env` would hand the engine's
/// environment (where its own secrets live) to any workflow author; `input`, `import` and
/// friends read beyond the document. The engine refuses them too.
struct OutsideAccessRule: WorkflowRule {
    let code = "SW303"
    let title = "Expression reads outside its input"

    func check(_ unit: WorkflowUnit) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for occurrence in unit.expressions.occurrences {
            for access in References.outsideAccesses(in: occurrence.expression.source) {
                let advice = access.name == "$ENV" || access.name == "env"
                    ? "expressions cannot read the engine's environment; pass values through `vars` or `${ .secrets.<name> }`"
                    : "expressions see only their input document (trigger, vars, steps, execution, item)"
                diagnostics.append(
                    Diagnostic(
                        code: code, message: "`\(access.name)` is not allowed: \(advice)",
                        location: occurrence.location(programOffset: access.offset)))
            }
        }
        return diagnostics
    }
}
