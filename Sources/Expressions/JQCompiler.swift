import CJQ
import Model

/// An error reported by libjq: a compile error or a runtime error of a program.
public struct JQError: Error, Sendable, Hashable, CustomStringConvertible {
    /// jq's message with its noise removed, for example "foo/0 is not defined".
    public let message: String
    /// The libjq function that reported it (`jq_compile`, `jq_next`, `jq_init`).
    public let call: String

    /// Creates an error.
    public init(message: String, call: String) {
        self.message = message
        self.call = call
    }

    public var description: String { "\(call): \(message)" }
}

/// Collects the messages libjq reports through its error callback (without a callback they would
/// go to stderr). A class so that the C callback can reach it through a context pointer.
final class JQMessages {
    var messages: [String] = []

    /// Installs the callback on `state`; `self` must outlive the state's use.
    func install(on state: OpaquePointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        jq_set_error_cb(state, { context, message in
            guard let context else { jv_free(message); return }
            let sink = Unmanaged<JQMessages>.fromOpaque(context).takeUnretainedValue()
            sink.messages.append(JVConversion.message(consuming: message))
        }, context)
    }

    /// The collected compile messages, cleaned, joined; then forgotten.
    func takeCompileMessage() -> String {
        let cleaned = messages.compactMap(JQMessages.clean)
        messages.removeAll()
        return cleaned.isEmpty ? "the program does not compile" : cleaned.joined(separator: "; ")
    }

    /// Removes what only makes sense on a terminal: the "jq: error: " prefix, the shell hint,
    /// the source excerpt and the "jq: 1 compile error" summary. A line number other than 1 is
    /// kept, since it helps in multi-line programs.
    static func clean(_ message: String) -> String? {
        var text = Substring(message)
        if text.hasPrefix("jq: "), text.hasSuffix("compile error") || text.hasSuffix("compile errors") {
            return nil
        }
        if text.hasPrefix("jq: error: ") { text = text.dropFirst("jq: error: ".count) }
        var line: Substring?
        if let location = text.firstRange(of: " at <top-level>, line ") {
            line = text[location.upperBound...].prefix { $0.isNumber }
            text = text[..<location.lowerBound]
        } else if let newline = text.firstIndex(of: "\n") {
            text = text[..<newline]  // "<unknown location>" and similar excerpts
        }
        var result = String(text).replacing(" (Unix shell quoting issues?)", with: "")
        if let line, line != "1" { result += " (line \(line))" }
        return result
    }
}

/// Owns a `jq_state` that holds one compiled jq program. Not `Sendable` on purpose: a `jq_state`
/// must stay on one thread; compile one per thread (compiling costs 30–64 ms, so cache it).
public final class JQProgram {
    private var state: OpaquePointer?
    private let messages: JQMessages
    /// The program text, as compiled.
    public let source: String

    init(source: String) throws(JQError) {
        guard let state = jq_init() else { throw JQError(message: "out of memory", call: "jq_init") }
        self.state = state
        self.source = source
        messages = JQMessages()
        messages.install(on: state)
        if jq_compile(state, source) == 0 {
            throw JQError(message: messages.takeCompileMessage(), call: "jq_compile")
        }
    }

    deinit {
        jq_teardown(&state)
    }

    /// All outputs of the program for `input`, in order. A runtime error (including
    /// `halt_error`) throws; `halt` ends the outputs.
    public func evaluate(_ input: JSONValue) throws(JQError) -> [JSONValue] {
        guard let state else { return [] }
        jq_start(state, JVConversion.makeJV(input), 0)  // consumes the input
        var outputs: [JSONValue] = []
        while true {
            let result = jq_next(state)
            if jv_get_kind(result) != JV_KIND_INVALID {
                outputs.append(JVConversion.jsonValue(consuming: result))
                continue
            }
            let errorMessage = jv_invalid_get_msg(result)  // consumes result
            if jv_get_kind(errorMessage) != JV_KIND_NULL {
                throw JQError(message: JVConversion.message(consuming: errorMessage), call: "jq_next")
            }
            jv_free(errorMessage)
            if jq_halted(state) != 0 {
                let exitCode = jq_get_exit_code(state)
                let haltMessage = jq_get_error_message(state)
                let failed = jv_get_kind(exitCode) == JV_KIND_NUMBER && jv_number_value(exitCode) != 0
                jv_free(exitCode)
                if failed {
                    let text = jv_get_kind(haltMessage) == JV_KIND_STRING
                        ? JVConversion.message(consuming: haltMessage)
                        : (jv_free(haltMessage), "halted with an error").1
                    throw JQError(message: text, call: "jq_next")
                }
                jv_free(haltMessage)
            }
            return outputs
        }
    }
}

/// Compiles and checks jq programs. Owns a `jq_state` for checking (not `Sendable`: one per
/// thread); `jq_teardown` frees it in `deinit`.
///
/// Programs get no predefined variables: only jq's own `$ENV` and `$__loc__` exist, so a program
/// that uses `$name` must bind it itself (`… as $name | …`).
public final class JQCompiler {
    var state: OpaquePointer?
    let messages = JQMessages()

    /// Creates a compiler with its own `jq_state`.
    public init() {
        state = jq_init()
        if let state { messages.install(on: state) }
    }

    deinit {
        jq_teardown(&state)
    }

    /// Compiles `program` into its own `jq_state`.
    public func compile(_ program: String) throws(JQError) -> JQProgram {
        try JQProgram(source: program)
    }

    /// Compiles `program` in the checking state: nil when it compiles, else jq's message.
    func compileMessage(_ program: String) -> String? {
        guard let state else { return "jq_init failed" }
        messages.messages.removeAll()
        if jq_compile(state, program) != 0 { return nil }
        return messages.takeCompileMessage()
    }
}
