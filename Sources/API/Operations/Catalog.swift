import HTTPServer
import Model

/// The action catalog as JSON.
enum CatalogDocuments {
    static func action(_ action: ActionDescriptor, schemas: Bool) -> JSONValue {
        var document: [String: JSONValue] = [
            "name": .string(action.name), "connector": .string(action.connector), "summary": .string(action.summary),
        ]
        if schemas {
            document["inputSchema"] = action.inputSchema
            document["outputSchema"] = action.outputSchema
        }
        return .object(document)
    }
}

extension APIOperation {
    /// `GET /api/v1/connectors`
    static let listConnectors = APIOperation(
        "GET", "/api/v1/connectors", operationId: "listConnectors", summary: "List connectors and their actions",
        tag: "catalog", scope: Scopes.workflowsRead,
        openAPI: ["responses": OpenAPISchemas.withErrors(["200": OpenAPISchemas.json(["type": "object"], "The connectors.")])]
    ) { _ throws(Problem) in
        var connectors: [String: [String]] = [:]
        for action in ActionCatalog.all { connectors[action.connector, default: []].append(action.name) }
        let items: [JSONValue] = connectors.keys.sorted().map { name in
            ["name": .string(name), "actions": .array(connectors[name]!.map(JSONValue.string))]
        }
        return JSONResponse.make(200, ["items": .array(items)])
    }
}
