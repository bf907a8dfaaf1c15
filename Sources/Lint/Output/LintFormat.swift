import Model

/// The output formats of `sovereign lint`.
///
/// ```swift
/// let text = LintFormat.sarif.render(report, options: LintOutputOptions(toolVersion: "0.1.0"))
/// ```
public enum LintFormat: String, CaseIterable, Sendable {
    /// `path:line:col: error[SW203]: message`, a caret snippet, and a summary line; for people.
    case text
    /// One JSON object: `{"files","errors","warnings","diagnostics":[…]}`; for scripts.
    case json
    /// SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.
    case sarif
    /// GitHub Actions workflow commands (`::error file=…::message`), shown as annotations on the PR.
    case github

    /// Renders `report` in this format. The result ends with a newline.
    public func render(_ report: LintReport, options: LintOutputOptions = LintOutputOptions()) -> String {
        switch self {
        case .text: TextLintFormatter(options: options).render(report)
        case .json: JSONLintFormatter.render(report)
        case .sarif: SARIFLintFormatter(options: options).render(report)
        case .github: GitHubLintFormatter.render(report)
        }
    }
}

/// Settings shared by the lint formatters; each format reads the ones it needs.
public struct LintOutputOptions: Sendable {
    /// Text format: emphasise severities with ANSI colours. Callers decide (TTY, `NO_COLOR`, `TERM=dumb`).
    public var color: Bool
    /// SARIF: a human title per diagnostic code (`SW203` → "Unknown step in needs"); the code when absent.
    public var ruleTitles: [String: String]
    /// SARIF: a documentation URL per diagnostic code; rules without one get no `helpUri`.
    public var ruleHelpURIs: [String: String]
    /// SARIF: `tool.driver.version`; omitted when nil.
    public var toolVersion: String?
    /// SARIF: `tool.driver.informationUri` (the project's home page); omitted when nil.
    public var informationURI: String?
    /// SARIF: the absolute directory that `%SRCROOT%` stands for (normally the current directory).
    /// Relative paths are resolved against it and absolute paths below it are made relative to it;
    /// when nil, relative paths are used as given and absolute paths become `file://` URIs.
    public var sourceRoot: String?

    /// Creates options; every setting has a neutral default.
    public init(
        color: Bool = false,
        ruleTitles: [String: String] = [:],
        ruleHelpURIs: [String: String] = [:],
        toolVersion: String? = nil,
        informationURI: String? = nil,
        sourceRoot: String? = nil
    ) {
        self.color = color
        self.ruleTitles = ruleTitles
        self.ruleHelpURIs = ruleHelpURIs
        self.toolVersion = toolVersion
        self.informationURI = informationURI
        self.sourceRoot = sourceRoot
    }
}

/// The summary line shared by the text and GitHub formats:
/// "2 errors, 1 warning in 14 files" or "No problems found in 14 files".
enum LintSummary {
    static func line(for report: LintReport) -> String {
        var parts: [String] = []
        if report.errorCount > 0 { parts.append(count(report.errorCount, "error")) }
        if report.warningCount > 0 { parts.append(count(report.warningCount, "warning")) }
        let files = count(report.files, "file")
        return parts.isEmpty ? "No problems found in \(files)" : parts.joined(separator: ", ") + " in \(files)"
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
