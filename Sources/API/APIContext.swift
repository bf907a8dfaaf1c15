import Auth
import Engine
import Foundation
import Model
import Scheduling
import Store

/// How requests are authenticated.
public struct AuthenticationMode: Sendable {
    /// Verifies bearer tokens.
    public var verifier: any TokenVerifier
    /// The built-in Auth Service, when it is on (nil with an external issuer).
    public var issuer: TokenIssuer?
    /// The issuer URL tokens carry.
    public var issuerURL: String

    /// Creates an authentication mode.
    public init(verifier: any TokenVerifier, issuer: TokenIssuer?, issuerURL: String) {
        self.verifier = verifier
        self.issuer = issuer
        self.issuerURL = issuerURL
    }
}

/// Everything operations use.
public struct APIContext: Sendable {
    public var engine: Engine
    public var store: any ExecutionStore
    public var clients: any ClientStore
    public var catalog: CatalogHolder
    public var authentication: AuthenticationMode
    public var metrics: Metrics
    /// Where Swagger UI's assets come from (a local swagger-ui folder URL, or the public CDN).
    public var swaggerAssets: String
    public var swaggerEnabled: Bool
    /// The product version, for the OpenAPI document.
    public var apiVersion: String = "0.1.0"
    /// The git reconciler, when definitions come from git.
    public var sync: (any SyncService)?
    /// The scheduler, which fires schedules and answers for them.
    public var scheduler: Scheduler
    /// Tokens already verified, until they expire: clients send the same token many times.
    public let verifiedTokens = VerifiedTokenCache()

    /// Creates a context.
    public init(
        engine: Engine, scheduler: Scheduler, store: any ExecutionStore, clients: any ClientStore, catalog: CatalogHolder,
        authentication: AuthenticationMode, metrics: Metrics, swaggerAssets: String, swaggerEnabled: Bool
    ) {
        self.engine = engine
        self.scheduler = scheduler
        self.store = store
        self.clients = clients
        self.catalog = catalog
        self.authentication = authentication
        self.metrics = metrics
        self.swaggerAssets = swaggerAssets
        self.swaggerEnabled = swaggerEnabled
    }
}

/// Every scope an API token can carry.
public enum Scopes {
    public static let workflowsRead = "workflows:read"
    public static let executionsRead = "executions:read"
    public static let executionsWrite = "executions:write"
    public static let approvalsRead = "approvals:read"
    public static let approvalsWrite = "approvals:write"
    public static let schedulesWrite = "schedules:write"
    public static let webhooksAdmin = "webhooks:admin"
    public static let connectionsAdmin = "connections:admin"
    public static let admin = "admin"
    /// All of them, in documentation order.
    public static let all = [
        workflowsRead, executionsRead, executionsWrite, approvalsRead, approvalsWrite, schedulesWrite, webhooksAdmin, connectionsAdmin, admin,
    ]
}
