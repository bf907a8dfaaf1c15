import Model

/// The `json` format: one compact JSON object on one line,
/// `{"files":N,"errors":N,"warnings":N,"diagnostics":[{"path","line","column","endLine"?,"endColumn"?,
/// "severity","code","message"}]}`. Object keys are sorted; `endLine`/`endColumn` appear only when known.
enum JSONLintFormatter {
    static func render(_ report: LintReport) -> String {
        let diagnostics: [JSONValue] = report.diagnostics.map { diagnostic in
            let location = diagnostic.location
            var members: [String: JSONValue] = [
                "path": .string(location.path),
                "line": .integer(Int64(location.line)),
                "column": .integer(Int64(location.column)),
                "severity": .string(diagnostic.severity.rawValue),
                "code": .string(diagnostic.code),
                "message": .string(diagnostic.message),
            ]
            if let endLine = location.endLine { members["endLine"] = .integer(Int64(endLine)) }
            if let endColumn = location.endColumn { members["endColumn"] = .integer(Int64(endColumn)) }
            return .object(members)
        }
        let document: JSONValue = .object([
            "files": .integer(Int64(report.files)),
            "errors": .integer(Int64(report.errorCount)),
            "warnings": .integer(Int64(report.warningCount)),
            "diagnostics": .array(diagnostics),
        ])
        return document.jsonText + "\n"
    }
}
