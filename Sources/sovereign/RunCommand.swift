import Foundation
import Lint
import Loader
import Model

/// `sovereign run`: runs one workflow locally on a temporary store, with live progress.
enum RunCommand {
    static let name = "run"
    static let summary = "Run a workflow locally on a temporary store, with live progress."

    static let parser = ArgumentParser(options: [
        OptionSpecification(long: "workflow", short: "w", valueName: "name"),
        OptionSpecification(long: "trigger", short: "t", valueName: "json"),
        OptionSpecification(long: "vars", valueName: "json"),
        OptionSpecification(long: "configuration", short: "c", valueName: "name"),
        OptionSpecification(long: "format", short: "f", valueName: "format"),
        OptionSpecification(long: "decide", valueName: "decision"),
        OptionSpecification(long: "allow-private-hosts", valueName: "hosts"),
        OptionSpecification(long: "no-color"),
        OptionSpecification(long: "help", short: "h"),
    ])

    static let usage = """
        OVERVIEW: \(summary)

        USAGE: \(ProductInfo.name) run <file-or-directory>... [--workflow <name>] [--trigger <json>] [--vars <json>]
                             [--configuration <name>] [--format text|json] [--decide approve|reject]

        ARGUMENTS:
          <file-or-directory>   Definitions to load. Every workflow and configuration in them is published,
                                so `workflow.run` steps and --configuration can use them.

        OPTIONS:
          -w, --workflow <name>        The workflow to run (needed when the files hold several).
          -t, --trigger <json>         The trigger: JSON text, or @file to read it from a file.
          --vars <json>                Variables over the workflow's defaults: JSON text or @file.
          -c, --configuration <name>   A Configuration to merge under --trigger and --vars.
          -f, --format <format>        text (default): one line per state change, then a summary.
                                       json: the final execution document, as the API returns it.
          --decide <decision>          Answer every Human Gate at once with approve or reject
                                       (without it, gates wait for their timeout).
          --allow-private-hosts <list> Comma-separated hosts or CIDRs that http.request may reach although
                                       they are private or loopback (also Actions__Http__AllowPrivateHosts).
          --no-color                   Do not colour text output.
          -h, --help                   Show this help.

        EXIT STATUS:
          0  the execution Succeeded
          1  the execution ended in any other state
          2  usage error, or the definitions could not be loaded or are invalid

        """

    static func run(arguments: [String], console: Console) async -> Int32 {
        if ArgumentParser.asksForHelp(arguments) {
            console.output(usage)
            return ExitStatus.success
        }
        let hint = "Run '\(ProductInfo.name) run --help' for usage."
        let options: RunOptions
        do throws(UsageError) {
            options = try RunOptions(parsed: try parser.parse(arguments), environment: console.environment)
        } catch {
            console.error(error.message, hint: hint)
            return ExitStatus.usageError
        }
        return await RunSession(options: options, console: console).run()
    }
}

/// `sovereign run`'s options, checked.
struct RunOptions {
    var paths: [String]
    var workflow: String?
    var trigger: JSONValue
    var vars: JSONValue
    var configuration: String?
    var json: Bool
    var decide: String?
    /// The raw allow-list, parsed by the HTTP connector.
    var allowPrivateHosts: String
    var color: Bool

    init(parsed: ParsedArguments, environment: [String: String]) throws(UsageError) {
        guard !parsed.positionals.isEmpty else {
            throw UsageError(message: "no definitions given; name a workflow file or directory")
        }
        paths = parsed.positionals
        workflow = parsed.values["workflow"]
        configuration = parsed.values["configuration"]
        trigger = try Self.json(parsed.values["trigger"], option: "--trigger")
        vars = try Self.json(parsed.values["vars"], option: "--vars")
        switch parsed.values["format"] ?? "text" {
        case "text": json = false
        case "json": json = true
        case let other: throw UsageError(message: "unknown format '\(other)' for --format (expected text or json)")
        }
        decide = parsed.values["decide"]
        if let decide, decide != "approve", decide != "reject" {
            throw UsageError(message: "--decide takes approve or reject, not '\(decide)'")
        }
        allowPrivateHosts = parsed.values["allow-private-hosts"] ?? environment["Actions__Http__AllowPrivateHosts"] ?? ""
        color = !parsed.flags.contains("no-color")
    }

    /// `--trigger`/`--vars`: JSON text or `@file`; must be an object.
    private static func json(_ value: String?, option: String) throws(UsageError) -> JSONValue {
        guard let value else { return .object([:]) }
        var text = value
        if value.hasPrefix("@") {
            let path = String(value.dropFirst())
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw UsageError(message: "\(option): cannot read '\(path)'")
            }
            text = String(decoding: contents, as: UTF8.self)
        }
        guard let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            throw UsageError(message: "\(option) is not valid JSON: \(value.prefix(60))")
        }
        guard case .object = parsed else { throw UsageError(message: "\(option) must be a JSON object") }
        return parsed
    }
}
