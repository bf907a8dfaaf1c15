import Crypto
import HTTPServer
import Model

extension APIOperation {
    /// `GET /api/v1/sync/status`
    static let getSyncStatus = APIOperation(
        "GET", "/api/v1/sync/status", operationId: "getSyncStatus",
        summary: "The git reconciler's state: commits attempted and applied, per-file diagnostics, counts", tag: "sync",
        scope: Scopes.workflowsRead,
        openAPI: ["responses": OpenAPISchemas.withErrors(["200": OpenAPISchemas.json(["type": "object"], "The sync status."), "404": OpenAPISchemas.problemResponse])]
    ) { request throws(Problem) in
        guard let sync = request.context.sync else { throw SyncProblems.off(request) }
        return JSONResponse.make(200, await sync.status())
    }

    /// `POST /api/v1/sync`: reconcile now.
    static let triggerSync = APIOperation(
        "POST", "/api/v1/sync", operationId: "triggerSync", summary: "Reconcile with git now and return the result",
        tag: "sync", scope: Scopes.admin,
        openAPI: ["responses": OpenAPISchemas.withErrors(["200": OpenAPISchemas.json(["type": "object"], "The sync status."), "404": OpenAPISchemas.problemResponse])]
    ) { request throws(Problem) in
        guard let sync = request.context.sync else { throw SyncProblems.off(request) }
        return JSONResponse.make(200, await sync.syncNow())
    }

    /// `POST /api/v1/sync/hooks/git`: a push webhook, signed with `Git__WebhookSecret`
    /// (GitHub `X-Hub-Signature-256` or GitLab `X-Gitlab-Token`). No bearer token: the signature is the proof.
    static let gitPushHook = APIOperation(
        "POST", "/api/v1/sync/hooks/git", operationId: "receiveGitPush", summary: "Push webhook from a git host",
        tag: "sync", scope: nil,
        openAPI: [
            "responses": [
                "202": OpenAPISchemas.json(["type": "object"], "Accepted: a sync starts."),
                "401": OpenAPISchemas.problemResponse, "404": OpenAPISchemas.problemResponse,
            ]
        ]
    ) { request throws(Problem) in
        guard let sync = request.context.sync, let secret = sync.webhookSecret else {
            throw Problem.notFound("push webhooks are off: set Git__WebhookSecret")
        }
        let body = request.http.body
        var verified = false
        if let signature = request.http.headers["X-Hub-Signature-256"], signature.hasPrefix("sha256=") {
            let expected = "sha256=" + Digest.hmacSHA256Hex(key: Array(secret.utf8), message: body)
            verified = Digest.constantTimeEqual(Array(expected.utf8), Array(signature.lowercased().utf8))
        } else if let token = request.http.headers["X-Gitlab-Token"] {
            verified = Digest.constantTimeEqual(Array(token.utf8), Array(secret.utf8))
        }
        guard verified else {
            throw Problem(status: 401, title: "Unauthorized", detail: "the webhook signature does not match Git__WebhookSecret")
        }
        await sync.requestSync()
        return JSONResponse.make(202, ["status": "sync requested"])
    }
}

enum SyncProblems {
    static func off(_ request: APIRequest) -> Problem {
        Problem.notFound("definitions come from \(request.context.catalog.current.source), not from git: there is no sync")
    }
}
