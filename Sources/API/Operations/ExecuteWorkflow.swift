import Crypto
import Engine
import HTTPServer
import Model
import Store

extension APIOperation {
    /// `POST /api/v1/workflows/{workflowId}/execute`
    static let executeWorkflow = APIOperation(
        "POST", "/api/v1/workflows/{workflowId}/execute", operationId: "executeWorkflow",
        summary: "Start an execution (202); honours Idempotency-Key", tag: "executions", scope: Scopes.executionsWrite,
        openAPI: [
            "parameters": [
                OpenAPISchemas.pathParameter("workflowId", "The workflow's name."),
                [
                    "name": "Idempotency-Key", "in": "header", "required": false, "schema": ["type": "string", "maxLength": 255],
                    "description": "Same key and body → the same execution; same key, other body → 422 (kept 24 h).",
                ],
            ],
            "requestBody": [
                "required": false,
                "content": [
                    "application/json": [
                        "schema": [
                            "type": "object",
                            "properties": [
                                "trigger": ["type": "object", "description": "Validated against the workflow's inputs."],
                                "vars": ["type": "object"], "configuration": ["type": "string"],
                            ],
                        ]
                    ]
                ],
            ],
            "responses": OpenAPISchemas.withErrors(
                ["202": OpenAPISchemas.json(OpenAPISchemas.reference("Accepted"), "Accepted; `Location` points at the execution.")],
                extra: ["400", "404", "422"]),
        ]
    ) { request throws(Problem) in
        let workflowId = request.parameter("workflowId")
        guard request.context.catalog.current.workflows[workflowId] != nil else {
            throw Problem.notFound("no workflow `\(workflowId)`")
        }
        guard case .object(let body) = try request.jsonBody() else { throw Problem.badRequest("the body must be a JSON object") }
        let unknown = Set(body.keys).subtracting(["trigger", "vars", "configuration"])
        if let field = unknown.sorted().first {
            throw Problem.badRequest("unknown field `\(field)`; the body may hold `trigger`, `vars` and `configuration`")
        }
        let trigger = body["trigger"] ?? .object([:])
        let vars = body["vars"] ?? .object([:])
        guard case .object = trigger else { throw Problem.unprocessable("`trigger` must be an object") }
        guard case .object = vars else { throw Problem.unprocessable("`vars` must be an object") }
        var configuration: String?
        switch body["configuration"] {
        case nil, .null?: break
        case .string(let name)?: configuration = name
        default: throw Problem.unprocessable("`configuration` must be a configuration's name")
        }
        let key = request.http.headers["Idempotency-Key"]
        if let key, key.isEmpty || key.count > 255 { throw Problem.badRequest("`Idempotency-Key` must have 1 to 255 characters") }
        let start = StartRequest(
            workflowId: workflowId, trigger: trigger, vars: vars, configuration: configuration, idempotencyKey: key)
        let record: ExecutionRecordSnapshot
        do {
            record = ExecutionRecordSnapshot(try await request.context.engine.start(start))
        } catch {
            throw problem(from: error)
        }
        let location = "/api/v1/executions/\(record.id)"
        var response = JSONResponse.make(
            202,
            [
                "executionId": .string(record.id), "status": .string(record.status), "workflowId": .string(workflowId),
                "version": .string(record.version), "createdAt": .string(record.createdAt), "location": .string(location),
            ])
        response.headers.add("Location", location)
        return response
    }
}

/// The fields of a new execution the 202 answer needs.
struct ExecutionRecordSnapshot {
    var id: String
    var status: String
    var version: String
    var createdAt: String

    init(_ record: Store.ExecutionRecord) {
        id = record.id
        status = record.status.rawValue
        version = record.versionId
        createdAt = Timestamps.text(record.createdAt)
    }
}
