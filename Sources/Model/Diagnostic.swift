/// A 1-based position in a file, as users see it: `path:line:col`.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file's path as the user named it.
    public var path: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in characters (Unicode scalars).
    public var column: Int
    /// Where the located thing ends, when known (1-based, inclusive line, exclusive column).
    public var endLine: Int?
    /// See `endLine`.
    public var endColumn: Int?

    /// Creates a location; `endLine`/`endColumn` are optional.
    public init(path: String, line: Int, column: Int, endLine: Int? = nil, endColumn: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
    }

    /// `path:line:col`.
    public var description: String { "\(path):\(line):\(column)" }

    public static func < (left: SourceLocation, right: SourceLocation) -> Bool {
        (left.path, left.line, left.column) < (right.path, right.line, right.column)
    }
}

/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, Comparable {
    case warning
    case error

    public static func < (left: Severity, right: Severity) -> Bool {
        left == .warning && right == .error
    }
}

/// One finding about a file: what is wrong, where, and under which stable code.
public struct Diagnostic: Sendable, Hashable {
    /// A stable code such as `SW101`, documented in docs/workflow-format.md.
    public var code: String
    /// Error or warning.
    public var severity: Severity
    /// What is wrong and, where possible, what to do.
    public var message: String
    /// Where it is.
    public var location: SourceLocation

    /// Creates a diagnostic.
    public init(code: String, severity: Severity = .error, message: String, location: SourceLocation) {
        self.code = code
        self.severity = severity
        self.message = message
        self.location = location
    }
}
