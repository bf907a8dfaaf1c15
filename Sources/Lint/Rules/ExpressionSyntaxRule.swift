import Expressions
import Loader
import Model

/// SW301: every `${ … }` is well formed and compiles as jq; `if` is an expression.
struct ExpressionSyntaxRule: LintRule {
    let code = "SW301"
    let title = "Expression syntax error"

    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for problem in context.expressions.problems {
            diagnostics.append(
                Diagnostic(
                    code: code, message: problem.error.message,
                    location: problem.document.location(of: problem.path, characterOffset: problem.error.offset)))
        }
        for (document, path) in context.expressions.bareConditions {
            diagnostics.append(
                Diagnostic(
                    code: code,
                    message: "`if` must be exactly one `${ … }` expression, with no text around it, for example `if: ${ .steps.check.output.ok }`",
                    location: document.location(of: path)))
        }
        let occurrences = context.expressions.occurrences
        var uniquePrograms: [String] = []
        var programIndex: [String: Int] = [:]
        for occurrence in occurrences where programIndex[occurrence.expression.source] == nil {
            programIndex[occurrence.expression.source] = uniquePrograms.count
            uniquePrograms.append(occurrence.expression.source)
        }
        let results = JQCompiler().check(uniquePrograms)
        for occurrence in occurrences {
            guard let message = results[programIndex[occurrence.expression.source]!] else { continue }
            diagnostics.append(
                Diagnostic(
                    code: code, message: "invalid jq expression `\(occurrence.expression.source)`: \(message)",
                    location: occurrence.location()))
        }
        return diagnostics
    }
}
