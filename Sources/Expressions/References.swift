/// A reference to a step's results inside a jq program: `.steps.ID`, `.steps["ID"]`, `.steps."ID"`.
public struct StepReference: Sendable, Hashable {
    /// The step id.
    public let stepId: String
    /// Character offset of the id's first character in the program.
    public let offset: Int

    /// Creates a reference.
    public init(stepId: String, offset: Int) {
        self.stepId = stepId
        self.offset = offset
    }
}

/// A use of something outside the expression's input document, such as the process environment.
public struct OutsideAccess: Sendable, Hashable {
    /// What is used, as written: `$ENV`, `env`, `input`, `import`, …
    public let name: String
    /// Character offset of it in the program.
    public let offset: Int
}

/// Finds what a jq program refers to, lexically (without compiling it).
public enum References {
    /// jq functions and directives that read beyond the input document: the engine's environment
    /// (which holds its secrets), further inputs, or modules on disk.
    public static let outsideFunctions: Set<String> = ["env", "input", "inputs", "input_filename", "import", "include"]

    /// Every use of `$ENV` or of a function in `outsideFunctions` (outside string text).
    public static func outsideAccesses(in program: String) -> [OutsideAccess] {
        JQLexer.tokens(of: program).tokens.compactMap { token in
            switch token.kind {
            case .variable("ENV"): OutsideAccess(name: "$ENV", offset: token.offset)
            case .identifier(let name) where outsideFunctions.contains(name): OutsideAccess(name: name, offset: token.offset)
            default: nil
            }
        }
    }

    /// The step references in `program`, in order of appearance.
    ///
    /// Recognised: `.steps.ID` with `ID` matching `[A-Za-z_][A-Za-z0-9_]*` (jq reads `.steps.a-b`
    /// as `.steps.a - b`), and `.steps["ID"]` / `.steps."ID"` with `ID` matching
    /// `[A-Za-z_][A-Za-z0-9_-]*`. Only a `.steps` that starts a path counts (not `.x.steps.a`),
    /// and text inside string literals never does (interpolations `\( … )` are code and do).
    public static func steps(in program: String) -> [StepReference] {
        let tokens = JQLexer.tokens(of: program).tokens
        var references: [StepReference] = []
        for (index, token) in tokens.enumerated() where token.kind == .field("steps") {
            if index > 0, continuesPath(tokens[index - 1].kind) { continue }
            guard index + 1 < tokens.count else { continue }
            let next = tokens[index + 1]
            switch next.kind {
            case .field(let name):
                references.append(StepReference(stepId: name, offset: next.offset + 1))
            case .punctuation("["), .dot:
                // `["ID"]` or `."ID"`: a literal with plain text only.
                guard index + 4 < tokens.count,
                      tokens[index + 2].kind == .stringStart,
                      case .stringText(let text) = tokens[index + 3].kind,
                      tokens[index + 4].kind == .stringEnd,
                      isBracketIdentifier(text) else { continue }
                if next.kind == .punctuation("[") {
                    guard index + 5 < tokens.count, tokens[index + 5].kind == .punctuation("]") else { continue }
                }
                references.append(StepReference(stepId: text, offset: tokens[index + 3].offset))
            default:
                continue
            }
        }
        return references
    }

    /// Whether a token before `.steps` makes it a suffix of a longer path (`.a.steps`,
    /// `$x.steps`, `.[0].steps`) rather than the start of one.
    private static func continuesPath(_ kind: JQToken.Kind) -> Bool {
        switch kind {
        case .field, .dot, .recurse, .variable, .stringEnd, .number,
             .punctuation("]"), .punctuation(")"), .punctuation("}"), .symbol("?"):
            return true
        case .identifier(let name):
            return !JQNames.keywords.contains(name)
        default:
            return false
        }
    }

    private static func isBracketIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isIdentifierStart else { return false }
        return text.unicodeScalars.allSatisfy { $0.isIdentifierContinuation || $0 == "-" }
    }
}
