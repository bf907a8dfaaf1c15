import Engine
import Foundation
import Model
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@testable import Connectors

@Suite("http.request: requests and redirects", .serialized)
struct HTTPRequestTests {
    let server: TestHTTPServer
    let action: HTTPRequestAction

    init() throws {
        server = try TestHTTPServer()
        action = try allowingAction()
    }

    private func echo(_ input: [String: JSONValue], path: String = "/echo") async throws -> JSONValue {
        var input = input
        if input["url"] == nil { input["url"] = .string(server.base + path) }
        let result = await perform(action, .object(input))
        return try #require(result.output?["body"], "\(result)")
    }

    @Test func jsonBody() async throws {
        let body = try await echo(["method": "POST", "body": ["name": "Ada", "tags": ["a", "b"], "count": 2]])
        #expect(body["method"] == "POST")
        #expect(body[path: "headers", "content-type"] == "application/json")
        #expect(body["body"] == #"{"count":2,"name":"Ada","tags":["a","b"]}"#)
    }

    @Test func arrayBodyIsJSON() async throws {
        let body = try await echo(["method": "PUT", "body": [1, 2, 3]])
        #expect(body["method"] == "PUT")
        #expect(body["body"] == "[1,2,3]")
        #expect(body[path: "headers", "content-type"] == "application/json")
    }

    @Test func textBody() async throws {
        let body = try await echo(["method": "POST", "body": "plain text, é"])
        #expect(body["body"] == "plain text, é")
        #expect(body[path: "headers", "content-type"] == "text/plain; charset=utf-8")
    }

    @Test func explicitContentTypeWins() async throws {
        let body = try await echo([
            "method": "PATCH", "body": ["op": "add"], "headers": ["content-type": "application/merge-patch+json"],
        ])
        #expect(body[path: "headers", "content-type"] == "application/merge-patch+json")
        #expect(body["method"] == "PATCH")
    }

    @Test func formBody() async throws {
        let body = try await echo(["method": "POST", "form": ["name": "Ada Lovelace", "sum": "1+1=2&", "n": 3, "ok": true]])
        #expect(body[path: "headers", "content-type"] == "application/x-www-form-urlencoded")
        #expect(body["body"] == "n=3&name=Ada+Lovelace&ok=true&sum=1%2B1%3D2%26")
    }

