import Expressions
import Loader
import Model

/// SW301: every `${ … }` is well formed and compiles as jq; `if` is an expression.
struct ExpressionSyntaxRule: WorkflowRule {
    let code = "SW301"
    let title = "Expression syntax error"

    func check(_ unit: WorkflowUnit) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for problem in unit.expressions.problems {
            diagnostics.append(
                Diagnostic(
                    code: code, message: problem.error.message,
                    location: problem.document.location(of: problem.path, characterOffset: problem.error.offset)))
        }
        for (document, path) in unit.expressions.bareConditions {
            diagnostics.append(
                Diagnostic(
                    code: code,
                    message: "`if` must be exactly one `${ … }` expression, with no text around it, for example `if: ${ .steps.check.output.ok }`",
                    location: document.location(of: path)))
        }
        // The programs were compiled before the rules ran, in batches (see `Linter.analyze`).
        for occurrence in unit.expressions.occurrences {
            guard let message = unit.programErrors[occurrence.expression.source] else { continue }
            diagnostics.append(
                Diagnostic(
                    code: code, message: "invalid jq expression `\(occurrence.expression.source)`: \(message)",
                    location: occurrence.location()))
        }
        return diagnostics
    }
}
