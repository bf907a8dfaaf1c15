import Engine
import HTTPServer
import Model

extension APIOperation {
    /// `POST /api/v1/approvals/{approvalId}/approve` and `/reject`, with an optional `{"comment": …}`.
    static func decideApproval(_ decision: ApprovalDecision) -> APIOperation {
        let verb = decision == .approve ? "approve" : "reject"
        return APIOperation(
            "POST", "/api/v1/approvals/{approvalId}/\(verb)", operationId: "\(verb)Approval",
            summary: decision == .approve ? "Approve a waiting Human Gate" : "Reject a waiting Human Gate",
            tag: "approvals", scope: Scopes.approvalsWrite,
            openAPI: [
                "parameters": [OpenAPISchemas.pathParameter("approvalId", "The approval's id.")],
                "requestBody": [
                    "required": false,
                    "content": ["application/json": ["schema": ["type": "object", "properties": ["comment": ["type": ["string", "null"], "maxLength": 2000]]]]],
                ],
                "responses": OpenAPISchemas.withErrors(
                    ["200": OpenAPISchemas.json(OpenAPISchemas.reference("Approval"), "The decided approval.")],
                    extra: ["400", "404", "409"]),
            ]
        ) { request throws(Problem) in
            guard case .object(let body) = try request.jsonBody() else { throw Problem.badRequest("the body must be a JSON object") }
            var comment: String?
            switch body["comment"] {
            case nil, .null?: break
            case .string(let text)? where text.count <= 2000: comment = text
            default: throw Problem.badRequest("`comment` must be text of at most 2000 characters")
            }
            let id = request.parameter("approvalId")
            let stored = try? await request.context.store.approval(id: id)
            guard let stored else { throw Problem.notFound("no approval `\(id)`") }
            guard stored.status == .pending else {
                throw Problem.conflict("approval `\(id)` is already \(stored.status.rawValue)")
            }
            let who = request.token?.clientId ?? request.token?.subject ?? "unknown"
            do {
                let decided = try await request.context.engine.decide(approvalId: id, decision, by: who, comment: comment)
                return JSONResponse.make(200, ApprovalDocuments.approval(decided))
            } catch {
                throw problem(from: error)
            }
        }
    }
}
