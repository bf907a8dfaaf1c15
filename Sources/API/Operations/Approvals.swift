import Engine
import Foundation
import HTTPServer
import Model
import Store

/// Approval records as JSON.
enum ApprovalDocuments {
    static func approval(_ record: ApprovalRecord) -> JSONValue {
        func time(_ date: Date?) -> JSONValue { date.map { .string(Timestamps.text($0)) } ?? .null }
        return [
            "id": .string(record.id), "executionId": .string(record.executionId), "stepId": .string(record.stepId),
            "status": .string(record.status.rawValue), "title": .string(record.title),
            "description": record.description.map(JSONValue.string) ?? .null, "approvers": record.approvers,
            "createdAt": .string(Timestamps.text(record.createdAt)), "timeoutAt": time(record.timeoutAt),
            "onTimeout": .string(record.onTimeout), "decidedBy": record.decidedBy.map(JSONValue.string) ?? .null,
            "decidedAt": time(record.decidedAt), "comment": record.comment.map(JSONValue.string) ?? .null,
        ]
    }
}

extension APIOperation {
    /// `GET /api/v1/approvals?status=`
    static let listApprovals = APIOperation(
        "GET", "/api/v1/approvals", operationId: "listApprovals", summary: "List Human Gate approvals",
        tag: "approvals", scope: Scopes.approvalsRead,
        openAPI: [
            "parameters": .array(
                [
                    OpenAPISchemas.queryParameter(
                        "status", "Only approvals in this state (Pending, Approved, Rejected, TimedOut, Cancelled).",
                        schema: ["type": "string", "enum": .array(ApprovalStatus.allCases.map { .string($0.rawValue) })])
                ] + OpenAPISchemas.pagingParameters),
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.page(of: OpenAPISchemas.reference("Approval")), "A page of approvals.")],
                extra: ["400"]),
        ]
    ) { request throws(Problem) in
        var status: ApprovalStatus?
        if let text = request.http.queryValue("status") {
            guard let parsed = ApprovalStatus(rawValue: text) else { throw Problem.badRequest("unknown approval status `\(text)`") }
            status = parsed
        }
        let approvals: [ApprovalRecord]
        do {
            approvals = try await request.context.store.approvals(status: status)
        } catch {
            throw problem(from: error)
        }
        // Oldest first; the key orders by creation time, then id (times padded so text order works).
        func key(_ approval: ApprovalRecord) -> String {
            let milliseconds = String(Int64(approval.createdAt.timeIntervalSince1970 * 1000))
            return String(repeating: "0", count: max(0, 15 - milliseconds.count)) + milliseconds + ":" + approval.id
        }
        let page = try Paging.page(approvals.sorted { key($0) < key($1) }, request: request, key: key)
        return Paging.response(page.items.map(ApprovalDocuments.approval), next: page.next)
    }

    /// `GET /api/v1/approvals/{approvalId}`
    static let getApproval = APIOperation(
        "GET", "/api/v1/approvals/{approvalId}", operationId: "getApproval", summary: "Get an approval",
        tag: "approvals", scope: Scopes.approvalsRead,
        openAPI: [
            "parameters": [OpenAPISchemas.pathParameter("approvalId", "The approval's id.")],
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.reference("Approval"), "The approval.")], extra: ["404"]),
        ]
    ) { request throws(Problem) in
        let id = request.parameter("approvalId")
        let found: ApprovalRecord?
        do {
            found = try await request.context.store.approval(id: id)
        } catch {
            throw problem(from: error)
        }
        guard let found else { throw Problem.notFound("no approval `\(id)`") }
        return JSONResponse.make(200, ApprovalDocuments.approval(found))
    }
}
