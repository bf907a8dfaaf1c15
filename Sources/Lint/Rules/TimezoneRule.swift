import Foundation
import JSONSchema
import Loader
import Model

/// SW402: a Schedule's `timezone` is an IANA time zone name.
struct TimezoneRule: DocumentRule {
    let code = "SW402"
    let title = "Unknown time zone"

    func check(_ document: LoadedDocument) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if case .schedule(let schedule)? = document.resource, !Self.isKnown(schedule.timezone) {
            // An abbreviation (`EST`, `CET`) names a region's zone better than spelling does.
            let message: String
            if let region = TimeZone.abbreviationDictionary[schedule.timezone.uppercased()] {
                message = "`\(schedule.timezone)` is an abbreviation, not an IANA time zone name (abbreviations are ambiguous and ignore daylight saving); name the region's zone, for example `\(region)`"
            } else {
                let hint = Suggestion.closest(to: schedule.timezone, among: TimeZone.knownTimeZoneIdentifiers)
                    .map { "; did you mean `\($0)`?" } ?? "; use an IANA name such as `Europe/Berlin` or `UTC`"
                message = "unknown time zone `\(schedule.timezone)`\(hint)"
            }
            diagnostics.append(
                Diagnostic(
                    code: code, message: message,
                    location: document.location(of: [.key("spec"), .key("timezone")])))
        }
        return diagnostics
    }

    /// IANA names only: Foundation also accepts abbreviations such as `EST`, whose meaning is ambiguous.
    static func isKnown(_ identifier: String) -> Bool {
        identifier == "UTC" || TimeZone.knownTimeZoneIdentifiers.contains(identifier)
    }
}
