/// Checking many programs with few compiles.
///
/// A libjq compile costs 30–64 ms, mostly re-parsing jq's builtins, so compiling 40,000
/// expressions one by one would take half an hour. Instead:
/// 1. A cheap lexical pre-check per program. Programs that are unbalanced, could escape the
///    wrapper, or use names the scan cannot vouch for (see `JQNames`) are compiled alone, which
///    also gives jq's exact message.
/// 2. The rest are compiled together, `batchSize` at a time, as one program
///    `def __sovereign_check_0: (P0\n); def __sovereign_check_1: (P1\n); … .`
///    (the newline ends a trailing `#` comment). When that fails, the set is split in halves
///    and each half checked again; a failing single program is compiled alone for its message.
/// 3. Only one program per *shape* is compiled: programs whose tokens are the same but for field
///    names and plain string text parse alike (jq's grammar never looks at those), and their
///    function and variable names were vouched for by the name scan. Real repositories repeat a
///    few shapes (`.steps.X.output.Y`) thousands of times, so this removes most of the work.
extension JQCompiler {
    /// Programs per batch compile. libjq's parser stack allows about 10,000 nested rules and each
    /// `def` of the chain holds one; 4,000 leaves room for deeply nested programs and keeps the
    /// cost of bisecting a failing batch small.
    static let batchSize = 4_000

    private static let wrapperPrefix = "__sovereign_check_"

    /// Checks many programs with few compiles: returns, per program, nil when it compiles or
    /// jq's error message (for example "syntax error, unexpected INVALID_CHARACTER" or
    /// "foo/0 is not defined"). Programs get no variables besides jq's `$ENV` and `$__loc__`.
    public func check(_ programs: [String]) -> [String?] {
        var results = [String?](repeating: nil, count: programs.count)
        var batchable: [Int] = []
        var representatives: [String: Int] = [:]
        var followers: [(index: Int, representative: Int)] = []
        for (index, program) in programs.enumerated() {
            guard let tokens = Self.batchableTokens(program) else {
                results[index] = compileMessage(program)
                continue
            }
            let shape = Self.shape(of: tokens, in: program)
            if let representative = representatives[shape] {
                followers.append((index, representative))
            } else {
                representatives[shape] = index
                batchable.append(index)
            }
        }
        defer {
            // jq's syntax messages name token kinds, never field names or string text, so a
            // follower's message is its representative's.
            for (index, representative) in followers { results[index] = results[representative] }
        }
        var start = 0
        while start < batchable.count {
            let end = min(start + Self.batchSize, batchable.count)
            checkBatch(Array(batchable[start..<end]), programs: programs, results: &results)
            start = end
        }
        return results
    }

    /// Compiles `indices` together; on failure bisects down to single programs.
    private func checkBatch(_ indices: [Int], programs: [String], results: inout [String?]) {
        guard indices.count > 1 else {
            if let index = indices.first { results[index] = compileMessage(programs[index]) }
            return
        }
        var wrapper = ""
        for (number, index) in indices.enumerated() {
            wrapper += "def \(Self.wrapperPrefix)\(number): (\(programs[index])\n); "
        }
        wrapper += "."
        if compileMessage(wrapper) == nil { return }
        let middle = indices.count / 2
        checkBatch(Array(indices[..<middle]), programs: programs, results: &results)
        checkBatch(Array(indices[middle...]), programs: programs, results: &results)
    }

    /// Whether `program`'s result inside a batch wrapper is guaranteed to equal its result alone.
    static func canBatch(_ program: String) -> Bool {
        batchableTokens(program) != nil
    }

    /// The program's tokens when it may be batched (see `canBatch`), nil otherwise.
    static func batchableTokens(_ program: String) -> [JQToken]? {
        // A program that names the wrappers could call a sibling; an empty one means `.` alone
        // but is a syntax error inside `( )`.
        if program.containsBytes(wrapperPrefix) || program.allSatisfy(\.isWhitespace) { return nil }
        let (tokens, _) = JQLexer.tokens(of: program)
        guard isBalanced(tokens), JQNames.allNamesKnown(tokens) else { return nil }
        return tokens
    }

    /// The program's text with field names (other than keywords), escape-free string text and
    /// plain integers replaced by placeholders; every other token keeps its exact source text.
    static func shape(of tokens: [JQToken], in program: String) -> String {
        let scalars = Array(program.unicodeScalars)
        var shape = String.UnicodeScalarView()
        for (position, token) in tokens.enumerated() {
            switch token.kind {
            case .field(let name) where !JQNames.keywords.contains(name):
                shape.append(contentsOf: ".F".unicodeScalars)
            case .stringText(let text) where !text.containsBytes("\\"):
                shape.append("S")
            default:
                let end = position + 1 < tokens.count ? tokens[position + 1].offset : scalars.count
                let raw = scalars[token.offset..<end]
                // Plain integers parse alike; other number spellings (`1.2.3`, `1e`) keep their text.
                if token.kind == .number, raw.allSatisfy({ $0.isASCIIDigit || $0.properties.isWhitespace }) {
                    shape.append("0")
                } else {
                    shape.append(contentsOf: raw)
                }
            }
            shape.append("\u{1}")
        }
        return String(shape)
    }

    /// Brackets match, string literals and interpolations are closed, no character jq rejects,
    /// and no top-level-only directive (`import`, `include`) that would behave differently
    /// inside the wrapper.
    static func isBalanced(_ tokens: [JQToken]) -> Bool {
        var stack: [JQToken.Kind] = []
        for token in tokens {
            switch token.kind {
            case .punctuation("("), .punctuation("["), .punctuation("{"), .interpolationStart, .stringStart:
                stack.append(token.kind)
            case .punctuation(")"):
                guard stack.popLast() == .punctuation("(") else { return false }
            case .punctuation("]"):
                guard stack.popLast() == .punctuation("[") else { return false }
            case .punctuation("}"):
                guard stack.popLast() == .punctuation("{") else { return false }
            case .interpolationEnd:
                guard stack.popLast() == .interpolationStart else { return false }
            case .stringEnd:
                guard stack.popLast() == .stringStart else { return false }
            case .invalid, .unterminatedString, .identifier("import"), .identifier("include"):
                return false
            default:
                break
            }
        }
        return stack.isEmpty
    }
}
