import Model

/// Many jq programs compiled as one, so a workflow version costs one libjq compile (~20 ms)
/// instead of one per expression. Not `Sendable`: it owns `jq_state`s, one thread at a time.
///
/// The combined program is `def __sovereign_e0: (P0); … ; .[0] as $i | .[1] | if $i == 0 then
/// __sovereign_e0 elif … end`, evaluated with the input `[index, document]`. Programs that cannot
/// be combined safely (see `JQCompiler.canBatch`) or when the combination fails to compile are
/// compiled alone; a program that does not compile reports its error when evaluated.
public final class ProgramSet {
    private var indexes: [String: Int] = [:]
    private var combined: JQProgram?
    private var alone: [String: Result<JQProgram, JQError>] = [:]

    /// Compiles `sources` (duplicates are fine).
    public init(sources: [String]) {
        var batchable: [String] = []
        for source in Set(sources).sorted() {
            if JQCompiler.canBatch(source) { batchable.append(source) } else { alone[source] = Self.compile(source) }
        }
        guard !batchable.isEmpty else { return }
        var text = ""
        for (index, source) in batchable.enumerated() {
            text += "def __sovereign_e\(index): (\(source)\n); "
        }
        text += ".[0] as $__sovereign_index | .[1] | "
        for index in batchable.indices {
            text += index == 0 ? "if " : "elif "
            text += "$__sovereign_index == \(index) then __sovereign_e\(index) "
        }
        text += "else error(\"unknown expression\") end"
        if let program = try? JQCompiler().compile(text) {
            combined = program
            for (index, source) in batchable.enumerated() { indexes[source] = index }
        } else {
            for source in batchable { alone[source] = Self.compile(source) }
        }
    }

    private static func compile(_ source: String) -> Result<JQProgram, JQError> {
        do {
            return .success(try JQCompiler().compile(source))
        } catch {
            return .failure(error)
        }
    }

    /// Every output of `source` for `input`. Throws the compile error of a program that does not
    /// compile, or its runtime error.
    public func evaluate(_ source: String, input: JSONValue) throws(JQError) -> [JSONValue] {
        if let index = indexes[source], let combined {
            return try combined.evaluate(.array([.integer(Int64(index)), input]))
        }
        if alone[source] == nil { alone[source] = Self.compile(source) }
        return try alone[source]!.get()
            .evaluate(input)
    }
}

extension Template {
    /// Evaluates the template with programs from `set` (see `evaluate(input:programs:)` for the
    /// whole-value and interpolation rules).
    public func evaluate(input: JSONValue, set: ProgramSet) throws(JQError) -> JSONValue {
        try evaluate { (source) throws(JQError) in try set.evaluate(source, input: input) }
    }
}
