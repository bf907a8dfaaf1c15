import Foundation
import Lint
import Model

/// `sovereign lint`: checks workflow files offline, as the reconciler would load them.
enum LintCommand {
    /// The subcommand's name.
    static let name = "lint"
    /// One line for the command list.
    static let summary = "Check workflow files offline (for CI and pre-commit)."

    static let parser = ArgumentParser(options: [
        OptionSpecification(long: "format", short: "f", valueName: "format"),
        OptionSpecification(long: "strict"),
        OptionSpecification(long: "no-color"),
        OptionSpecification(long: "help", short: "h"),
    ])

    /// Help for `sovereign lint --help`.
    static let usage = """
        OVERVIEW: \(summary)

        USAGE: \(ProductInfo.name) lint [--format <format>] [--strict] [--no-color] <path>...

        ARGUMENTS:
          <path>                 A workflow file, or a directory searched for *.yaml and *.yml files.

        OPTIONS:
          -f, --format <format>  Output format (default: text):
                                   text    path:line:col: error[CODE]: message, with the source line
                                   json    one JSON object with every diagnostic
                                   sarif   SARIF 2.1.0, for GitHub code scanning
                                   github  GitHub Actions annotations (::error file=…)
          --strict               Treat warnings as failures (exit status 1).
          --no-color             Do not colour text output. Colour is used only when standard output
                                 is a terminal, NO_COLOR is unset and TERM is not 'dumb'.
          -h, --help             Show this help.

        EXIT STATUS:
          0  no errors (warnings are allowed unless --strict)
          1  errors were found (or warnings, with --strict)
          2  usage error, or a path could not be read

        """

    /// Runs `sovereign lint` with `arguments` (after the word `lint`) and returns the exit status.
    static func run(arguments: [String], console: Console) -> Int32 {
        if ArgumentParser.asksForHelp(arguments) {
            console.output(usage)
            return ExitStatus.success
        }
        let hint = "Run '\(ProductInfo.name) lint --help' for usage."
        let parsed: ParsedArguments
        let format: LintFormat
        do throws(UsageError) {
            parsed = try parser.parse(arguments)
            format = try parseFormat(parsed.values["format"] ?? LintFormat.text.rawValue)
            if parsed.positionals.isEmpty {
                throw UsageError(message: "no paths given; name the workflow files or directories to lint")
            }
        } catch {
            console.error(error.message, hint: hint)
            return ExitStatus.usageError
        }

        let report: LintReport
        do {
            report = try Linter.lint(paths: parsed.positionals)
        } catch {
            console.error(error.description)
            return ExitStatus.usageError
        }

        let options = LintOutputOptions(
            color: format == .text && !parsed.flags.contains("no-color") && console.allowsColor,
            ruleTitles: RuleSet.titles,
            toolVersion: ProductInfo.version,
            sourceRoot: FileManager.default.currentDirectoryPath)
        console.output(format.render(report, options: options))

        let strict = parsed.flags.contains("strict")
        if report.errorCount > 0 || (strict && report.warningCount > 0) {
            return ExitStatus.failure
        }
        return ExitStatus.success
    }

    private static func parseFormat(_ value: String) throws(UsageError) -> LintFormat {
        if let format = LintFormat(rawValue: value) { return format }
        let names = LintFormat.allCases.map(\.rawValue)
        let suggestion = ArgumentParser.didYouMean(value, among: names)
        throw UsageError(message: "unknown format '\(value)' for --format (expected one of: "
            + names.joined(separator: ", ") + ")" + suggestion)
    }
}
