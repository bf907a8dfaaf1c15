import Model

/// Builds the OpenAPI 3.1 document from the operations themselves, so it cannot miss one.
public enum OpenAPIDocument {
    /// The whole document.
    public static func make(operations: [APIOperation], version: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for operation in operations where operation.tag != "documentation" {
            var object = operation.openAPI
            object["operationId"] = .string(operation.operationId)
            object["summary"] = .string(operation.summary)
            object["tags"] = [.string(operation.tag)]
            object["security"] = operation.scope.map { scope in
                [["bearer": []], ["oauth2": [.string(scope)]]]
            } ?? []
            var item = paths[operation.path]?.objectValue ?? [:]
            item[operation.method.lowercased()] = .object(object)
            paths[operation.path] = .object(item)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Sovereign Workflows API", "version": .string(version),
                "description": .string(
                    "Run and watch workflow executions, decide Human Gates, and read the definitions that live in git. Every /api/v1 operation needs `Authorization: Bearer <token>`; errors are RFC 9457 problem documents."
                ),
            ],
            "servers": [["url": "/"]],
            "paths": .object(paths),
            "components": [
                "schemas": .object(OpenAPISchemas.components),
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"],
                    "oauth2": [
                        "type": "oauth2",
                        "flows": [
                            "clientCredentials": [
                                "tokenUrl": "/oauth/token",
                                "scopes": .object(Dictionary(uniqueKeysWithValues: Scopes.all.map { ($0, JSONValue.string("The \($0) scope.")) })),
                            ]
                        ],
                    ],
                ],
            ],
            "tags": .array(
                ["workflows", "executions", "configurations", "schedules", "catalog", "approvals", "sync", "auth", "operations"].map {
                    ["name": .string($0)]
                }),
        ]
    }
}
