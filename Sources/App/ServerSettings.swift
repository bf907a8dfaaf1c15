import Foundation
import Git
import GitSync
import HTTPServer
import Model
import Scheduling

/// `sovereign serve`'s settings, read and checked once.
public struct ServerSettings: Sendable {
    public var http = HTTPServerConfiguration()
    public var dataPath: String
    /// `Definitions__Path`: a local folder instead of git (also the fallback outside a repository).
    public var definitionsPath: String
    /// The git source; nil when `Definitions__Path` is set or no repository is found.
    public var git: SyncSettings?
    public var logFormat: Logger.Format
    public var swaggerEnabled: Bool
    public var swaggerAssets: String
    /// External issuer (`Auth__Authority`) or its JWKS (`Auth__JwksUrl`); both nil → built-in Auth Service.
    public var authority: String?
    public var jwksURL: String?
    public var audience: String
    /// The built-in issuer's URL (`iss` of its tokens).
    public var issuer: String
    public var tokenLifetimeSeconds: Int
    public var synchronousFull: Bool
    public var allowPrivateHosts: String
    /// `Secrets__<name>`: values expressions read as `.secrets.<name>`.
    public var secrets: [String: String]
    /// `Scheduler__*`: misfire threshold, catch-up window, queue and backfill limits.
    public var scheduler = SchedulerSettings()

    /// Reads every setting, with its default.
    public init(_ settings: Settings) throws(SettingsError) {
        http.port = try settings.integer("Http__Port", default: 5003, in: 0...65_535)
        http.address = settings.string("Http__Address", default: "0.0.0.0")
        http.maximumBodyBytes = try settings.integer("Http__MaxBodyBytes", default: 1_048_576, in: 1_024...104_857_600)
        http.idleTimeoutSeconds = try settings.integer("Http__IdleTimeoutSeconds", default: 30, in: 1...3_600)
        http.connectionLimit = try settings.integer("Http__ConnectionLimit", default: 1_000, in: 1...100_000)
        http.threadPoolSize = try settings.integer("Http__Threads", default: 4, in: 1...64)
        dataPath = settings.string("Data__Path", default: "./.sovereign")
        definitionsPath = settings.string("Definitions__Path", default: "workflows")
        git = try GitSourceSettings.read(settings, dataPath: dataPath)
        switch settings.string("Logging__Format", default: "text").lowercased() {
        case "json": logFormat = .json
        case "text": logFormat = .text
        case let other: throw SettingsError(message: "Logging__Format must be json or text, not `\(other)`")
        }
        swaggerEnabled = try settings.boolean("Swagger__Enabled", default: true)
        swaggerAssets = settings.string("Swagger__Assets", default: SwaggerAssetsDefault.value)
        authority = settings.string("Auth__Authority")
        jwksURL = settings.string("Auth__JwksUrl")
        audience = settings.string("Auth__Audience", default: "sovereign")
        let host = http.address == "0.0.0.0" || http.address == "::" ? "localhost" : http.address
        issuer = settings.string("Auth__Issuer", default: "http://\(host):\(http.port)")
        tokenLifetimeSeconds = try settings.integer("Auth__TokenLifetimeSeconds", default: 3_600, in: 60...86_400)
        switch settings.string("Store__Synchronous", default: "normal").lowercased() {
        case "normal": synchronousFull = false
        case "full": synchronousFull = true
        case let other: throw SettingsError(message: "Store__Synchronous must be normal or full, not `\(other)`")
        }
        allowPrivateHosts = settings.string("Actions__Http__AllowPrivateHosts", default: "")
        secrets = settings.section("Secrets")
        scheduler.misfireThreshold = Double(try settings.integer("Scheduler__MisfireThresholdSeconds", default: 60, in: 1...86_400))
        scheduler.defaultCatchupWindow = Double(
            try settings.integer("Scheduler__DefaultCatchupWindowSeconds", default: 86_400, in: 1...31_622_400))
        scheduler.maximumCatchupFires = try settings.integer("Scheduler__MaxCatchupFires", default: 1_000, in: 1...100_000)
        scheduler.maximumQueued = try settings.integer("Scheduler__MaxQueued", default: 100, in: 1...10_000)
        scheduler.maximumBackfill = try settings.integer("Scheduler__MaxBackfill", default: 1_000, in: 1...100_000)
        scheduler.fireRetention = Double(try settings.integer("Scheduler__FireRetentionDays", default: 30, in: 1...3_650)) * 86_400
    }

    /// The SQLite file under `dataPath`.
    public var storePath: String { dataPath + "/sovereign.sqlite" }
    /// The built-in issuer's signing key under `dataPath`.
    public var signingKeyPath: String { dataPath + "/auth-signing-key.pem" }
}

/// The default of `Swagger__Assets`: the local distribution `make` puts beside the build
/// (`.build/swagger-ui-dist`), else the public CDN, as FastAPI falls back to it.
enum SwaggerAssetsDefault {
    static let publicCDN = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"

    static var value: String {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").standardizedFileURL
        // .build/release/sovereign, or .build/<triple>/release/sovereign once links are resolved.
        let candidates = [
            executable.deletingLastPathComponent().deletingLastPathComponent(),
            executable.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("swagger-ui-dist") }
        for local in candidates where FileManager.default.fileExists(atPath: local.appendingPathComponent("swagger-ui-bundle.js").path) {
            return local.path
        }
        return publicCDN
    }
}
