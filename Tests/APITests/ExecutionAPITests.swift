import Foundation
import Model
import Testing

@Suite(.serialized) struct ExecutionAPITests {
    @Test func executeReturns202WithLocationAndTheExecutionCompletes() async throws {
        let api = try await APIFixture()
        let token = try await api.token()
        let accepted = try await api.request("POST", "/api/v1/workflows/greet/execute", token: token, json: ["trigger": ["name": "Ada"]])
        #expect(accepted.status == 202)
        let id = try #require(accepted.json?["executionId"]?.stringValue)
        #expect(accepted.json?["status"] == "Queued")
        #expect(accepted.header("Location") == "/api/v1/executions/\(id)")
        let document = try await api.execution(id, token: token, until: ["Succeeded"])
        #expect(document["outputs"]?["greeting"] == "Hello, Ada")
        #expect(document["steps"]?.arrayValue?.first?["id"] == "hello")
        let step = try await api.request("GET", "/api/v1/executions/\(id)/steps/hello", token: token)
        #expect(step.status == 200)
        #expect(step.json?["attemptHistory"]?.arrayValue?.count == 1)
        #expect(try await api.request("GET", "/api/v1/executions/\(id)/steps/nope", token: token).status == 404)
        #expect(try await api.request("GET", "/api/v1/executions/does-not-exist", token: token).status == 404)
        await api.stop()
    }

    @Test func invalidTriggersAre422WithEachFieldError() async throws {
        let api = try await APIFixture()
        let token = try await api.token()
        let reply = try await api.request("POST", "/api/v1/workflows/greet/execute", token: token, json: ["trigger": ["name": 42]])
        #expect(reply.status == 422)
        #expect(reply.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        #expect(reply.json?["errors"]?.arrayValue?.first?.stringValue?.contains("name") == true)
        #expect(try await api.request("POST", "/api/v1/workflows/greet/execute", token: token, body: Data("{oops".utf8)).status == 400)
        #expect(try await api.request("POST", "/api/v1/workflows/missing/execute", token: token, json: [:]).status == 404)
        let configured = try await api.request("POST", "/api/v1/workflows/greet/execute", token: token, json: ["configuration": "ada"])
        #expect(configured.status == 202)
        await api.stop()
    }

    @Test func idempotencyKeys() async throws {
        let api = try await APIFixture()
        let token = try await api.token()
        let body: JSONValue = ["trigger": ["name": "Grace"]]
        let first = try await api.request("POST", "/api/v1/workflows/greet/execute", token: token, json: body, headers: ["Idempotency-Key": "abc-123"])
        let again = try await api.request("POST", "/api/v1/workflows/greet/execute", token: token, json: body, headers: ["Idempotency-Key": "abc-123"])
        #expect(first.status == 202 && again.status == 202)
        #expect(first.json?["executionId"] == again.json?["executionId"])
        let other = try await api.request(
            "POST", "/api/v1/workflows/greet/execute", token: token, json: ["trigger": ["name": "Linus"]], headers: ["Idempotency-Key": "abc-123"])
        #expect(other.status == 422)
        await api.stop()
    }

    @Test func listingFiltersAndPages() async throws {
        let api = try await APIFixture()
        let token = try await api.token()
        var ids: Set<String> = []
        for number in 0..<5 {
            let reply = try await api.request("POST", "/api/v1/workflows/greet/execute", token: token, json: ["trigger": ["name": .string("n\(number)")]])
            ids.insert(try #require(reply.json?["executionId"]?.stringValue))
        }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let path = "/api/v1/executions?workflowId=greet&limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try await api.request("GET", path, token: token)
            #expect(page.status == 200)
            let items = page.json?["items"]?.arrayValue ?? []
            #expect(items.count <= 2)
            seen += items.compactMap { $0["id"]?.stringValue }
            cursor = page.json?["nextCursor"]?.stringValue
        } while cursor != nil
        #expect(Set(seen) == ids)
        #expect(seen.count == 5)
        #expect(try await api.request("GET", "/api/v1/executions?status=Nope", token: token).status == 400)
        #expect(try await api.request("GET", "/api/v1/executions?limit=0", token: token).status == 400)
        #expect(try await api.request("GET", "/api/v1/executions?cursor=garbage", token: token).status == 400)
        await api.stop()
    }

    @Test func cancelAndApprovals() async throws {
        let api = try await APIFixture()
        let token = try await api.token()
        let started = try await api.request("POST", "/api/v1/workflows/gated/execute", token: token, json: [:])
        let id = try #require(started.json?["executionId"]?.stringValue)
        _ = try await api.execution(id, token: token, until: ["Waiting"])
        let cancelled = try await api.request("POST", "/api/v1/executions/\(id)/cancel", token: token)
        #expect(cancelled.status == 200)
        #expect(cancelled.json?["status"] == "Cancelled")
        #expect(try await api.request("POST", "/api/v1/executions/\(id)/cancel", token: token).status == 409)

        let second = try await api.request("POST", "/api/v1/workflows/gated/execute", token: token, json: [:])
        let secondId = try #require(second.json?["executionId"]?.stringValue)
        _ = try await api.execution(secondId, token: token, until: ["Waiting"])
        let pending = try await api.request("GET", "/api/v1/approvals?status=Pending", token: token)
        let approval = try #require(pending.json?["items"]?.arrayValue?.first { $0["executionId"]?.stringValue == secondId })
        let approvalId = try #require(approval["id"]?.stringValue)
        let approved = try await api.request("POST", "/api/v1/approvals/\(approvalId)/approve", token: token, json: ["comment": "ship it"])
        #expect(approved.status == 200)
        #expect(approved.json?["status"] == "Approved")
        #expect(try await api.request("POST", "/api/v1/approvals/\(approvalId)/reject", token: token).status == 409)
        _ = try await api.execution(secondId, token: token, until: ["Succeeded"])
        await api.stop()
    }
}
