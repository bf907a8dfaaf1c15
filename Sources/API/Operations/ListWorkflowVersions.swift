import Engine
import HTTPServer
import Model
import Store

extension APIOperation {
    /// `GET /api/v1/workflows/{workflowId}/versions`
    static let listWorkflowVersions = APIOperation(
        "GET", "/api/v1/workflows/{workflowId}/versions", operationId: "listWorkflowVersions",
        summary: "List a workflow's published versions, newest first", tag: "workflows", scope: Scopes.workflowsRead,
        openAPI: [
            "parameters": [OpenAPISchemas.pathParameter("workflowId", "The workflow's name.")],
            "responses": OpenAPISchemas.withErrors(
                [
                    "200": OpenAPISchemas.json(
                        [
                            "type": "object", "required": ["items"],
                            "properties": [
                                "items": [
                                    "type": "array",
                                    "items": [
                                        "type": "object", "required": ["version", "contentHash", "createdAt"],
                                        "properties": [
                                            "version": ["type": "string"], "contentHash": ["type": "string"],
                                            "commit": OpenAPISchemas.nullableString, "path": OpenAPISchemas.nullableString,
                                            "createdAt": ["type": "string", "format": "date-time"], "current": ["type": "boolean"],
                                        ],
                                    ],
                                ]
                            ],
                        ], "The versions.")
                ], extra: ["404"]),
        ]
    ) { request throws(Problem) in
        let id = request.parameter("workflowId")
        let current = request.context.catalog.current.workflows[id]
        let versions: [DefinitionVersionRecord]
        do {
            versions = try await request.context.store.definitionVersions(workflowId: id)
        } catch {
            throw problem(from: error)
        }
        if current == nil && versions.isEmpty { throw Problem.notFound("no workflow `\(id)`") }
        let items: [JSONValue] = versions.map { version in
            [
                "version": .string(version.id), "contentHash": .string(version.contentHash),
                "commit": version.commit.map(JSONValue.string) ?? .null, "path": version.path.map(JSONValue.string) ?? .null,
                "createdAt": .string(Timestamps.text(version.createdAt)), "current": .bool(version.id == current?.versionId),
            ]
        }
        return JSONResponse.make(200, ["items": .array(items)])
    }
}
