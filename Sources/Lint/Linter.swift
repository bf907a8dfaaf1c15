import Loader
import Model

/// Lints files and directories as one set, as the reconciler will load them.
public enum Linter {
    /// Lints every `*.yaml`/`*.yml` file under `paths` (files named directly are taken as given).
    /// Throws `LintInputError` when a path does not exist or cannot be read.
    public static func lint(paths: [String]) throws(LintInputError) -> LintReport {
        let references: [SourceFileReference]
        do {
            references = try SourceDiscovery.files(under: paths)
        } catch {
            throw LintInputError(path: error.path, reason: error.reason)
        }
        return lint(files: Loader.load(references))
    }

    /// Lints files already loaded.
    public static func lint(files: [LoadedFile]) -> LintReport {
        lint(analyzed: analyze(files))
    }
}
