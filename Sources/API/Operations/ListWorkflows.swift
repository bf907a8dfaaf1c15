import HTTPServer
import Model

extension APIOperation {
    /// `GET /api/v1/workflows`
    static let listWorkflows = APIOperation(
        "GET", "/api/v1/workflows", operationId: "listWorkflows", summary: "List workflow definitions (read-only; they live in git)",
        tag: "workflows", scope: Scopes.workflowsRead,
        openAPI: [
            "parameters": .array(OpenAPISchemas.pagingParameters),
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.page(of: DefinitionDocuments.workflowSchemaReference), "A page of workflows, by id.")],
                extra: ["400"]),
        ]
    ) { request throws(Problem) in
        let entries = request.context.catalog.current.workflows.values.sorted { $0.definition.metadata.name < $1.definition.metadata.name }
        let page = try Paging.page(entries, request: request) { $0.definition.metadata.name }
        return Paging.response(page.items.map { DefinitionDocuments.workflow($0, full: false) }, next: page.next)
    }
}
