import HTTPServer
import Model

extension APIOperation {
    /// `GET /api/v1/actions/{name}`
    static let getAction = APIOperation(
        "GET", "/api/v1/actions/{name}", operationId: "getAction",
        summary: "Get an action with the JSON Schemas of its inputs (`with`) and output", tag: "catalog", scope: Scopes.workflowsRead,
        openAPI: [
            "parameters": [OpenAPISchemas.pathParameter("name", "The action's name, such as http.request.")],
            "responses": OpenAPISchemas.withErrors(["200": OpenAPISchemas.json(["type": "object"], "The action.")], extra: ["404"]),
        ]
    ) { request throws(Problem) in
        let name = request.parameter("name")
        guard let action = ActionCatalog.action(named: name) else {
            let hint = Suggestion.closest(to: name, among: ActionCatalog.names).map { "; did you mean `\($0)`?" } ?? ""
            throw Problem.notFound("no action `\(name)`\(hint)")
        }
        return JSONResponse.make(200, CatalogDocuments.action(action, schemas: true))
    }
}
