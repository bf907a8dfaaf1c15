import Foundation
import Model
import Testing

@Suite(.serialized) struct ReadAPITests {
    @Test func definitionsCatalogAndOperations() async throws {
        let api = try await APIFixture()
        let token = try await api.token()
        let workflows = try await api.request("GET", "/api/v1/workflows", token: token)
        #expect(workflows.json?["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["gated", "greet"])
        let greet = try await api.request("GET", "/api/v1/workflows/greet", token: token)
        #expect(greet.json?["path"]?.stringValue?.hasSuffix("flows.yaml") == true)
        #expect(greet.json?["version"]?.stringValue?.hasPrefix("local:") == true)
        let versions = try await api.request("GET", "/api/v1/workflows/greet/versions", token: token)
        #expect(versions.json?["items"]?.arrayValue?.count == 1)
        let write = try await api.request("DELETE", "/api/v1/workflows/greet", token: token)
        #expect(write.status == 405)
        #expect(write.json?["detail"]?.stringValue?.contains("flows.yaml") == true)
        #expect(try await api.request("GET", "/api/v1/workflows/nope", token: token).status == 404)
        #expect(try await api.request("GET", "/api/v1/configurations/ada", token: token).json?["workflow"] == "greet")
        let schedule = try await api.request("GET", "/api/v1/schedules/hourly-greeting", token: token)
        #expect(schedule.json?["nextFireTimes"]?.arrayValue?.count == 5)
        #expect(try await api.request("GET", "/api/v1/actions/http.request", token: token).json?["inputSchema"]?["type"] == "object")
        #expect(try await api.request("GET", "/api/v1/actions/http.requst", token: token).json?["detail"]?.stringValue?.contains("did you mean") == true)
        #expect(try await api.request("GET", "/api/v1/connectors", token: token).status == 200)
        #expect(try await api.request("GET", "/healthz").status == 200)
        #expect(try await api.request("GET", "/readyz").status == 200)
        let metrics = try await api.request("GET", "/metrics")
        #expect(String(decoding: metrics.body, as: UTF8.self).contains("sovereign_http_requests_total"))
        #expect(try await api.request("GET", "/no/such/route").status == 404)
        await api.stop()
    }

    @Test func openAPIDocumentCoversEveryOperation() async throws {
        let api = try await APIFixture()
        let document = try await api.request("GET", "/swagger/v1/swagger.json")
        #expect(document.status == 200)
        let paths = try #require(document.json?["paths"]?.objectValue)
        for path in ["/api/v1/workflows/{workflowId}/execute", "/api/v1/executions/{executionId}", "/oauth/token", "/metrics"] {
            #expect(paths[path] != nil, "missing \(path)")
        }
        #expect(document.json?["openapi"] == "3.1.0")
        let ui = try await api.request("GET", "/swagger")
        #expect(String(decoding: ui.body, as: UTF8.self).contains("swagger-ui"))
        await api.stop()
        let hidden = try await APIFixture(extraSettings: ["Swagger__Enabled": "false"])
        #expect(try await hidden.request("GET", "/swagger").status == 404)
        #expect(try await hidden.request("GET", "/swagger/v1/swagger.json").status == 404)
        await hidden.stop()
    }
}
