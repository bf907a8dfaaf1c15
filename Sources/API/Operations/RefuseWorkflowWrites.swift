import HTTPServer
import Model

extension APIOperation {
    /// Writes to definitions answer 405: they are managed in git.
    static func refuseWorkflowWrites(_ method: String, _ path: String) -> APIOperation {
        APIOperation(
            method, path, operationId: "refuse\(method.capitalized)\(path.hasSuffix("}") ? "Workflow" : "Workflows")",
            summary: "Not allowed: workflow definitions are managed in git", tag: "workflows", scope: Scopes.workflowsRead,
            openAPI: [
                "parameters": path.contains("{workflowId}") ? [OpenAPISchemas.pathParameter("workflowId", "The workflow's name.")] : [],
                "responses": OpenAPISchemas.withErrors(["405": OpenAPISchemas.problemResponse]),
            ]
        ) { request throws(Problem) in
            let catalog = request.context.catalog.current
            let id = request.http.pathParameters["workflowId"]
            let file = id.flatMap { catalog.workflows[$0]?.path }
            let where_ = file.map { "edit `\($0)` in \(catalog.source)" } ?? "add or change a file in \(catalog.source)"
            throw Problem(
                status: 405, title: "Method Not Allowed",
                detail: "workflow definitions are managed in git and read-only here: \(where_), commit and push",
                headers: [("Allow", "GET")])
        }
    }
}
