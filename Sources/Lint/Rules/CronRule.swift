import Cron
import Foundation
import JSONSchema
import Loader
import Model

/// SW401: a Schedule's `cron` is a valid 5- or 6-field expression or macro.
struct CronRule: DocumentRule {
    let code = "SW401"
    let title = "Invalid cron expression"

    func check(_ document: LoadedDocument) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if case .schedule(let schedule)? = document.resource {
            do {
                let expression = try CronExpression.parse(schedule.cron)
                // A valid expression can still name a date that never comes (`0 0 30 2 *`).
                let zone = TimeZone(identifier: schedule.timezone) ?? TimeZone(identifier: "UTC")!
                if expression.next(after: Date(), in: zone) == nil {
                    diagnostics.append(
                        Diagnostic(
                            code: code,
                            message: "cron `\(schedule.cron)` never fires: no time matches it in the next 5 years",
                            location: document.location(of: [.key("spec"), .key("cron")])))
                }
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
