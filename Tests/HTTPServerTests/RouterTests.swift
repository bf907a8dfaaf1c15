import HTTPServer
import Testing

@Suite struct RouterTests {
    private func route(_ router: Router, _ method: String, _ path: String) -> (pattern: String, [String: String])? {
        if case .found(_, let parameters, let pattern) = router.match(method: method, path: path) {
            return (pattern, parameters)
        }
        return nil
    }

    private var router: Router {
        var router = Router()
        let ok: HTTPHandler = { _ in .text(200, "ok") }
        router.add("GET", "/api/v1/workflows", ok)
        router.add("GET", "/api/v1/workflows/{workflowId}", ok)
        router.add("post", "/api/v1/workflows/{workflowId}/execute", ok)
        router.add("GET", "/api/v1/executions/{executionId}/steps/{stepId}", ok)
        router.add("GET", "/api/v1/executions/{executionId}", ok)
        router.add("GET", "/api/v1/executions/stats", ok)
        router.add("DELETE", "/api/v1/executions/{executionId}", ok)
        router.add("GET", "/", ok)
        return router
    }

    @Test func capturesParameters() throws {
        let found = try #require(route(router, "POST", "/api/v1/workflows/release-checklist/execute"))
        #expect(found.pattern == "/api/v1/workflows/{workflowId}/execute")
        #expect(found.1 == ["workflowId": "release-checklist"])
        let step = try #require(route(router, "get", "/api/v1/executions/e1/steps/s2"))
        #expect(step.1 == ["executionId": "e1", "stepId": "s2"])
        #expect(route(router, "GET", "/")?.pattern == "/")
    }

    @Test func literalSegmentsWinOverParameters() {
        #expect(route(router, "GET", "/api/v1/executions/stats")?.pattern == "/api/v1/executions/stats")
        #expect(route(router, "GET", "/api/v1/executions/other")?.pattern == "/api/v1/executions/{executionId}")
    }

    @Test func notFoundAndMethodNotAllowed() {
        guard case .notFound = router.match(method: "GET", path: "/api/v1/nothing") else {
            Issue.record("expected notFound")
            return
        }
        guard case .notFound = router.match(method: "GET", path: "/api/v1/workflows/") else {
            Issue.record("an empty segment does not fill a parameter; a trailing slash matters")
            return
        }
        guard case .methodNotAllowed(let allowed) = router.match(method: "PUT", path: "/api/v1/executions/e1") else {
            Issue.record("expected methodNotAllowed")
            return
        }
        #expect(allowed == ["DELETE", "GET", "HEAD"])
    }

    @Test func headFallsBackToGet() {
        #expect(route(router, "HEAD", "/api/v1/workflows")?.pattern == "/api/v1/workflows")
    }

    @Test func handleDecodesSegmentsOneByOne() async {
        var router = Router()
        router.add("GET", "/items/{id}/raw") { request in .text(200, request.pathParameters["id"] ?? "-") }
        let request = HTTPRequest(method: "GET", path: "/items/a/b c/raw", rawPath: "/items/a%2Fb%20c/raw?x=1")
        let response = await router.handle(request)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "a/b c")
        let malformed = await router.handle(HTTPRequest(method: "GET", path: "?", rawPath: "/items/%zz/raw"))
        #expect(malformed.status == 400)
        let notAllowed = await router.handle(HTTPRequest(method: "POST", path: "/items/a/raw", rawPath: "/items/a/raw"))
        #expect(notAllowed.status == 405)
        #expect(notAllowed.headers["allow"] == "GET, HEAD")
        #expect(notAllowed.headers["Content-Type"] == "application/problem+json")
    }
}
