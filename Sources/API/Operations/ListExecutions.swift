import HTTPServer
import Model
import Store

extension APIOperation {
    /// `GET /api/v1/executions?workflowId=&status=&limit=&cursor=`
    static let listExecutions = APIOperation(
        "GET", "/api/v1/executions", operationId: "listExecutions", summary: "List executions, newest first",
        tag: "executions", scope: Scopes.executionsRead,
        openAPI: [
            "parameters": .array(
                [
                    OpenAPISchemas.queryParameter("workflowId", "Only executions of this workflow."),
                    OpenAPISchemas.queryParameter(
                        "status", "Only executions in this state.",
                        schema: ["type": "string", "enum": .array(ExecutionStatus.allCases.map { .string($0.rawValue) })]),
                ] + OpenAPISchemas.pagingParameters),
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.page(of: OpenAPISchemas.reference("ExecutionSummary")), "A page of executions.")],
                extra: ["400"]),
        ]
    ) { request throws(Problem) in
        var status: ExecutionStatus?
        if let text = request.http.queryValue("status") {
            guard let parsed = ExecutionStatus(rawValue: text) else {
                let names = ExecutionStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw Problem.badRequest("`status` must be one of \(names), not `\(text)`")
            }
            status = parsed
        }
        let query = ExecutionQuery(
            workflowId: request.http.queryValue("workflowId"), status: status, limit: try Paging.limit(request),
            cursor: request.http.queryValue("cursor").flatMap { $0.isEmpty ? nil : $0 })
        let page: ExecutionPage
        do {
            page = try await request.context.store.executions(query)
        } catch {
            throw problem(from: error)
        }
        return Paging.response(page.items.map(executionSummary), next: page.nextCursor)
    }
}
