import App
import Foundation

/// `sovereign serve`: the engine and its REST API.
enum ServeCommand {
    static let name = "serve"
    static let summary = "Run the engine and its REST API (port 5003, Swagger UI at /swagger)."

    static let parser = ArgumentParser(options: [
        OptionSpecification(long: "config", valueName: "file"),
        OptionSpecification(long: "help", short: "h"),
    ])

    static let usage = """
        OVERVIEW: \(summary)

        USAGE: \(ProductInfo.name) serve [--config <file>]

        Settings come from the environment, levels joined by `__`, and from a YAML file
        (`sovereign.yaml` in the working folder, or --config); the environment wins:

          Http__Port (5003)  Http__Address (0.0.0.0)  Http__MaxBodyBytes (1048576)
          Http__IdleTimeoutSeconds (30)  Http__ConnectionLimit (1000)  Http__Threads (4)
          Data__Path (./.sovereign: the SQLite file and the signing key)
          Definitions__Path (workflows)  Logging__Format (text | json)
          Swagger__Enabled (true)  Swagger__Assets (a local swagger-ui-dist folder, or a URL)
          Auth__Authority / Auth__JwksUrl / Auth__Audience (external OAuth 2.1 issuer)
          Auth__Issuer / Auth__TokenLifetimeSeconds (built-in Auth Service)
          Store__Synchronous (normal | full)  Actions__Http__AllowPrivateHosts

        On the first start with no client, an `admin` client with every scope is created and its
        secret is printed once. Stop with SIGTERM or Ctrl-C: requests in flight finish first.

        """

    static func run(arguments: [String], console: Console) async -> Int32 {
        if ArgumentParser.asksForHelp(arguments) {
            console.output(usage)
            return ExitStatus.success
        }
        let parsed: ParsedArguments
        do throws(UsageError) {
            parsed = try parser.parse(arguments)
            if let extra = parsed.positionals.first { throw UsageError(message: "unexpected argument '\(extra)'") }
        } catch {
            console.error(error.message, hint: "Run '\(ProductInfo.name) serve --help' for usage.")
            return ExitStatus.usageError
        }
        let settings: ServerSettings
        do {
            let file = parsed.values["config"] ?? "sovereign.yaml"
            settings = try ServerSettings(
                Settings.load(environment: console.environment, file: file, required: parsed.values["config"] != nil))
        } catch {
            console.error(error.message)
            return ExitStatus.usageError
        }
        return await ServerApplication.run(settings: settings, version: ProductInfo.version) { message in
            console.output(message)
            fflush(nil)
        }
    }
}
