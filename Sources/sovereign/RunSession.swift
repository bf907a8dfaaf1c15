import Connectors
import Dispatch
import Engine
import Foundation
import Lint
import Loader
import Model
import Store
import StoreSQLite

/// One `sovereign run`: lint, publish, run on a temporary store, report.
struct RunSession {
    let options: RunOptions
    let console: Console

    func run() async -> Int32 {
        let allowed: [HTTPSettings.AllowedTarget]
        do {
            allowed = try HTTPSettings.parseAllowList(options.allowPrivateHosts)
        } catch {
            console.error("--allow-private-hosts: \(error.description)")
            return ExitStatus.usageError
        }
        guard let (workflows, configurations) = loadDefinitions() else { return ExitStatus.usageError }
        guard let workflow = chooseWorkflow(workflows) else { return ExitStatus.usageError }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store: SQLiteStore
        do {
            // `Store__Synchronous=full` trades speed for durability across power loss.
            let synchronous: SQLiteStore.Synchronous = console.environment["Store__Synchronous"]?.lowercased() == "full" ? .full : .normal
            store = try SQLiteStore(path: folder.appendingPathComponent("run.sqlite").path, synchronous: synchronous)
        } catch {
            console.error("cannot create a temporary store in \(folder.path): \(error)")
            return ExitStatus.usageError
        }
        // core.log messages show on their step's progress line.
        var engineSettings = EngineSettings()
        // `Secrets__<name>` environment variables become `.secrets.<name>`, as with serve.
        for (key, value) in console.environment where key.lowercased().hasPrefix("secrets__") {
            engineSettings.secrets[String(key.dropFirst("secrets__".count))] = value
        }
        let engine = Engine(
            store: store, actions: BuiltInActions.all(http: HTTPSettings(allowedPrivateTargets: allowed)), settings: engineSettings)
        do {
            for definition in workflows { try await engine.publish(definition) }
        } catch {
            console.error("cannot store the definitions: \(error)")
            return ExitStatus.usageError
        }
        for configuration in configurations { await engine.publish(configuration) }
        let events = await engine.events()
        let loop = Task { await engine.run() }
        let record: ExecutionRecord
        do {
            record = try await engine.start(
                StartRequest(
                    workflowId: workflow.metadata.name, trigger: options.trigger, vars: options.vars,
                    configuration: options.configuration))
        } catch {
            console.error("cannot start `\(workflow.metadata.name)`: \(error)")
            await engine.shutdown()
            await loop.value
            return ExitStatus.usageError
        }
        let interrupt = Self.cancelOnInterrupt(engine: engine, executionId: record.id)
        let progress = Task { await report(events, root: record.id, engine: engine, store: store) }
        let detail = try? await engine.waitUntilFinished(executionId: record.id)
        interrupt.cancel()
        await engine.shutdown()
        await loop.value
        progress.cancel()
        guard let detail else {
            console.error("the execution's record could not be read back")
            return ExitStatus.failure
        }
        let document = ExecutionDocument.make(detail, workflow: workflow)
        if options.json {
            console.output(document.prettyJSONText + "\n")
        } else {
            console.output(RunText.summary(document, color: useColor))
        }
        return detail.execution.status == .succeeded ? ExitStatus.success : ExitStatus.failure
    }

    private var useColor: Bool { options.color && console.allowsColor && !options.json }

    /// Lints the paths; prints errors and returns nil when there are any.
    private func loadDefinitions() -> ([Workflow], [Configuration])? {
        let files: [LoadedFile]
        do {
            files = Loader.load(try SourceDiscovery.files(under: options.paths))
        } catch {
            console.error(error.description)
            return nil
        }
        let report = Linter.lint(files: files)
        if report.errorCount > 0 {
            let text = LintFormat.text.render(report, options: LintOutputOptions(color: false))
            FileHandle.standardError.write(Data(text.utf8))
            console.error("the definitions have errors; fix them first (see above)")
            return nil
        }
        var workflows: [Workflow] = []
        var configurations: [Configuration] = []
        for document in files.flatMap(\.documents) {
            switch document.resource {
            case .workflow(let workflow)?: workflows.append(workflow)
            case .configuration(let configuration)?: configurations.append(configuration)
            default: break
            }
        }
        return (workflows, configurations)
    }

    private func chooseWorkflow(_ workflows: [Workflow]) -> Workflow? {
        let names = workflows.map(\.metadata.name)
        if let wanted = options.workflow {
            if let found = workflows.first(where: { $0.metadata.name == wanted }) { return found }
            let hint = Suggestion.closest(to: wanted, among: names).map { "; did you mean '\($0)'?" } ?? ""
            console.error("no workflow named '\(wanted)' in the given files\(hint) (found: \(names.joined(separator: ", ")))")
            return nil
        }
        guard workflows.count == 1 else {
            console.error(
                workflows.isEmpty
                    ? "the given files hold no workflow"
                    : "the files hold \(workflows.count) workflows; choose one with --workflow (\(names.joined(separator: ", ")))")
            return nil
        }
        return workflows[0]
    }

    /// Prints progress lines and answers gates when asked to.
    private func report(_ events: AsyncStream<EngineEvent>, root: String, engine: Engine, store: SQLiteStore) async {
        var started: Date?
        for await event in events {
            let start = started ?? event.at
            started = start
            if !options.json {
                console.output(RunText.line(event, root: root, since: start, color: useColor))
                fflush(nil)
            }
            if let decision = options.decide, event.status == "Waiting", event.stepId != nil {
                for approval in (try? await store.approvals(status: .pending)) ?? [] {
                    _ = try? await engine.decide(
                        approvalId: approval.id, decision == "approve" ? .approve : .reject, by: "sovereign run --decide")
                }
            }
        }
    }

    /// Ctrl-C cancels the execution (its steps are recorded as Cancelled) instead of killing us.
    private static func cancelOnInterrupt(engine: Engine, executionId: String) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            Task { _ = try? await engine.cancel(executionId: executionId, reason: "interrupted (Ctrl-C)") }
        }
        source.resume()
        return source
    }
}
