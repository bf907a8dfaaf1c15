import Loader
import Model

/// SW201: names are unique per kind across the whole set of files.
struct DuplicateNameRule: SetRule {
    let code = "SW201"
    let title = "Duplicate name across files"

    func check(_ context: LintContext) -> [Diagnostic] {
        var first: [ResourceKind: [String: LoadedDocument]] = [:]
        var diagnostics: [Diagnostic] = []
        for document in context.documents {
            guard let name = document.name else { continue }
            if let earlier = first[document.kind]?[name] {
                let message =
                    "\(document.kind.rawValue) `\(name)` is already defined at \(earlier.nameLocation); names are unique per kind: rename one of them"
                diagnostics.append(Diagnostic(code: code, message: message, location: document.nameLocation))
            } else {
                first[document.kind, default: [:]][name] = document
            }
        }
        return diagnostics
    }
}
