import HTTPServer
import Model

extension APIOperation {
    /// `GET /.well-known/oauth-authorization-server` (RFC 8414).
    static let authorizationServerMetadata = APIOperation(
        "GET", "/.well-known/oauth-authorization-server", operationId: "getAuthorizationServerMetadata",
        summary: "Metadata of the built-in Auth Service (RFC 8414)", tag: "auth", scope: nil,
        openAPI: ["responses": ["200": OpenAPISchemas.json(["type": "object"], "The metadata."), "404": OpenAPISchemas.problemResponse]]
    ) { request throws(Problem) in
        guard request.context.authentication.issuer != nil else { throw Problem.notFound("the built-in Auth Service is off") }
        let issuer = request.context.authentication.issuerURL
        return JSONResponse.make(
            200,
            [
                "issuer": .string(issuer), "token_endpoint": .string(issuer + "/oauth/token"),
                "jwks_uri": .string(issuer + "/oauth/jwks"), "grant_types_supported": ["client_credentials"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "scopes_supported": .array(Scopes.all.map(JSONValue.string)),
                "response_types_supported": [], "token_endpoint_auth_signing_alg_values_supported": ["ES256"],
            ])
    }

    /// `GET /oauth/jwks`
    static let jsonWebKeys = APIOperation(
        "GET", "/oauth/jwks", operationId: "getJSONWebKeys", summary: "Public keys of the built-in Auth Service",
        tag: "auth", scope: nil,
        openAPI: [
            "responses": [
                "200": ["description": "A JWK Set.", "content": ["application/jwk-set+json": ["schema": ["type": "object"]]]],
                "404": OpenAPISchemas.problemResponse,
            ]
        ]
    ) { request throws(Problem) in
        guard let issuer = request.context.authentication.issuer else { throw Problem.notFound("the built-in Auth Service is off") }
        return JSONResponse.make(200, issuer.jwks, contentType: "application/jwk-set+json")
    }
}
