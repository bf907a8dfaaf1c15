import Lint
import Model

/// Hand-built reports for the formatter tests.
enum OutputFixtures {
    static let workflowPath = "workflows/onboarding.yaml"

    static let workflowSource = """
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: onboarding}
        spec:
          steps:
            - id: approve
              needs: [fetchh]
              timeout: 1 hour

        """

    /// One error with a range and one warning without, in one file of three.
    static let mixedReport = LintReport(
        files: 3,
        diagnostics: [
            Diagnostic(
                code: "SW203", severity: .error, message: #"step "approve" needs unknown step "fetchh""#,
                location: SourceLocation(path: workflowPath, line: 7, column: 15, endLine: 7, endColumn: 21)),
            Diagnostic(
                code: "SW310", severity: .warning, message: "timeout \"1 hour\" is not a duration; use 1h",
                location: SourceLocation(path: workflowPath, line: 8, column: 16)),
        ],
        sources: [workflowPath: workflowSource])

    /// A report with one diagnostic at `location` in a file whose text is `source`.
    static func single(
        _ source: String?, at location: SourceLocation, severity: Severity = .error, message: String = "problem"
    ) -> LintReport {
        LintReport(
            files: 1,
            diagnostics: [Diagnostic(code: "SW100", severity: severity, message: message, location: location)],
            sources: source.map { [location.path: $0] } ?? [:])
    }
}

/// `Model.SourceLocation`, named apart from `Testing.SourceLocation` for the output tests.
typealias OutputLocation = Model.SourceLocation
