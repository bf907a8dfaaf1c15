import HTTPServer
import Model

extension APIOperation {
    /// `GET /api/v1/workflows/{workflowId}`
    static let getWorkflow = APIOperation(
        "GET", "/api/v1/workflows/{workflowId}", operationId: "getWorkflow", summary: "Get a workflow definition",
        tag: "workflows", scope: Scopes.workflowsRead,
        openAPI: [
            "parameters": [OpenAPISchemas.pathParameter("workflowId", "The workflow's name.")],
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(DefinitionDocuments.workflowSchemaReference, "The workflow, its version and source.")], extra: ["404"]),
        ]
    ) { request throws(Problem) in
        let id = request.parameter("workflowId")
        guard let entry = request.context.catalog.current.workflows[id] else { throw Problem.notFound("no workflow `\(id)`") }
        return JSONResponse.make(200, DefinitionDocuments.workflow(entry, full: true))
    }
}
