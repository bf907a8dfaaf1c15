import Auth
import HTTPServer
import Model

/// One API operation: its route, the scope it needs, its OpenAPI description and its handler.
/// Each lives in its own file under `Operations/`.
public struct APIOperation: Sendable {
    public var method: String
    /// Route pattern, `{name}` for a path parameter.
    public var path: String
    public var operationId: String
    public var summary: String
    public var tag: String
    /// nil: no token needed (health, discovery, the token endpoint itself).
    public var scope: String?
    /// OpenAPI fragments: `parameters`, `requestBody`, `responses` (the operation object minus the
    /// members built here).
    public var openAPI: [String: JSONValue]
    public var handler: @Sendable (APIRequest) async throws(Problem) -> HTTPResponse

    /// Creates an operation.
    public init(
        _ method: String, _ path: String, operationId: String, summary: String, tag: String, scope: String?,
        openAPI: [String: JSONValue], handler: @escaping @Sendable (APIRequest) async throws(Problem) -> HTTPResponse
    ) {
        self.method = method
        self.path = path
        self.operationId = operationId
        self.summary = summary
        self.tag = tag
        self.scope = scope
        self.openAPI = openAPI
        self.handler = handler
    }
}

/// A request as operations see it: the HTTP request, who sent it, and the services.
public struct APIRequest: Sendable {
    public var http: HTTPRequest
    /// The verified token (nil for operations that need none).
    public var token: AccessToken?
    public var context: APIContext

    /// A path parameter (the router guarantees it exists for the operation's pattern).
    public func parameter(_ name: String) -> String { http.pathParameters[name] ?? "" }

    /// The body as JSON; an empty body is `{}`.
    public func jsonBody() throws(Problem) -> JSONValue {
        if http.body.isEmpty { return .object([:]) }
        guard let value = JSONText.parse(http.body) else {
            throw Problem.badRequest("the request body is not valid JSON")
        }
        return value
    }
}
