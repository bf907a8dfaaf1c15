import API
import Engine
import Foundation
import Lint
import Loader
import Model
import Scheduling

/// Loads definitions from a local folder (until the git reconciler exists): lints the folder as
/// one set and publishes all of it, or none of it when any file has an error.
enum LocalDefinitions {
    static func load(folder: String, engine: Engine, scheduler: Scheduler, log: Logger) async -> DefinitionCatalog {
        var catalog = DefinitionCatalog(source: "the folder `\(folder)`")
        let files: [LoadedFile]
        do {
            files = Loader.load(try SourceDiscovery.files(under: [folder]))
        } catch {
            log.error("cannot read the definitions", ["folder": .string(folder), "reason": .string(error.reason)])
            return catalog
        }
        let report = Linter.lint(files: files)
        for diagnostic in report.diagnostics {
            log.log(
                diagnostic.severity == .error ? "error" : "warning", diagnostic.message,
                ["code": .string(diagnostic.code), "location": .string(diagnostic.location.description)])
        }
        guard report.errorCount == 0 else {
            log.error("definitions not published: fix the errors above", ["errors": .integer(Int64(report.errorCount))])
            return catalog
        }
        for document in files.flatMap(\.documents) {
            switch document.resource {
            case .workflow(let workflow)?:
                do {
                    let version = try await engine.publish(workflow, path: document.path)
                    catalog.workflows[workflow.metadata.name] = .init(definition: workflow, path: document.path, versionId: version.id)
                } catch {
                    log.error("cannot publish a workflow", ["workflow": .string(workflow.metadata.name), "reason": .string("\(error)")])
                }
            case .configuration(let configuration)?:
                await engine.publish(configuration)
                catalog.configurations[configuration.metadata.name] = .init(definition: configuration, path: document.path)
            case .schedule(let schedule)?:
                catalog.schedules[schedule.metadata.name] = .init(definition: schedule, path: document.path)
            case nil:
                break
            }
        }
        await scheduler.apply(catalog.schedules.values.map { ScheduledDefinition(schedule: $0.definition, path: $0.path) })
        log.info(
            "definitions published",
            [
                "workflows": .integer(Int64(catalog.workflows.count)), "configurations": .integer(Int64(catalog.configurations.count)),
                "schedules": .integer(Int64(catalog.schedules.count)), "folder": .string(folder),
            ])
        return catalog
    }
}
