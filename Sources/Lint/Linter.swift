import Model

/// Lints files and directories as one set, as the reconciler will load them.
public enum Linter {
    /// Lints every `*.yaml`/`*.yml` file under `paths` (files are taken as given).
    /// Throws `LintInputError` when a path does not exist or cannot be read.
    public static func lint(paths: [String]) throws -> LintReport {
        // Placeholder until the loader lands.
        LintReport(files: 0, diagnostics: [])
    }
}
