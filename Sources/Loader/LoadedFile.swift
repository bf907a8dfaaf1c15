import Model

/// What loading one file produced.
public struct LoadedFile: Sendable {
    /// The path as users see it.
    public let path: String
    /// The file's text when it could be read as text (kept for caret snippets).
    public let text: String?
    /// Our documents in the file; documents of other apiVersions are left out.
    public let documents: [LoadedDocument]
    /// Problems found while loading: YAML, structure, schema.
    public let diagnostics: [Diagnostic]
}
