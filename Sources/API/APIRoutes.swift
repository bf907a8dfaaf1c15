import Auth
import Foundation
import HTTPServer
import Model

/// One answered request, for the access log.
public struct RequestRecord: Sendable {
    public var method: String
    public var route: String
    public var path: String
    public var status: Int
    public var milliseconds: Double
    public var client: String?
}

/// Every operation, the router, authentication and error handling.
public enum APIRoutes {
    /// Every operation the server offers (also what the OpenAPI document describes).
    public static func operations(swagger: Bool) -> [APIOperation] {
        var operations: [APIOperation] = [
            .listWorkflows, .getWorkflow, .listWorkflowVersions,
            .refuseWorkflowWrites("POST", "/api/v1/workflows"), .refuseWorkflowWrites("PUT", "/api/v1/workflows/{workflowId}"),
            .refuseWorkflowWrites("PATCH", "/api/v1/workflows/{workflowId}"),
            .refuseWorkflowWrites("DELETE", "/api/v1/workflows/{workflowId}"),
            .executeWorkflow, .listExecutions, .getExecution, .cancelExecution, .getExecutionStep,
            .listConfigurations, .getConfiguration, .listSchedules, .getSchedule, .overrideSchedule(.enable),
            .overrideSchedule(.disable), .overrideSchedule(.reset), .triggerSchedule, .backfillSchedule,
            .listScheduleFires,
            .listConnectors, .listActions, .getAction,
            .listApprovals, .getApproval, .decideApproval(.approve), .decideApproval(.reject),
            .issueToken, .authorizationServerMetadata, .jsonWebKeys,
            .health, .readiness, .metrics, .getSyncStatus, .triggerSync, .gitPushHook,
        ]
        if swagger { operations += [.swaggerUI, .swaggerRedirect, .openAPIDocument, .swaggerAsset] }
        return operations
    }

    /// The server's request handler.
    public static func handler(context: APIContext, log: @escaping @Sendable (RequestRecord) -> Void) -> HTTPHandler {
        var router = Router()
        for operation in operations(swagger: context.swaggerEnabled) {
            router.add(operation.method, operation.path) { request in
                await run(operation, request, context)
            }
        }
        let routes = router
        return { request in
            let clock = ContinuousClock()
            let start = clock.now
            let response: HTTPResponse
            let route: String
            switch routes.match(method: request.method, path: request.path) {
            case .found(let handler, let parameters, let pattern):
                var routed = request
                routed.pathParameters = parameters
                response = await handler(routed)
                route = pattern
            case .methodNotAllowed(let allowed):
                response = Problem(
                    status: 405, title: "Method Not Allowed",
                    detail: "\(request.method) is not allowed on \(request.path); use \(allowed.joined(separator: ", "))",
                    headers: [("Allow", allowed.joined(separator: ", "))]
                ).response(instance: request.path)
                route = "unmatched"
            case .notFound:
                response = Problem.notFound("no route \(request.method) \(request.path)").response(instance: request.path)
                route = "unmatched"
            }
            context.metrics.recordRequest(method: request.method, route: route, status: response.status)
            let elapsed = clock.now - start
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            log(RequestRecord(method: request.method, route: route, path: request.path, status: response.status, milliseconds: milliseconds, client: request.remoteAddress))
            return response
        }
    }

    private static func run(_ operation: APIOperation, _ http: HTTPRequest, _ context: APIContext) async -> HTTPResponse {
        do throws(Problem) {
            var token: AccessToken?
            if let scope = operation.scope {
                token = try await authenticate(http, context)
                if let token, !token.scopes.contains(scope), !token.scopes.contains(Scopes.admin) {
                    throw Problem.forbidden(scope: scope)
                }
            }
            return try await operation.handler(APIRequest(http: http, token: token, context: context))
        } catch {
            return error.response(instance: http.path)
        }
    }

    /// The verified bearer token, or a 401 saying why not.
    static func authenticate(_ http: HTTPRequest, _ context: APIContext) async throws(Problem) -> AccessToken {
        guard let header = http.headers["Authorization"] else {
            throw Problem.unauthorized("this operation needs `Authorization: Bearer <token>`")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthorized("the Authorization header must be `Bearer <token>`")
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        if let cached = context.verifiedTokens.lookup(token) { return cached }
        do {
            let verified = try await context.authentication.verifier.verify(token)
            context.verifiedTokens.store(token, verified)
            return verified
        } catch {
            throw Problem.unauthorized("the token was refused: \(error.description)")
        }
    }
}
