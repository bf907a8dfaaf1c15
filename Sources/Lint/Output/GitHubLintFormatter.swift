import Model

/// The `github` format: GitHub Actions workflow commands, which GitHub turns into annotations on the
/// changed lines of a pull request, followed by the plain summary line for the job log.
///
/// ```
/// ::error file=workflows/a.yaml,line=12,col=14,endLine=12,endColumn=20,title=SW203::step "approve" needs …
/// ```
enum GitHubLintFormatter {
    static func render(_ report: LintReport) -> String {
        var output = ""
        for diagnostic in report.diagnostics {
            let location = diagnostic.location
            var properties: [(String, String)] = [
                ("file", location.path.hasPrefix("./") ? String(location.path.dropFirst(2)) : location.path),
                ("line", String(location.line)),
                ("col", String(location.column)),
            ]
            if let endLine = location.endLine { properties.append(("endLine", String(endLine))) }
            if let endColumn = location.endColumn { properties.append(("endColumn", String(endColumn))) }
            properties.append(("title", diagnostic.code))
            let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
            output += "::\(diagnostic.severity.rawValue) \(list)::\(escapeData(diagnostic.message))\n"
        }
        output += LintSummary.line(for: report) + "\n"
        return output
    }

    /// Escapes a command's message as the Actions runner expects: `%`, CR and LF.
    static func escapeData(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Escapes a command property value: as `escapeData`, plus `:` and `,`.
    static func escapeProperty(_ value: String) -> String {
        var result = ""
        for scalar in escapeData(value).unicodeScalars {
            switch scalar {
            case ":": result += "%3A"
            case ",": result += "%2C"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
