import Foundation

/// Where a command writes, and what it knows about the terminal it writes to.
struct Console {
    /// The process environment (for `NO_COLOR` and `TERM`).
    var environment: [String: String]
    /// Whether standard output is a terminal.
    var standardOutputIsTerminal: Bool

    /// The real process console.
    static func standard(environment: [String: String]) -> Console {
        Console(environment: environment, standardOutputIsTerminal: isatty(STDOUT_FILENO) == 1)
    }

    /// Writes `text` to standard output as is (buffered; `main` flushes before exiting).
    func output(_ text: String) {
        print(text, terminator: "")
    }

    /// Writes `sovereign: error: <message>` and an optional hint line to standard error.
    func error(_ message: String, hint: String? = nil) {
        var text = "\(ProductInfo.name): error: \(message)\n"
        if let hint { text += hint + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether ANSI colour may be used on standard output: it must be a terminal, `NO_COLOR` must
    /// be unset or empty (https://no-color.org), and `TERM` must not be `dumb`.
    var allowsColor: Bool {
        standardOutputIsTerminal
            && (environment["NO_COLOR"] ?? "").isEmpty
            && environment["TERM"] != "dumb"
    }
}
