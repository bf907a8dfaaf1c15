import Foundation
import HTTPServer
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct ServerTests {
    /// Describes what the handler saw, one fact a line.
    private static let echo: HTTPHandler = { request in
        var lines = ["method=\(request.method)", "path=\(request.path)", "raw=\(request.rawPath)"]
        lines += request.query.map { "query \($0.name)=\($0.value)" }
        lines += request.pathParameters.sorted { $0.key < $1.key }.map { "parameter \($0.key)=\($0.value)" }
        lines.append("x-custom=\(request.headers["x-CUSTOM-header"] ?? "-")")
        lines.append("remote=\(request.remoteAddress ?? "-")")
        lines.append("body=\(request.body.count)")
        return .text(200, lines.joined(separator: "\n"))
    }

    private func echoServer(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws -> HTTPServer {
        try startServer(configure) { router in
            router.add("GET", "/api/v1/workflows/{workflowId}", Self.echo)
            router.add("POST", "/api/v1/workflows/{workflowId}/execute", Self.echo)
            router.add("DELETE", "/api/v1/workflows/{workflowId}", Self.echo)
            router.add("GET", "/fixed") { _ in .text(200, "a fixed text of some length") }
            router.add("POST", "/echo") { request in
                HTTPResponse(status: 201, headers: ["Content-Type": "application/octet-stream"], body: request.body)
            }
        }
    }

    @Test func portZeroBindsAFreePort() async throws {
        let first = try echoServer()
        let second = try echoServer()
        #expect(first.port > 0 && second.port > 0 && first.port != second.port)
        await first.shutdown()
        await second.shutdown()
    }

    @Test func bindingAPortInUseFailsWithAClearError() async throws {
        let server = try echoServer()
        #expect {
            try echoServer { $0.port = server.port }
        } throws: { error in
            let serverError = error as? HTTPServerError
            return serverError?.call == "bind" && serverError?.message == "cannot bind 127.0.0.1:\(server.port): address in use"
        }
        await server.shutdown()
    }

    @Test func routesWithParametersQueryAndHeaders() async throws {
        let server = try echoServer()
        let fetched = try await fetch(
            server, "/api/v1/workflows/release%20checklist?limit=10&name=a+b%26c&flag&limit=20",
            headers: ["X-Custom-Header": "Value 1"])
        #expect(fetched.status == 200)
        let lines = fetched.text.split(separator: "\n").map(String.init)
        #expect(lines.contains("method=GET"))
        #expect(lines.contains("path=/api/v1/workflows/release checklist"))
        #expect(lines.contains("raw=/api/v1/workflows/release%20checklist?limit=10&name=a+b%26c&flag&limit=20"))
        #expect(
            lines.filter { $0.hasPrefix("query ") }
                == ["query limit=10", "query name=a b&c", "query flag=", "query limit=20"])
        #expect(lines.contains("parameter workflowId=release checklist"))
        #expect(lines.contains("x-custom=Value 1"))
        #expect(lines.contains("remote=127.0.0.1"))
        await server.shutdown()
    }

    @Test func everyResponseHasDateContentLengthAndServer() async throws {
        let server = try echoServer()
        let fetched = try await fetch(server, "/api/v1/workflows/a")
        #expect(fetched.header("Date")?.hasSuffix(" GMT") == true)
        #expect(fetched.header("Content-Length") == String(fetched.body.count))
        #expect(fetched.header("Server") == "sovereign")
        #expect(fetched.header("Content-Type") == "text/plain; charset=utf-8")
        await server.shutdown()
    }

    @Test func notFoundAndMethodNotAllowedAreProblemDocuments() async throws {
        let server = try echoServer()
        let missing = try await fetch(server, "/nothing/here")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "application/problem+json")
        #expect(missing.text.hasPrefix(#"{"type":"about:blank","title":"Not Found","status":404,"#))
        let notAllowed = try await fetch(server, "/api/v1/workflows/a", method: "PUT", body: Data("x".utf8))
        #expect(notAllowed.status == 405)
        #expect(notAllowed.header("Allow") == "DELETE, GET, HEAD")
        #expect(notAllowed.text.contains(#""status":405"#))
        await server.shutdown()
    }

    @Test func headAnswersLikeGetWithoutABody() async throws {
        let server = try echoServer()
        let get = try await fetch(server, "/fixed")
        let head = try await fetch(server, "/fixed", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(get.body.count == 27)
        #expect(head.header("Content-Length") == "27")
        await server.shutdown()
    }

    @Test(arguments: [0, 1, 1_000, 65_537, 100_000])
    func postBodiesUpToTheLimitArrive(size: Int) async throws {
        let server = try echoServer { $0.maximumBodyBytes = 100_000 }
        let body = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let fetched = try await fetch(server, "/echo", method: "POST", body: body)
        #expect(fetched.status == 201)
        #expect(fetched.body == body)
        await server.shutdown()
    }

    @Test func aBodyOneByteOverTheLimitIsRefused() async throws {
        let server = try echoServer { $0.maximumBodyBytes = 100_000 }
        let fetched = try await fetch(server, "/echo", method: "POST", body: Data(count: 100_001))
        #expect(fetched.status == 413)
        #expect(fetched.header("Content-Type") == "application/problem+json")
        #expect(
            fetched.text
                == #"{"type":"about:blank","title":"Content Too Large","status":413,"detail":"the request body is over the 100000-byte limit"}"#
        )
        await server.shutdown()
    }

    @Test func hundredRequestsInParallel() async throws {
        let server = try startServer { router in
            router.add("GET", "/items/{id}") { request in
                await Task.yield()
                return .text(200, "item \(request.pathParameters["id"] ?? "?")")
            }
        }
        let texts = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<100 {
                group.addTask { (index, try await fetch(server, "/items/\(index)").text) }
            }
            var texts: [Int: String] = [:]
            for try await (index, text) in group {
                texts[index] = text
            }
            return texts
        }
        #expect(texts.count == 100)
        #expect((0..<100).allSatisfy { texts[$0] == "item \($0)" })
        await server.shutdown()
    }

    @Test func aSlowHandlerDoesNotBlockOthers() async throws {
        let entered = Gate()
        let release = Gate()
        // One MHD thread: if a handler blocked it, the fast request could not be answered.
        let server = try startServer({ $0.threadPoolSize = 1 }) { router in
            router.add("GET", "/slow") { _ in
                await entered.open()
                await release.wait()
                return .text(200, "slow")
            }
            router.add("GET", "/fast") { _ in .text(200, "fast") }
        }
        let slow = Task { try await fetch(server, "/slow") }
        await entered.wait()
        let fast = try await fetch(server, "/fast")
        #expect(fast.text == "fast")
        await release.open()
        #expect(try await slow.value.text == "slow")
        await server.shutdown()
    }
}
