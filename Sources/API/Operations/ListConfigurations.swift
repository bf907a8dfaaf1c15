import HTTPServer
import Model

extension APIOperation {
    /// `GET /api/v1/configurations`
    static let listConfigurations = APIOperation(
        "GET", "/api/v1/configurations", operationId: "listConfigurations", summary: "List configurations (saved input sets)",
        tag: "configurations", scope: Scopes.workflowsRead,
        openAPI: [
            "parameters": .array(OpenAPISchemas.pagingParameters),
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.page(of: ["type": "object"]), "A page of configurations, by id.")],
                extra: ["400"]),
        ]
    ) { request throws(Problem) in
        let entries = request.context.catalog.current.configurations.values.sorted { $0.definition.metadata.name < $1.definition.metadata.name }
        let page = try Paging.page(entries, request: request) { $0.definition.metadata.name }
        return Paging.response(page.items.map(DefinitionDocuments.configuration), next: page.next)
    }
}
