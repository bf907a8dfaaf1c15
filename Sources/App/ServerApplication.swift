import API
import Auth
import Connectors
import Dispatch
import Engine
import Foundation
import HTTPServer
import Model
import Scheduling
import Store
import StoreSQLite

/// The composition root of `sovereign serve`: store, engine, definitions, authentication and the
/// HTTP server, started in order and stopped in reverse.
public final class ServerInstance: Sendable {
    /// The port the server listens on (useful with `Http__Port=0`).
    public let port: Int
    private let server: HTTPServer
    private let engine: Engine
    private let engineTask: Task<Void, Never>
    private let metricsTask: Task<Void, Never>
    private let log: Logger
    private let gitSource: GitSource?
    private let scheduler: Scheduler
    private let schedulerTask: Task<Void, Never>

    private init(
        port: Int, server: HTTPServer, engine: Engine, engineTask: Task<Void, Never>, metricsTask: Task<Void, Never>, log: Logger,
        gitSource: GitSource?, scheduler: Scheduler, schedulerTask: Task<Void, Never>
    ) {
        self.scheduler = scheduler
        self.schedulerTask = schedulerTask
        self.gitSource = gitSource
        self.port = port
        self.server = server
        self.engine = engine
        self.engineTask = engineTask
        self.metricsTask = metricsTask
        self.log = log
    }

    /// Starts everything. `announce` receives one-time messages for the operator (the first admin
    /// client's secret), meant for standard output.
    public static func start(settings: ServerSettings, version: String, announce: @escaping @Sendable (String) -> Void) async throws
        -> ServerInstance
    {
        let log = Logger(format: settings.logFormat)
        let store: SQLiteStore
        do {
            store = try SQLiteStore(path: settings.storePath, synchronous: settings.synchronousFull ? .full : .normal)
        } catch {
            throw SettingsError(message: "cannot open the store at \(settings.storePath): \(error)")
        }
        let allowed: [HTTPSettings.AllowedTarget]
        do {
            allowed = try HTTPSettings.parseAllowList(settings.allowPrivateHosts)
        } catch {
            throw SettingsError(message: "Actions__Http__AllowPrivateHosts: \(error.description)")
        }
        var engineSettings = EngineSettings()
        engineSettings.secrets = settings.secrets
        let engine = Engine(
            store: store,
            actions: BuiltInActions.all(
                http: HTTPSettings(allowedPrivateTargets: allowed, userAgent: HTTPSettings.userAgent(version: version))),
            settings: engineSettings)
        let authentication = try await Authentication.make(settings: settings, clients: store, log: log, announce: announce)
        let scheduler = Scheduler(
            engine: engine, store: store, settings: settings.scheduler,
            log: { message, fields in log.info(message, fields.mapValues(JSONValue.string)) })
        do {
            try await scheduler.load()
        } catch {
            throw SettingsError(message: "cannot read the scheduler's state from the store: \(error)")
        }
        let catalogHolder = CatalogHolder(DefinitionCatalog(source: "git"))
        var gitSource: GitSource?
        if let git = settings.git {
            gitSource = await GitSource.start(
                settings: git, store: store, engine: engine, scheduler: scheduler, catalog: catalogHolder, log: log)
        } else {
            catalogHolder.replace(
                await LocalDefinitions.load(folder: settings.definitionsPath, engine: engine, scheduler: scheduler, log: log))
        }
        let metrics = Metrics()
        let engineEvents = await engine.events()
        let metricsTask = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await metrics.follow(engineEvents) }
                group.addTask { await Maintenance.purgeIdempotencyKeys(store: store, log: log) }
            }
        }
        let engineTask = Task { await engine.run() }
        let schedulerTask = Task { await scheduler.run() }
        var context = APIContext(
            engine: engine, scheduler: scheduler, store: store, clients: store, catalog: catalogHolder, authentication: authentication,
            metrics: metrics, swaggerAssets: settings.swaggerAssets, swaggerEnabled: settings.swaggerEnabled)
        context.apiVersion = version
        context.sync = gitSource
        let handler = APIRoutes.handler(context: context) { record in
            log.info(
                "request",
                [
                    "method": .string(record.method), "route": .string(record.route), "status": .integer(Int64(record.status)),
                    "ms": .number((record.milliseconds * 100).rounded() / 100),
                ])
        }
        let server: HTTPServer
        do {
            server = try HTTPServer(configuration: settings.http, handler: handler)
        } catch {
            await scheduler.shutdown()
            await schedulerTask.value
            await engine.shutdown()
            await engineTask.value
            metricsTask.cancel()
            throw SettingsError(message: "cannot start the HTTP server: \(error.description)")
        }
        log.info("serving", ["address": .string(settings.http.address), "port": .integer(Int64(server.port)), "version": .string(version)])
        return ServerInstance(
            port: server.port, server: server, engine: engine, engineTask: engineTask, metricsTask: metricsTask, log: log,
            gitSource: gitSource, scheduler: scheduler, schedulerTask: schedulerTask)
    }

    /// Stops gracefully: requests in flight finish, then the engine stops after its batch.
    public func stop() async {
        log.info("shutting down: finishing requests in flight")
        await server.shutdown()
        gitSource?.stop()
        await scheduler.shutdown()
        await schedulerTask.value
        await engine.shutdown()
        await engineTask.value
        metricsTask.cancel()
        log.info("stopped")
    }
}

/// `sovereign serve`: start, wait for SIGTERM or SIGINT, stop.
public enum ServerApplication {
    /// Runs until SIGTERM/SIGINT; returns the exit status.
    public static func run(settings: ServerSettings, version: String, announce: @escaping @Sendable (String) -> Void) async -> Int32 {
        // Handlers first: a SIGTERM that comes while starting must still stop us gracefully.
        let termination = Signals.install()
        let instance: ServerInstance
        do {
            instance = try await ServerInstance.start(settings: settings, version: version, announce: announce)
        } catch {
            Logger(format: settings.logFormat).error("the server could not start: \(error)")
            return 2
        }
        await termination.wait()
        await instance.stop()
        return 0
    }
}

/// Periodic housekeeping of the store.
enum Maintenance {
    /// Idempotency keys are kept 24 hours (the IETF draft's minimum), then purged hourly.
    static func purgeIdempotencyKeys(store: SQLiteStore, log: Logger) async {
        while !Task.isCancelled {
            if let purged = try? await store.deleteIdempotencyRecords(before: Date().addingTimeInterval(-86_400)), purged > 0 {
                log.info("purged idempotency keys older than 24 h", ["count": .integer(Int64(purged))])
            }
            try? await Task.sleep(for: .seconds(3_600))
        }
    }
}

/// SIGTERM and SIGINT, as one awaitable event.
enum Signals {
    /// Catches SIGTERM and SIGINT from now on (instead of dying); `wait()` returns once one came.
    static func install() -> Termination {
        let termination = Termination()
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { termination.signal() }
            source.resume()
            termination.keep(source)
        }
        return termination
    }
}

/// Remembers that a termination signal came, and wakes whoever waits for it.
final class Termination: @unchecked Sendable {
    // Guarded by `lock`.
    private var signalled = false
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()

    func keep(_ source: any DispatchSourceSignal) { lock.withLock { sources.append(source) } }

    func signal() {
        let waiting = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            signalled = true
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume()
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already = lock.withLock { () -> Bool in
                if signalled { return true }
                self.continuation = continuation
                return false
            }
            if already { continuation.resume() }
        }
    }
}
