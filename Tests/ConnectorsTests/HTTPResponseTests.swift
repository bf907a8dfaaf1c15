import Engine
import Foundation
import Model
import Testing

@testable import Connectors

@Suite("http.request: responses, failures and limits", .serialized)
struct HTTPResponseTests {
    let server: TestHTTPServer
    let action: HTTPRequestAction

    init() throws {
        server = try TestHTTPServer()
        action = try allowingAction()
    }

    private func get(_ path: String, _ extra: [String: JSONValue] = [:], deadline: Date? = nil) async -> Result<JSONValue, ActionFailure> {
        var input = extra
        input["url"] = .string(server.base + path)
        return await perform(action, .object(input), deadline: deadline)
    }

    // MARK: Decoding

    @Test func jsonResponseIsParsed() async throws {
        let output = try #require(await get("/json").output)
        #expect(output["status"] == 200)
        #expect(output["body"] == ["name": "sovereign", "items": [1, 2, 3], "nested": ["ok": true]])
        #expect(output[path: "headers", "content-type"] == "application/json")
        #expect(output["bodyEncoding"] == nil)
    }

    @Test func plusJSONIsParsed() async throws {
        #expect(await get("/problem").output?["body"] == ["title": "x"])
    }

    @Test func invalidJSONFallsBackToText() async throws {
        #expect(await get("/invalid-json").output?["body"] == "{not json")
    }

    @Test func textResponse() async throws {
        let output = try #require(await get("/text").output)
        #expect(output["body"] == "hello, world")
        #expect(output["url"] == .string(server.base + "/text"))
    }

    @Test func declaredCharsetIsHonoured() async throws {
        #expect(await get("/latin1").output?["body"] == "café")
    }

    @Test func binaryIsBase64() async throws {
        let output = try #require(await get("/binary").output)
        #expect(output["body"] == .string(Data([0xff, 0xfe, 0x00, 0x80]).base64EncodedString()))
        #expect(output["bodyEncoding"] == "base64")
    }

    @Test func headerNamesAreLowerCasedAndRepeatsJoined() async throws {
        let headers = try #require(await get("/multi-header").output?["headers"])
        #expect(headers["x-multi"] == "one, two")
        #expect(headers["x-upper-case"] == "Value")
        #expect(headers.objectValue?.keys.allSatisfy { $0 == $0.lowercased() } == true)
    }

    // MARK: failOn

    @Test("default failOn fails 4xx and 5xx; retryable only for 408, 429 and 5xx", arguments: [
        (400, false), (401, false), (403, false), (404, false), (408, true), (409, false), (422, false), (429, true),
        (500, true), (502, true), (503, true), (504, true),
    ])
    func defaultPolicy(status: Int, retryable: Bool) async throws {
        let failure = try #require(await get("/status/\(status)").failure)
        #expect(failure.code == "http_status")
        #expect(failure.retryable == retryable)
        #expect(failure.output?["status"] == .integer(Int64(status)))
        #expect(failure.output?[path: "body", "status"] == .integer(Int64(status)))
        #expect(failure.message.contains("\(status)"))
    }

    @Test func successAndRedirectStatusesDoNotFail() async throws {
        #expect(await get("/status/201").output?["status"] == 201)
        #expect(await get("/status/204").output?["status"] == 204)
        // 304 is not a redirect to follow.
        #expect(await get("/status/304").output?["status"] == 304)
    }

    @Test func serverErrorsOnlyPolicy() async throws {
        #expect(await get("/status/404", ["failOn": "5xx"]).output?["status"] == 404)
        #expect(await get("/status/429", ["failOn": "5xx"]).output?["status"] == 429)
        let failure = try #require(await get("/status/503", ["failOn": "5xx"]).failure)
        #expect(failure.code == "http_status")
        #expect(failure.retryable)
    }

    @Test func neverPolicy() async throws {
        #expect(await get("/status/500", ["failOn": "never"]).output?["status"] == 500)
        #expect(await get("/status/404", ["failOn": "never"]).output?[path: "body", "status"] == 404)
    }

    // MARK: Network failures, timeouts, cancellation

    @Test func connectionRefusedIsARetryableNetworkFailure() async throws {
        let closed = try TestHTTPServer()
        let port = closed.port
        closed.stop()
        let failure = try #require(await perform(action, ["url": .string("http://127.0.0.1:\(port)/")]).failure)
        #expect(failure.code == "network")
        #expect(failure.retryable)
    }

    // Timeouts are proved by behaviour: the slow route would answer 200 if the limit did not cut
    // it short. (No wall-clock bounds: the suite runs in parallel on a busy machine.)
    @Test func stepTimeout() async throws {
        let failure = try #require(await get("/slow?ms=3000", ["timeout": "300ms"]).failure)
        #expect(failure.code == "timeout")
        #expect(failure.retryable)
        #expect(failure.message.contains("300ms"))
    }

    @Test func invocationDeadlineShortensTheTimeout() async throws {
        let failure = try #require(await get("/slow?ms=3000", ["timeout": "1m"], deadline: Date().addingTimeInterval(0.3)).failure)
        #expect(failure.code == "timeout")
    }

    @Test func passedDeadlineFailsAtOnce() async throws {
        let failure = try #require(await get("/echo", deadline: Date().addingTimeInterval(-1)).failure)
        #expect(failure.code == "timeout")
    }

    @Test func defaultTimeoutFromSettings() async throws {
        let quick = HTTPRequestAction(
            settings: HTTPSettings(
                allowedPrivateTargets: try HTTPSettings.parseAllowList("127.0.0.1"), defaultTimeout: TimeSpan(milliseconds: 1_500)))
        let failure = try #require(await perform(quick, ["url": .string(server.base + "/slow?ms=6000")]).failure)
        #expect(failure.code == "timeout")
        #expect(await perform(quick, ["url": .string(server.base + "/echo")]).output?["status"] == 200)
    }

    @Test func slowButInTime() async throws {
        #expect(await get("/slow?ms=200", ["timeout": "60s"]).output?["status"] == 200)
    }

    @Test func cancellingTheTaskCancelsTheRequest() async throws {
        let action = self.action
        let url = server.base + "/slow?ms=5000"
        let task = Task { await perform(action, ["url": .string(url)]) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let failure = try #require(await task.value.failure)
        #expect(failure.code == "cancelled")
        #expect(failure.retryable == false)
    }

    @Test func alreadyCancelledTaskDoesNotSend() async throws {
        let action = self.action
        let url = server.base + "/echo"
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await perform(action, ["url": .string(url)])
        }
        #expect(await task.value.failure?.code == "cancelled")
    }

    // MARK: Size limit

    @Test func bodyAtTheLimitIsAccepted() async throws {
        let limited = try allowingAction(maximumResponseBytes: 1000)
        let output = await perform(limited, ["url": .string(server.base + "/large?bytes=1000")]).output
        #expect(output?["body"]?.stringValue?.count == 1000)
    }

    @Test("a body over the limit fails", arguments: ["/large?bytes=1001", "/large?bytes=5000000", "/stream?bytes=1001", "/stream?bytes=5000000"])
    func bodyOverTheLimit(path: String) async throws {
        let limited = try allowingAction(maximumResponseBytes: 1000)
        let failure = try #require(await perform(limited, ["url": .string(server.base + path)]).failure)
        #expect(failure.code == "response_too_large")
        #expect(failure.retryable == false)
        #expect(failure.message.contains("1000 bytes"))
    }

    @Test func defaultLimitAllowsMegabytes() async throws {
        let output = await get("/large?bytes=3000000").output
        #expect(output?["body"]?.stringValue?.utf8.count == 3_000_000)
    }
}
