import HTTPServer
import Model

extension APIOperation {
    /// `GET /api/v1/configurations/{configurationId}`
    static let getConfiguration = APIOperation(
        "GET", "/api/v1/configurations/{configurationId}", operationId: "getConfiguration", summary: "Get a configuration",
        tag: "configurations", scope: Scopes.workflowsRead,
        openAPI: [
            "parameters": [OpenAPISchemas.pathParameter("configurationId", "The configuration's name.")],
            "responses": OpenAPISchemas.withErrors(["200": OpenAPISchemas.json(["type": "object"], "The configuration.")], extra: ["404"]),
        ]
    ) { request throws(Problem) in
        let id = request.parameter("configurationId")
        guard let entry = request.context.catalog.current.configurations[id] else { throw Problem.notFound("no configuration `\(id)`") }
        return JSONResponse.make(200, DefinitionDocuments.configuration(entry))
    }
}
