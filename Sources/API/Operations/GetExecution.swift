import Engine
import HTTPServer
import Model
import Store

extension APIOperation {
    /// `GET /api/v1/executions/{executionId}`
    static let getExecution = APIOperation(
        "GET", "/api/v1/executions/{executionId}", operationId: "getExecution",
        summary: "Get an execution: status, steps, timing, outputs", tag: "executions", scope: Scopes.executionsRead,
        openAPI: [
            "parameters": [OpenAPISchemas.pathParameter("executionId", "The execution's id.")],
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.reference("Execution"), "The execution document.")], extra: ["404"]),
        ]
    ) { request throws(Problem) in
        let detail = try await ExecutionLookup.detail(request)
        let version = try? await request.context.store.definitionVersion(id: detail.execution.versionId)
        return JSONResponse.make(200, ExecutionDocument.make(detail, workflow: version?.definition))
    }
}

enum ExecutionLookup {
    static func detail(_ request: APIRequest) async throws(Problem) -> ExecutionDetail {
        let id = request.parameter("executionId")
        let found: ExecutionDetail?
        do {
            found = try await request.context.store.executionDetail(id: id)
        } catch {
            throw problem(from: error)
        }
        guard let found else { throw Problem.notFound("no execution `\(id)`") }
        return found
    }
}
