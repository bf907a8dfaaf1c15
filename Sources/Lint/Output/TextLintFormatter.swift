import Model

/// The `text` format: one `path:line:col: error[CODE]: message` header per diagnostic, the source
/// line with a `^~~~` marker under it, and a summary line at the end.
///
/// ```
/// workflows/onboarding.yaml:12:14: error[SW203]: step "approve" needs unknown step "fetchh"
///    12 |     needs: [fetchh]
///       |             ^~~~~~
///
/// 1 error in 3 files
/// ```
struct TextLintFormatter {
    var options: LintOutputOptions

    private enum Style: String {
        case error = "\u{1B}[1;31m"
        case warning = "\u{1B}[1;33m"
        case bold = "\u{1B}[1m"
        case reset = "\u{1B}[0m"
    }

    func render(_ report: LintReport) -> String {
        var output = ""
        var linesByPath: [String: SourceLines] = [:]
        for diagnostic in report.diagnostics {
            let location = diagnostic.location
            let severityStyle: Style = diagnostic.severity == .error ? .error : .warning
            output += styled(Self.printable("\(location):"), .bold) + " "
            output += styled("\(diagnostic.severity.rawValue)[\(diagnostic.code)]:", severityStyle) + " "
            output += Self.printable(diagnostic.message) + "\n"

            if linesByPath[location.path] == nil, let text = report.sources[location.path] {
                linesByPath[location.path] = SourceLines(text)
            }
            if let lines = linesByPath[location.path],
               let snippet = SourceSnippet(location: location, lines: lines) {
                let number = String(location.line)
                let gutter = String(repeating: " ", count: number.count)
                output += " \(number) | \(snippet.sourceLine)\n"
                output += " \(gutter) | \(snippet.indentation)\(styled(snippet.marker, severityStyle))\n"
            }
            output += "\n"
        }
        output += styled(LintSummary.line(for: report), .bold) + "\n"
        return output
    }

    private func styled(_ text: String, _ style: Style) -> String {
        options.color ? style.rawValue + text + Style.reset.rawValue : text
    }

    /// `message` with control characters other than newline and tab shown as U+FFFD.
    static func printable(_ message: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in message.unicodeScalars {
            result.append(scalar != "\n" && SourceSnippet.isControl(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }
}
