import Engine
import HTTPServer
import Model
import Store

extension APIOperation {
    /// `GET /api/v1/executions/{executionId}/steps/{stepId}`
    static let getExecutionStep = APIOperation(
        "GET", "/api/v1/executions/{executionId}/steps/{stepId}", operationId: "getExecutionStep",
        summary: "Get one step of an execution with every attempt", tag: "executions", scope: Scopes.executionsRead,
        openAPI: [
            "parameters": [
                OpenAPISchemas.pathParameter("executionId", "The execution's id."),
                OpenAPISchemas.pathParameter("stepId", "The step's id."),
            ],
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.reference("Step"), "The step with `attemptHistory`.")], extra: ["404"]),
        ]
    ) { request throws(Problem) in
        let detail = try await ExecutionLookup.detail(request)
        let stepId = request.parameter("stepId")
        let version = try? await request.context.store.definitionVersion(id: detail.execution.versionId)
        let action = version?.definition.steps.first { $0.id == stepId }?.action
        let run = detail.steps.first { $0.stepId == stepId && $0.itemIndex == -1 }
        guard let action = action ?? run?.action else {
            throw Problem.notFound("execution `\(detail.execution.id)` has no step `\(stepId)`")
        }
        return JSONResponse.make(
            200,
            ExecutionDocument.step(
                id: stepId, action: action, run: run, items: detail.steps.filter { $0.stepId == stepId && $0.itemIndex >= 0 },
                attempts: detail.attempts.filter { $0.stepId == stepId && $0.itemIndex == -1 }))
    }
}
