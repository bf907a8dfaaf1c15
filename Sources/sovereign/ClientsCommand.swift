import App
import Foundation
import Model
import StoreSQLite

/// `sovereign clients add|list|remove`: clients of the built-in Auth Service.
enum ClientsCommand {
    static let name = "clients"
    static let summary = "Manage clients of the built-in Auth Service (client_credentials)."

    static let parser = ArgumentParser(options: [
        OptionSpecification(long: "scopes", valueName: "scopes"),
        OptionSpecification(long: "format", short: "f", valueName: "format"),
        OptionSpecification(long: "config", valueName: "file"),
        OptionSpecification(long: "help", short: "h"),
    ])

    static let usage = """
        OVERVIEW: \(summary)

        USAGE: \(ProductInfo.name) clients add <name> --scopes "<scope> ..." [--format text|json]
               \(ProductInfo.name) clients list [--format text|json]
               \(ProductInfo.name) clients remove <name>

        `add` prints the client id and secret once; only a hash of the secret is stored (in
        Data__Path, as `serve` uses). Scopes: workflows:read executions:read executions:write
        approvals:read approvals:write webhooks:admin connections:admin admin.

        """

    static func run(arguments: [String], console: Console) async -> Int32 {
        if ArgumentParser.asksForHelp(arguments) {
            console.output(usage)
            return ExitStatus.success
        }
        let hint = "Run '\(ProductInfo.name) clients --help' for usage."
        let parsed: ParsedArguments
        do throws(UsageError) {
            parsed = try parser.parse(arguments)
        } catch {
            console.error(error.message, hint: hint)
            return ExitStatus.usageError
        }
        let json = parsed.values["format"] == "json"
        let store: SQLiteStore
        do {
            let file = parsed.values["config"] ?? "sovereign.yaml"
            let settings = try ServerSettings(
                Settings.load(environment: console.environment, file: file, required: parsed.values["config"] != nil))
            store = try SQLiteStore(path: settings.storePath)
        } catch {
            console.error("\(error)")
            return ExitStatus.usageError
        }
        let words = parsed.positionals
        do {
            switch (words.first, words.count) {
            case ("add", 2):
                let scopes = (parsed.values["scopes"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
                guard !scopes.isEmpty else {
                    console.error("give the client's scopes with --scopes \"executions:read executions:write\"", hint: hint)
                    return ExitStatus.usageError
                }
                let credentials = try await ClientAdministration.add(name: words[1], scopes: scopes, store: store)
                if json {
                    let document: JSONValue = [
                        "name": .string(credentials.name), "clientId": .string(credentials.clientId),
                        "clientSecret": .string(credentials.clientSecret), "scopes": .array(credentials.scopes.map(JSONValue.string)),
                    ]
                    console.output(document.jsonText + "\n")
                } else {
                    console.output(
                        "client_id:     \(credentials.clientId)\nclient_secret: \(credentials.clientSecret)\nscopes:        \(credentials.scopes.joined(separator: " "))\nThe secret is shown only now.\n")
                }
            case ("list", 1):
                let clients = try await store.clients()
                if json {
                    let items: [JSONValue] = clients.map {
                        ["name": .string($0.name), "clientId": .string($0.clientId), "scopes": .array($0.scopes.map(JSONValue.string))]
                    }
                    console.output(JSONValue.array(items).jsonText + "\n")
                } else {
                    for client in clients { console.output("\(client.name)\t\(client.clientId)\t\(client.scopes.joined(separator: " "))\n") }
                }
            case ("remove", 2):
                guard try await store.removeClient(name: words[1]) else {
                    console.error("no client named '\(words[1])'")
                    return ExitStatus.failure
                }
                console.output("removed \(words[1])\n")
            default:
                console.error("expected: clients add <name> --scopes …, clients list, or clients remove <name>", hint: hint)
                return ExitStatus.usageError
            }
        } catch {
            console.error("\(error)")
            return ExitStatus.failure
        }
        return ExitStatus.success
    }
}
