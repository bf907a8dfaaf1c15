import Cron
import JSONSchema
import Loader
import Model

/// SW401: a Schedule's `cron` is a valid 5- or 6-field expression or macro.
struct CronRule: LintRule {
    let code = "SW401"
    let title = "Invalid cron expression"

    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (document, resource) in context.resources(of: .schedule) {
            guard case .schedule(let schedule) = resource else { continue }
            do {
                _ = try CronExpression.parse(schedule.cron)
            } catch {
                let path: [PathComponent] = [.key("spec"), .key("cron")]
                diagnostics.append(
                    Diagnostic(
                        code: code, message: "invalid cron `\(schedule.cron)`: \(error.message)",
                        location: document.location(of: path, characterOffset: error.offset)))
            }
        }
        return diagnostics
    }
}
