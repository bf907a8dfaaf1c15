import Auth
import Foundation
import HTTPServer
import Model

extension APIOperation {
    /// `POST /oauth/token`: OAuth 2.1 `client_credentials` (`client_secret_basic` or `client_secret_post`).
    /// Errors follow RFC 6749 §5.2 (`{"error": …}`), as OAuth clients expect.
    static let issueToken = APIOperation(
        "POST", "/oauth/token", operationId: "issueToken", summary: "Issue an access token (client_credentials)",
        tag: "auth", scope: nil,
        openAPI: [
            "requestBody": [
                "required": true,
                "content": [
                    "application/x-www-form-urlencoded": [
                        "schema": [
                            "type": "object", "required": ["grant_type"],
                            "properties": [
                                "grant_type": ["type": "string", "enum": ["client_credentials"]], "scope": ["type": "string"],
                                "client_id": ["type": "string"], "client_secret": ["type": "string"],
                            ],
                        ]
                    ]
                ],
            ],
            "responses": [
                "200": OpenAPISchemas.json(
                    [
                        "type": "object", "required": ["access_token", "token_type", "expires_in"],
                        "properties": [
                            "access_token": ["type": "string"], "token_type": ["type": "string"],
                            "expires_in": ["type": "integer"], "scope": ["type": "string"],
                        ],
                    ], "A Bearer token (ES256 JWT, RFC 9068)."),
                "400": OpenAPISchemas.json(OAuthErrors.schema, "An OAuth error."),
                "401": OpenAPISchemas.json(OAuthErrors.schema, "Unknown client or wrong secret."),
                "404": OpenAPISchemas.problemResponse,
                "503": OpenAPISchemas.problemResponse,
            ],
        ]
    ) { request throws(Problem) in
        guard let issuer = request.context.authentication.issuer else {
            throw Problem.notFound("the built-in Auth Service is off: tokens come from \(request.context.authentication.issuerURL)")
        }
        let form = FormBody.parse(request.http.body)
        guard form["grant_type"] == "client_credentials" else {
            return OAuthErrors.response(400, "unsupported_grant_type", "only grant_type=client_credentials is supported")
        }
        var clientId = form["client_id"]
        var secret = form["client_secret"]
        let basic = BasicCredentials.parse(request.http.headers["Authorization"])
        if let basic {
            clientId = basic.user
            secret = basic.password
        }
        guard let clientId, let secret else {
            return OAuthErrors.response(401, "invalid_client", "give client_id and client_secret (Basic auth or form fields)", basicChallenge: false)
        }
        let client = try? await request.context.clients.client(clientId: clientId)
        guard let client, ClientSecrets.verify(secret, against: client.secretHash) else {
            return OAuthErrors.response(401, "invalid_client", "unknown client or wrong secret", basicChallenge: basic != nil)
        }
        var scopes = Set(client.scopes)
        if let requested = form["scope"], !requested.isEmpty {
            let asked = Set(requested.split(separator: " ").map(String.init))
            guard asked.isSubset(of: scopes) else {
                let extra = asked.subtracting(scopes).sorted().joined(separator: " ")
                return OAuthErrors.response(400, "invalid_scope", "this client may not ask for: \(extra)")
            }
            scopes = asked
        }
        do {
            let (token, expiresIn) = try issuer.issue(clientId: client.clientId, scopes: scopes)
            return JSONResponse.make(
                200,
                [
                    "access_token": .string(token), "token_type": "Bearer", "expires_in": .integer(Int64(expiresIn)),
                    "scope": .string(scopes.sorted().joined(separator: " ")),
                ])
        } catch {
            throw Problem.unavailable("the token could not be signed")
        }
    }
}

/// RFC 6749 error responses.
enum OAuthErrors {
    static let schema: JSONValue = [
        "type": "object", "required": ["error"],
        "properties": ["error": ["type": "string"], "error_description": ["type": "string"]],
    ]

    /// RFC 6749 §5.2: a client that authenticated with Basic gets a Basic challenge with its 401.
    static func response(_ status: Int, _ error: String, _ description: String, basicChallenge: Bool = false) -> HTTPResponse {
        var response = JSONResponse.make(status, ["error": .string(error), "error_description": .string(description)])
        if basicChallenge { response.headers.add("WWW-Authenticate", "Basic realm=\"sovereign\"") }
        return response
    }
}

/// `application/x-www-form-urlencoded` bodies.
enum FormBody {
    static func parse(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first, fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }
}

/// `Authorization: Basic …` with form-encoded parts (RFC 6749 §2.3.1).
enum BasicCredentials {
    static func parse(_ header: String?) -> (user: String, password: String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let decode = { (part: Substring) in String(part).removingPercentEncoding ?? String(part) }
        return (decode(text[..<colon]), decode(text[text.index(after: colon)...]))
    }
}
