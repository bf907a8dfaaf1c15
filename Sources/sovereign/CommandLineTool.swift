import Model

/// The `sovereign` command: global options, help, and dispatch to subcommands.
enum CommandLineTool {
    /// Subcommands that exist in this build, by name.
    static let commands: [String: @Sendable (_ arguments: [String], _ console: Console) async -> Int32] = [
        LintCommand.name: { LintCommand.run(arguments: $0, console: $1) },
        RunCommand.name: { await RunCommand.run(arguments: $0, console: $1) },
        ServeCommand.name: { await ServeCommand.run(arguments: $0, console: $1) },
        ClientsCommand.name: { await ClientsCommand.run(arguments: $0, console: $1) },
        SyncCommand.name: { await SyncCommand.run(arguments: $0, console: $1) },
    ]

    /// Subcommands that are planned but not in this build.
    static let plannedCommands: [String] = []

    /// Help for `sovereign --help`.
    static let usage = """
        OVERVIEW: Sovereign Workflows, a GitOps workflow engine.

        USAGE: \(ProductInfo.name) <command> [options]

        COMMANDS:
          lint        \(LintCommand.summary)
          run         \(RunCommand.summary)
          serve       \(ServeCommand.summary)
          clients     \(ClientsCommand.summary)
          sync        \(SyncCommand.summary)
          help        Show help for a command: \(ProductInfo.name) help lint

        OPTIONS:
          -h, --help  Show this help.
          --version   Show the version.

        See '\(ProductInfo.name) <command> --help' for a command's options.

        """

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    static func run(arguments: [String], console: Console) async -> Int32 {
        guard let first = arguments.first else {
            console.error("no command given", hint: "Run '\(ProductInfo.name) --help' for usage.")
            return ExitStatus.usageError
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "-h", "--help":
            console.output(usage)
            return ExitStatus.success
        case "help":
            return await help(topic: rest.first, console: console)
        case "--version":
            console.output("\(ProductInfo.name) \(ProductInfo.version)\n")
            return ExitStatus.success
        default:
            break
        }
        if let command = commands[first] {
            return await command(rest, console)
        }
        let hint = "Run '\(ProductInfo.name) --help' for usage."
        if first.hasPrefix("-") {
            let suggestion = ArgumentParser.didYouMean(first, among: ["--help", "--version"])
            console.error("unknown option '\(first)'\(suggestion)", hint: hint)
        } else if plannedCommands.contains(first) {
            console.error("'\(first)' is not available in \(ProductInfo.name) \(ProductInfo.version) yet", hint: hint)
        } else {
            let suggestion = ArgumentParser.didYouMean(first, among: commands.keys.sorted() + ["help"])
            console.error("unknown command '\(first)'\(suggestion)", hint: hint)
        }
        return ExitStatus.usageError
    }

    private static func help(topic: String?, console: Console) async -> Int32 {
        guard let topic else {
            console.output(usage)
            return ExitStatus.success
        }
        if let command = commands[topic] {
            return await command(["--help"], console)
        }
        let suggestion = ArgumentParser.didYouMean(topic, among: commands.keys.sorted())
        console.error("no help for unknown command '\(topic)'\(suggestion)",
                      hint: "Run '\(ProductInfo.name) --help' for usage.")
        return ExitStatus.usageError
    }
}
