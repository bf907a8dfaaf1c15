import App
import Git
import Foundation
import GitSync
import Model
import StoreSQLite

/// `sovereign sync`: reconcile the store with git, once or continuously.
enum SyncCommand {
    static let name = "sync"
    static let summary = "Reconcile definitions with git (the same reconciler serve runs)."

    static let parser = ArgumentParser(options: [
        OptionSpecification(long: "once"),
        OptionSpecification(long: "dry-run"),
        OptionSpecification(long: "config", valueName: "file"),
        OptionSpecification(long: "help", short: "h"),
    ])

    static let usage = """
        OVERVIEW: \(summary)

        USAGE: \(ProductInfo.name) sync [--once] [--dry-run] [--config <file>]

        Fetches Git__Repository (default: the repository around the working folder), loads and lints
        every file under Git__Path (default: workflows) at the branch's head, and publishes the commit
        whole — or nothing, keeping the last good commit live — into the store in Data__Path.

          --once      reconcile once and exit (default: every Git__PollInterval until Ctrl-C)
          --dry-run   change nothing; print what would be created, updated and archived

        EXIT STATUS: 0 synced, 1 the commit was refused or git failed, 2 usage error.

        """

    static func run(arguments: [String], console: Console) async -> Int32 {
        if ArgumentParser.asksForHelp(arguments) {
            console.output(usage)
            return ExitStatus.success
        }
        let parsed: ParsedArguments
        let git: SyncSettings
        let store: SQLiteStore
        do {
            parsed = try parser.parse(arguments)
            let file = parsed.values["config"] ?? "sovereign.yaml"
            let settings = try ServerSettings(
                Settings.load(environment: console.environment, file: file, required: parsed.values["config"] != nil))
            guard let found = settings.git else {
                console.error("no git repository: set Git__Repository or run inside a repository (Definitions__Path disables git)")
                return ExitStatus.usageError
            }
            git = found
            store = try SQLiteStore(path: settings.storePath)
        } catch let error as UsageError {
            console.error(error.message, hint: "Run '\(ProductInfo.name) sync --help' for usage.")
            return ExitStatus.usageError
        } catch {
            console.error("\(error)")
            return ExitStatus.usageError
        }
        let reconciler = Reconciler(settings: git, store: store) { _ in }
        let dryRun = parsed.flags.contains("dry-run")
        repeat {
            let meter = ProgressMeter()
            let outcome = await reconciler.reconcile(dryRun: dryRun) { meter.report($0) }
            console.output(summary(outcome, dryRun: dryRun, source: git.displaySource))
            fflush(nil)
            if parsed.flags.contains("once") || dryRun {
                return outcome.status.state == "Synced" ? ExitStatus.success : ExitStatus.failure
            }
            try? await Task.sleep(for: .milliseconds(Int(git.pollInterval * 1000)))
        } while true
    }

    static func summary(_ outcome: SyncOutcome, dryRun: Bool, source: String) -> String {
        let status = outcome.status
        var text = "\n\(source) \(status.branch) @ \(status.lastAttemptedCommit.map { String($0.prefix(12)) } ?? "?"): \(status.state)"
        if dryRun { text += " (dry run: nothing changed)" }
        if status.forcePush { text += " — force-push" }
        text += "\n"
        if let message = status.message { text += "  \(message)\n" }
        for diagnostic in status.diagnostics {
            text += "  \(diagnostic.path):\(diagnostic.line):\(diagnostic.column): \(diagnostic.severity)[\(diagnostic.code)]: \(diagnostic.message)\n"
        }
        let counts = outcome.counts.isEmpty && !outcome.published ? [:] : outcome.counts
        for kind in counts.keys.sorted() {
            let parts = ["created", "updated", "archived", "unchanged"].compactMap { key in counts[kind]?[key].map { "\($0) \(key)" } }
            text += "  \(kind): \(parts.joined(separator: ", "))\n"
        }
        if counts.isEmpty, status.state == "Synced", !dryRun { text += "  nothing changed\n" }
        return text
    }
}

/// Fetch progress on standard error, at most once per 10 % (libgit2 reports every object).
final class ProgressMeter: @unchecked Sendable {
    // Guarded by `lock`.
    private var lastTenth = -1
    private let lock = NSLock()

    func report(_ progress: FetchProgress) {
        guard progress.totalObjects > 0 else { return }
        let tenth = progress.receivedObjects * 10 / progress.totalObjects
        lock.withLock {
            guard tenth > lastTenth else { return }
            lastTenth = tenth
            FileHandle.standardError.write(
                Data("fetching: \(progress.receivedObjects)/\(progress.totalObjects) objects, \(progress.receivedBytes / 1024) KiB\n".utf8))
        }
    }
}
