import Model

/// The result of linting a set of files: every diagnostic, plus what a formatter needs to show them.
public struct LintReport: Sendable {
    /// How many files were read.
    public var files: Int
    /// Every finding, sorted by path, line and column.
    public var diagnostics: [Diagnostic]
    /// The text of each file that has diagnostics, by path, for caret snippets.
    public var sources: [String: String]

    /// Creates a report.
    public init(files: Int, diagnostics: [Diagnostic], sources: [String: String] = [:]) {
        self.files = files
        self.diagnostics = diagnostics
        self.sources = sources
    }

    /// How many diagnostics are errors.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// How many diagnostics are warnings.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// A path given to lint that could not be read: a usage or I/O problem (exit code 2).
public struct LintInputError: Error, Sendable, CustomStringConvertible {
    /// The path as given.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// Creates an input error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
