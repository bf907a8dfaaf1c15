import HTTPServer
import Model

extension APIOperation {
    /// `GET /healthz`: the process answers.
    static let health = APIOperation(
        "GET", "/healthz", operationId: "getHealth", summary: "Liveness", tag: "operations", scope: nil,
        openAPI: ["responses": ["200": OpenAPISchemas.json(["type": "object"], "Alive.")]]
    ) { _ throws(Problem) in
        JSONResponse.make(200, ["status": "ok"])
    }

    /// `GET /readyz`: the store answers.
    static let readiness = APIOperation(
        "GET", "/readyz", operationId: "getReadiness", summary: "Readiness: the store is reachable", tag: "operations", scope: nil,
        openAPI: ["responses": ["200": OpenAPISchemas.json(["type": "object"], "Ready."), "503": OpenAPISchemas.problemResponse]]
    ) { request throws(Problem) in
        do {
            _ = try await request.context.store.nextDueDate()
        } catch {
            throw Problem.unavailable("the store does not answer")
        }
        return JSONResponse.make(200, ["status": "ready"])
    }

    /// `GET /metrics`: Prometheus text.
    static let metrics = APIOperation(
        "GET", "/metrics", operationId: "getMetrics", summary: "Prometheus metrics", tag: "operations", scope: nil,
        openAPI: ["responses": ["200": ["description": "Prometheus text format 0.0.4.", "content": ["text/plain": ["schema": ["type": "string"]]]]]]
    ) { request throws(Problem) in
        HTTPResponse.text(200, request.context.metrics.text(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}