    @Test func bodyAndFormTogetherAreInvalid() async throws {
        let failure = try #require(
            await perform(action, ["url": .string(server.base + "/echo"), "body": "x", "form": ["a": "b"]]).failure)
        #expect(failure.code == "invalid_input")
        #expect(failure.retryable == false)
    }

    @Test func queryIsMergedAndEncoded() async throws {
        let body = try await echo(
            ["query": ["q": "a b&c=d/é", "page": 2, "flag": false, "plus": "1+1"]], path: "/echo?existing=1&x=%2F")
        #expect(body["query"] == "existing=1&x=%2F&flag=false&page=2&plus=1%2B1&q=a%20b%26c%3Dd%2F%C3%A9")
    }

    @Test func headersAndUserAgent() async throws {
        let body = try await echo(["headers": ["X-Request-Id": "abc-123", "Accept": "application/json"]])
        #expect(body[path: "headers", "x-request-id"] == "abc-123")
        #expect(body[path: "headers", "accept"] == "application/json")
        #expect(body[path: "headers", "user-agent"] == "sovereign/9.9.9")
        let custom = try await echo(["headers": ["User-Agent": "custom/1"]])
        #expect(custom[path: "headers", "user-agent"] == "custom/1")
    }

    @Test("header injection is refused", arguments: ["a\r\nX-Evil: 1", "a\nb", "a\0b"])
    func headerInjection(value: String) async throws {
        let failure = try #require(
            await perform(action, ["url": .string(server.base + "/echo"), "headers": ["X-Test": .string(value)]]).failure)
        #expect(failure.code == "invalid_input")
        #expect(!failure.message.contains(value))
    }

    @Test("methods", arguments: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "delete"])
    func methods(method: String) async throws {
        let body = try await echo(["method": .string(method)])
        #expect(body["method"] == .string(method.uppercased()))
    }

    @Test func headHasNoBody() async throws {
        let result = await perform(action, ["url": .string(server.base + "/text"), "method": "HEAD"])
        let output = try #require(result.output, "\(result)")
        #expect(output["status"] == 200)
        #expect(output["body"] == "")
    }

    @Test func invalidInputs() async throws {
        let inputs: [JSONValue] = [
            "not an object", ["url": "not a url"], ["url": .string(server.base), "method": "TRACE"],
            ["url": .string(server.base), "timeout": "soon"], ["url": .string(server.base), "maxRedirects": 21],
            ["url": .string(server.base), "failOn": "4xx"], ["url": .string(server.base), "query": ["a": ["b"]]],
            ["url": .string(server.base), "headers": ["a": 1]],
        ]
        for input in inputs {
            let failure = try #require(await perform(action, input).failure)
            #expect(failure.code == "invalid_input", "\(input)")
        }
    }

    // MARK: Redirects

    @Test func followsRedirectsAndReportsFinalURL() async throws {
        let result = await perform(action, ["url": .string(server.base + "/redirect/3?keep=1")])
        let output = try #require(result.output, "\(result)")
        #expect(output["status"] == 200)
        #expect(output["url"] == .string(server.base + "/echo?keep=1"))
        #expect(output[path: "body", "query"] == "keep=1")
    }

    @Test func redirectLimit() async throws {
        let exact = await perform(action, ["url": .string(server.base + "/redirect/2"), "maxRedirects": 2])
        #expect(exact.output?["status"] == 200)
        let failure = try #require(
            await perform(action, ["url": .string(server.base + "/redirect/3"), "maxRedirects": 2]).failure)
        #expect(failure.code == "too_many_redirects")
        #expect(failure.retryable == false)
        #expect(failure.output?["status"] == 302)
        let none = try #require(await perform(action, ["url": .string(server.base + "/redirect/1"), "maxRedirects": 0]).failure)
        #expect(none.code == "too_many_redirects")
        let defaultLimit = try #require(await perform(action, ["url": .string(server.base + "/redirect/6")]).failure)
        #expect(defaultLimit.code == "too_many_redirects")
        #expect(await perform(action, ["url": .string(server.base + "/redirect/5")]).output?["status"] == 200)
    }

    @Test("303 turns POST into GET without a body; 307 and 308 keep both", arguments: [
        (303, "GET", ""), (302, "GET", ""), (301, "GET", ""), (307, "POST", "{\"a\":1}"), (308, "POST", "{\"a\":1}"),
    ])
    func redirectMethods(code: Int, method: String, body: String) async throws {
        let result = await perform(
            action, ["url": .string(server.base + "/redirect/1?code=\(code)"), "method": "POST", "body": ["a": 1]])
        let echoed = try #require(result.output?["body"], "\(result)")
        #expect(echoed["method"] == .string(method))
        #expect(echoed["body"] == .string(body))
        #expect((echoed[path: "headers", "content-type"] == nil) == (method == "GET"))
    }

    @Test func putKeepsMethodOn302ButNotOn303() async throws {
        let kept = await perform(action, ["url": .string(server.base + "/redirect/1?code=302"), "method": "PUT", "body": "x"])
        #expect(kept.output?[path: "body", "method"] == "PUT")
        let changed = await perform(action, ["url": .string(server.base + "/redirect/1?code=303"), "method": "PUT", "body": "x"])
        #expect(changed.output?[path: "body", "method"] == "GET")
    }

    @Test func authorizationIsKeptOnSameOriginRedirects() async throws {
        let result = await perform(
            action, ["url": .string(server.base + "/redirect/2"), "headers": ["Authorization": "Bearer secret", "Cookie": "a=b"]])
        #expect(result.output?[path: "body", "headers", "authorization"] == "Bearer secret")
        #expect(result.output?[path: "body", "headers", "cookie"] == "a=b")
    }

    @Test func credentialsAreDroppedOnCrossOriginRedirects() async throws {
        let other = try TestHTTPServer()
        defer { other.stop() }
        let target = HTTPRequestPlan.percentEncoded(other.base + "/echo", space: "%20")
        let result = await perform(
            action,
            [
                "url": .string(server.base + "/redirect-to?code=307&url=\(target)"),
                "headers": ["Authorization": "Bearer secret", "Cookie": "session=1", "X-Other": "kept"],
            ])
        let headers = try #require(result.output?[path: "body", "headers"], "\(result)")
        #expect(headers["authorization"] == nil)
        #expect(headers["cookie"] == nil)
        #expect(headers["x-other"] == "kept")
        #expect(result.output?["url"] == .string(other.base + "/echo"))
    }

    @Test func failureMessagesHideCredentials() async throws {
        let result = await perform(
            action,
            [
                "url": .string("http://user:hunter2@127.0.0.1:\(server.port)/status/500"),
                "headers": ["Authorization": "Bearer secret-token", "Cookie": "session=secret-cookie"],
            ])
        let failure = try #require(result.failure)
        #expect(failure.code == "http_status")
        for secret in ["hunter2", "secret-token", "secret-cookie"] {
            #expect(!failure.message.contains(secret))
            #expect(!(failure.output?.jsonText.contains(secret) ?? false))
        }
    }
}

@Suite("Request building")
struct RequestBuildingTests {
    @Test func plainHTTPIsPinnedToTheCheckedAddress() throws {
        let plan = try HTTPRequestPlan(input: ["url": "http://example.com:8080/a/b?c=d"])
        let request = plan.urlRequest(pinnedAddress: IPAddress(numericText: "2001:db8::1"), timeoutSeconds: 5, userAgent: "ua")
        #expect(request.url?.absoluteString == "http://[2001:db8::1]:8080/a/b?c=d")
        #expect(request.value(forHTTPHeaderField: "Host") == "example.com:8080")
        let version4 = plan.urlRequest(pinnedAddress: IPAddress(numericText: "93.184.216.34"), timeoutSeconds: 5, userAgent: "ua")
        #expect(version4.url?.absoluteString == "http://93.184.216.34:8080/a/b?c=d")
    }

    @Test func httpsKeepsTheNameForTLS() throws {
        let plan = try HTTPRequestPlan(input: ["url": "https://example.com/x"])
        let request = plan.urlRequest(pinnedAddress: IPAddress(numericText: "93.184.216.34"), timeoutSeconds: 5, userAgent: "ua")
        #expect(request.url?.absoluteString == "https://example.com/x")
        #expect(request.value(forHTTPHeaderField: "Host") == nil)
        #expect(request.value(forHTTPHeaderField: "User-Agent") == "ua")
    }

    @Test func crossOriginMeansSchemeHostOrPort() throws {
        let headers: JSONValue = ["Authorization": "Bearer x"]
        for (target, kept) in [
            ("http://a.example/other", true), ("http://a.example:80/x", true), ("https://a.example/x", false),
            ("http://b.example/x", false), ("http://a.example:8080/x", false),
        ] {
            var plan = try HTTPRequestPlan(input: ["url": "http://a.example/start", "headers": headers])
            plan.followRedirect(to: URL(string: target)!, status: 307)
            #expect((plan.header("authorization") != nil) == kept, "\(target)")
        }
    }
}
