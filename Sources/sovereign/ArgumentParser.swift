import Model

/// A command-line mistake: reported as `sovereign: error: <message>`, exit status 2.
struct UsageError: Error, Equatable {
    /// What is wrong, in one line.
    var message: String
}

/// One option a command accepts: `--long`, optionally `-s`, with or without a value.
struct OptionSpecification {
    /// The long name without dashes (`format` for `--format`).
    var long: String
    /// The one-letter short name (`f` for `-f`), if any.
    var short: Character?
    /// The value's placeholder in help text (`format`), or nil for a flag.
    var valueName: String?

    /// Whether the option takes a value.
    var takesValue: Bool { valueName != nil }
}

/// What the parser found: flags that were given, option values (the last one wins), positionals.
struct ParsedArguments: Equatable {
    /// Long names of the flags that were given.
    var flags: Set<String> = []
    /// Values by long option name.
    var values: [String: String] = [:]
    /// Arguments that are not options, in order; everything after `--` is one.
    var positionals: [String] = []
}

/// A small parser for `--long value`, `--long=value`, `-s value`, `-svalue`, flags, positionals and `--`.
struct ArgumentParser {
    /// The options the command accepts.
    var options: [OptionSpecification]

    /// Whether `arguments` ask for help (`-h` or `--help` before any `--`).
    static func asksForHelp(_ arguments: [String]) -> Bool {
        for argument in arguments {
            if argument == "--" { return false }
            if argument == "--help" || argument == "-h" { return true }
        }
        return false
    }

    /// Parses `arguments`, throwing a `UsageError` that names any unknown option (with a suggestion).
    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                result.positionals += arguments[index...]
                break
            }
            let option: OptionSpecification
            var attachedValue: String?
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = body.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                if let equals = body.firstIndex(of: "=") { attachedValue = String(body[body.index(after: equals)...]) }
                guard let found = options.first(where: { $0.long == name }) else {
                    throw unknownOption("--" + name)
                }
                option = found
            } else if argument.hasPrefix("-"), argument.count > 1 {
                let letter = argument.dropFirst().first!
                guard let found = options.first(where: { $0.short == letter }) else {
                    throw unknownOption(argument)
                }
                option = found
                let rest = argument.dropFirst(2)
                if !rest.isEmpty {
                    guard option.takesValue else { throw unknownOption(argument) }
                    attachedValue = String(rest)
                }
            } else {
                result.positionals.append(argument)
                continue
            }

            guard option.takesValue else {
                if attachedValue != nil { throw UsageError(message: "option '--\(option.long)' takes no value") }
                result.flags.insert(option.long)
                continue
            }
            if let attachedValue {
                result.values[option.long] = attachedValue
            } else if index < arguments.count, !Self.looksLikeOption(arguments[index]) {
                result.values[option.long] = arguments[index]
                index += 1
            } else {
                throw UsageError(message: "option '--\(option.long)' needs a value <\(option.valueName!)>")
            }
        }
        return result
    }

    private static func looksLikeOption(_ argument: String) -> Bool {
        argument.hasPrefix("-") && argument.count > 1
    }

    private func unknownOption(_ name: String) -> UsageError {
        UsageError(message: "unknown option '\(name)'" + Self.didYouMean(name, among: options.map { "--" + $0.long }))
    }

    /// `"; did you mean 'x'?"` when a candidate is close to `word`, otherwise empty.
    static func didYouMean(_ word: String, among candidates: [String]) -> String {
        Suggestion.closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}
