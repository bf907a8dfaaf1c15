import API
import Engine
import Foundation
import GitSync
import Model
import Scheduling
import Store
import StoreSQLite

/// Definitions from git: the reconciler publishes commits to the engine and the API's catalog.
final class GitSource: SyncService {
    let reconciler: Reconciler
    let webhookSecret: String?
    private let store: SQLiteStore
    private let pollTask: Task<Void, Never>

    private init(reconciler: Reconciler, webhookSecret: String?, store: SQLiteStore, pollTask: Task<Void, Never>) {
        self.reconciler = reconciler
        self.webhookSecret = webhookSecret
        self.store = store
        self.pollTask = pollTask
    }

    /// Restores the last applied commit, then polls in the background.
    static func start(
        settings: SyncSettings, store: SQLiteStore, engine: Engine, scheduler: Scheduler, catalog: CatalogHolder, log: Logger
    ) async -> GitSource {
        let source = "\(settings.displaySource) (branch \(settings.branch ?? "default"), folder \(settings.path))"
        let reconciler = Reconciler(
            settings: settings, store: store,
            log: { level, message, fields in log.log(level.rawValue, message, fields.mapValues(JSONValue.string)) }
        ) { set in
            await engine.activate(set.workflows, configurations: set.configurations.map(\.definition))
            catalog.replace(Self.catalog(set, source: source))
            await scheduler.apply(set.schedules.map { ScheduledDefinition(schedule: $0.definition, path: $0.entry.path, commit: $0.entry.commit) })
        }
        await reconciler.restore()
        let pollTask = Task { await reconciler.poll() }
        log.info("definitions from git", ["repository": .string(settings.displaySource), "path": .string(settings.path)])
        return GitSource(reconciler: reconciler, webhookSecret: settings.webhookSecret, store: store, pollTask: pollTask)
    }

    func stop() { pollTask.cancel() }

    static func catalog(_ set: PublishedSet, source: String) -> DefinitionCatalog {
        var catalog = DefinitionCatalog(source: "git: \(source)")
        let entries = Dictionary(
            set.publication.definitions.map { ("\($0.kind)/\($0.name)", $0) }, uniquingKeysWith: { first, _ in first })
        for version in set.workflows {
            let entry = entries["Workflow/\(version.workflowId)"]
            catalog.workflows[version.workflowId] = .init(
                definition: version.definition, path: entry?.path ?? version.path ?? "", versionId: version.id, commit: entry?.commit,
                author: entry.map { "\($0.authorName) <\($0.authorEmail)>" }, message: entry?.message)
        }
        for (configuration, entry) in set.configurations {
            catalog.configurations[configuration.metadata.name] = .init(
                definition: configuration, path: entry.path, commit: entry.commit, author: "\(entry.authorName) <\(entry.authorEmail)>",
                message: entry.message)
        }
        for (schedule, entry) in set.schedules {
            catalog.schedules[schedule.metadata.name] = .init(
                definition: schedule, path: entry.path, commit: entry.commit, author: "\(entry.authorName) <\(entry.authorEmail)>",
                message: entry.message)
        }
        return catalog
    }

    func status() async -> JSONValue {
        guard let record = try? await store.syncStatus() else { return ["state": "Syncing", "message": "no sync has finished yet"] }
        return Self.json(record)
    }

    func syncNow() async -> JSONValue {
        let outcome = await reconciler.reconcile()
        var document = Self.json(outcome.status).objectValue ?? [:]
        document["published"] = .bool(outcome.published)
        return .object(document)
    }

    func requestSync() async {
        let reconciler = self.reconciler
        Task { _ = await reconciler.reconcile() }
    }

    static func json(_ record: SyncStatusRecord) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamps.text(date))
        }
        return JSONValue(encoding: record, encoder: encoder) ?? .null
    }
}
