import HTTPServer
import Model

extension APIOperation {
    /// `GET /api/v1/actions`
    static let listActions = APIOperation(
        "GET", "/api/v1/actions", operationId: "listActions", summary: "List every action", tag: "catalog",
        scope: Scopes.workflowsRead,
        openAPI: ["responses": OpenAPISchemas.withErrors(["200": OpenAPISchemas.json(["type": "object"], "The actions.")])]
    ) { _ throws(Problem) in
        JSONResponse.make(200, ["items": .array(ActionCatalog.all.map { CatalogDocuments.action($0, schemas: false) })])
    }
}
