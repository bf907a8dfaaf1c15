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
        let context = LintContext(files: files)
        var diagnostics = files.flatMap(\.diagnostics) + RuleSet.check(context)
        diagnostics.sort { ($0.location, $0.code) < ($1.location, $1.code) }
        var sources: [String: String] = [:]
        let flagged = Set(diagnostics.map(\.location.path))
        for file in files where flagged.contains(file.path) {
            sources[file.path] = file.text
        }
        return LintReport(files: files.count, diagnostics: diagnostics, sources: sources)
    }
}
