import HTTPServer
import Model

extension APIOperation {
    /// `POST /api/v1/executions/{executionId}/cancel`
    static let cancelExecution = APIOperation(
        "POST", "/api/v1/executions/{executionId}/cancel", operationId: "cancelExecution",
        summary: "Cancel an execution: running steps stop, gates and children are cancelled", tag: "executions",
        scope: Scopes.executionsWrite,
        openAPI: [
            "parameters": [OpenAPISchemas.pathParameter("executionId", "The execution's id.")],
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.reference("ExecutionSummary"), "Cancelled.")], extra: ["404", "409"]),
        ]
    ) { request throws(Problem) in
        let who = request.token?.clientId ?? request.token?.subject ?? "unknown"
        do {
            let record = try await request.context.engine.cancel(
                executionId: request.parameter("executionId"), reason: "cancelled through the API by \(who)")
            return JSONResponse.make(200, executionSummary(record))
        } catch {
            throw problem(from: error)
        }
    }
}
