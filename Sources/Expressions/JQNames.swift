import Model

/// A lexical look at the names a jq program uses, to decide whether batch checking can be trusted.
///
/// Why this exists: libjq 1.6 drops a `def` that nothing calls before compiling it, so a batch of
/// `def`-wrapped programs only proves the programs *parse*; an unknown function (`foo/0 is not
/// defined`) or variable (`$x is not defined`) inside them goes unnoticed. Calling every wrapper
/// would compile them all, and that costs about 130 µs a program (measured), far over budget.
/// So this scan flags any program that calls a function that is neither a jq builtin nor defined
/// in the program, or uses a variable it never binds; a flagged program is compiled alone and
/// libjq has the last word. Scopes are not tracked (a name bound anywhere counts), which can only
/// let a misplaced name through, never reject a valid program.
enum JQNames {
    /// Words of jq's grammar that are not function calls.
    static let keywords: Set<String> = [
        "def", "if", "then", "elif", "else", "end", "as", "reduce", "foreach", "try", "catch",
        "label", "import", "include", "and", "or", "__loc__", "break", "null", "true", "false",
    ]
    /// `@format` names jq 1.6 knows.
    static let formats: Set<String> = [
        "text", "json", "html", "uri", "csv", "tsv", "sh", "base64", "base64d",
    ]
    /// Variables every program has.
    static let predefinedVariables: Set<String> = ["ENV", "__loc__"]

    /// jq's builtins as `name/arity`, read once from libjq itself (`builtins`), so the list
    /// matches the installed library.
    static let builtins: Set<String> = {
        guard let program = try? JQProgram(source: "builtins[]"),
              let outputs = try? program.evaluate(.null) else { return [] }
        return Set(outputs.compactMap { value in
            if case .string(let name) = value { return name }
            return nil
        })
    }()

    /// True when every function call and variable in `tokens` is known (a builtin or bound in
    /// the program), so a batch compile that succeeds proves the program compiles.
    static func allNamesKnown(_ tokens: [JQToken]) -> Bool {
        var definedFunctions: Set<String> = []
        var definedVariables = predefinedVariables
        var calledFunctions: Set<String> = []
        var usedVariables: Set<String> = []
        var bracketStack: [Character] = []
        var index = 0

        while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .punctuation(let character) where "([{".contains(character):
                bracketStack.append(character)
            case .punctuation(let character) where ")]}".contains(character):
                _ = bracketStack.popLast()
            case .interpolationStart:
                bracketStack.append("(")
            case .interpolationEnd:
                _ = bracketStack.popLast()
            case .format(let name) where !formats.contains(name):
                return false
            case .variable(let name):
                usedVariables.insert(name)
            case .identifier(let name) where name.contains("::"):
                return false  // module functions: only a real compile can tell
            case .identifier("def"):
                index = scanDefinition(tokens, at: index, functions: &definedFunctions, variables: &definedVariables)
                continue
            case .identifier("as"):
                index = scanPattern(tokens, after: index, variables: &definedVariables)
                continue
            case .identifier("label"):
                if index + 1 < tokens.count, case .variable(let name) = tokens[index + 1].kind {
                    definedVariables.insert("*label*" + name)
                    index += 2
                    continue
                }
            case .identifier("break"):
                // `break $name` refers to a label, which lives in its own namespace.
                if index + 1 < tokens.count, case .variable(let name) = tokens[index + 1].kind {
                    usedVariables.insert("*label*" + name)
                    index += 2
                    continue
                }
            case .identifier(let name) where !keywords.contains(name):
                if isObjectKey(tokens, at: index, innermost: bracketStack.last) { break }
                calledFunctions.insert("\(name)/\(argumentCount(tokens, after: index))")
            default:
                break
            }
            index += 1
        }
        let builtins = Self.builtins
        for function in calledFunctions where !definedFunctions.contains(function) && !builtins.contains(function) {
            return false
        }
        return usedVariables.isSubset(of: definedVariables)
    }

    /// `{a: 1}`, `{a}`: an identifier right after `{` or `,` inside an object, followed by `:`,
    /// `,` or `}`, is a key, not a call.
    private static func isObjectKey(_ tokens: [JQToken], at index: Int, innermost: Character?) -> Bool {
        guard innermost == "{", index > 0, index + 1 < tokens.count else { return false }
        guard tokens[index - 1].kind == .punctuation("{") || tokens[index - 1].kind == .punctuation(",") else {
            return false
        }
        let next = tokens[index + 1].kind
        return next == .punctuation(":") || next == .punctuation(",") || next == .punctuation("}")
    }

    /// The number of arguments of the call at `index`: 0 without parentheses, else one more than
    /// the `;` at the parentheses' own level.
    private static func argumentCount(_ tokens: [JQToken], after index: Int) -> Int {
        guard index + 1 < tokens.count, tokens[index + 1].kind == .punctuation("(") else { return 0 }
        var depth = 0
        var count = 1
        for token in tokens[(index + 1)...] {
            switch token.kind {
            case .punctuation("("), .punctuation("["), .punctuation("{"), .interpolationStart: depth += 1
            case .punctuation(")"), .punctuation("]"), .punctuation("}"), .interpolationEnd:
                depth -= 1
                if depth == 0 { return count }
            case .punctuation(";") where depth == 1: count += 1
            default: break
            }
        }
        return count
    }

    /// `def name(a; $b): …` defines `name/2`, `a/0`, `b/0` and `$b`. Returns the index after the
    /// parameter list.
    private static func scanDefinition(
        _ tokens: [JQToken], at index: Int, functions: inout Set<String>, variables: inout Set<String>
    ) -> Int {
        var position = index + 1
        guard position < tokens.count, case .identifier(let name) = tokens[position].kind else { return position }
        position += 1
        var arity = 0
        if position < tokens.count, tokens[position].kind == .punctuation("(") {
            position += 1
            while position < tokens.count, tokens[position].kind != .punctuation(")") {
                switch tokens[position].kind {
                case .identifier(let parameter):
                    functions.insert(parameter + "/0")
                    arity += 1
                case .variable(let parameter):
                    functions.insert(parameter + "/0")
                    variables.insert(parameter)
                    arity += 1
                default:
                    break
                }
                position += 1
            }
            position += 1
        }
        functions.insert("\(name)/\(arity)")
        return position
    }

    /// Records the variables of the destructuring pattern after `as`, up to the `|` (or, for
    /// `reduce`/`foreach`, the `(`) that ends it. Returns the index of that token.
    private static func scanPattern(_ tokens: [JQToken], after index: Int, variables: inout Set<String>) -> Int {
        var position = index + 1
        var depth = 0
        while position < tokens.count {
            switch tokens[position].kind {
            case .variable(let name):
                variables.insert(name)
            case .punctuation("["), .punctuation("{"):
                depth += 1
            case .punctuation("]"), .punctuation("}"):
                depth -= 1
                if depth < 0 { return position }
            case .punctuation("("):
                if depth == 0 { return position }
                depth += 1
            case .punctuation(")"):
                depth -= 1
                if depth < 0 { return position }
            case .punctuation("|"):
                if depth == 0 { return position }
            default:
                break
            }
            position += 1
        }
        return position
    }
}
