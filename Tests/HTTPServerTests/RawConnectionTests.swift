import Foundation
import HTTPServer
import Testing

/// Behaviour that needs exact bytes on one TCP connection.
@Suite struct RawConnectionTests {
    private func limitedServer(calls: Counter = Counter()) throws -> HTTPServer {
        try startServer({ $0.maximumBodyBytes = 1_000 }) { router in
            router.add("POST", "/echo") { request in
                await calls.increment()
                return HTTPResponse(status: 200, body: request.body)
            }
            router.add("GET", "/hello") { _ in .text(200, "hello") }
        }
    }

    @Test func keepAliveServesTwoRequestsOnOneConnection() async throws {
        let server = try limitedServer()
        let client = try RawClient(port: server.port)
        try await client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
        let first = try await client.readResponse()
        try await client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nabcde")
        let second = try await client.readResponse()
        #expect(first.status == 200 && first.text == "hello")
        #expect(second.status == 200 && second.text == "abcde")
        // Pipelined: both requests sent before reading.
        try await client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\nGET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
        #expect(try await client.readResponse().text == "hello")
        #expect(try await client.readResponse().text == "hello")
        await server.shutdown()
    }

    @Test func tooLargeContentLengthIsRefusedBeforeTheBodyIsSent() async throws {
        let calls = Counter()
        let server = try limitedServer(calls: calls)
        let client = try RawClient(port: server.port)
        try await client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 50000000\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 413)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.text.contains(#""status":413"#))
        #expect(response.text.contains("over the 1000-byte limit"))
        #expect(await client.isClosedByServer())
        #expect(await calls.value == 0)
        await server.shutdown()
    }

    @Test func tooLargeContentLengthWithExpectContinueGetsNoContinue() async throws {
        let server = try limitedServer()
        let client = try RawClient(port: server.port)
        try await client.send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 1001\r\n\r\n")
        #expect(try await client.readResponse().status == 413)
        await server.shutdown()
    }

    @Test func exactlyTheLimitWithExpectContinueIsAccepted() async throws {
        let server = try limitedServer()
        let client = try RawClient(port: server.port)
        try await client.send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n")
        #expect(try await client.readResponse(bodyExpected: false).status == 100)
        try await client.send(String(repeating: "x", count: 1_000))
        let response = try await client.readResponse()
        #expect(response.status == 200 && response.body.count == 1_000)
        await server.shutdown()
    }

    @Test func oversizedChunkedBodyIsDiscardedAndAnswered413() async throws {
        let calls = Counter()
        let server = try limitedServer(calls: calls)
        let client = try RawClient(port: server.port)
        let chunk = String(repeating: "y", count: 400)
        var request = "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
        for _ in 0..<5 {
            request += "190\r\n\(chunk)\r\n"
        }
        request += "0\r\n\r\n"
        try await client.send(request)
        let response = try await client.readResponse()
        #expect(response.status == 413)
        #expect(response.text.contains("over the 1000-byte limit"))
        #expect(await calls.value == 0)
        await server.shutdown()
    }

    @Test func chunkedBodyWithinTheLimitArrives() async throws {
        let server = try limitedServer()
        let client = try RawClient(port: server.port)
        try await client.send(
            "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 200 && response.text == "abcdefg")
        await server.shutdown()
    }

    @Test func oversizedHeadersGet431() async throws {
        let server = try limitedServer()
        let client = try RawClient(port: server.port)
        let huge = String(repeating: "z", count: 40_000)
        try await client.send("GET /hello HTTP/1.1\r\nHost: test\r\nX-Huge: \(huge)\r\n\r\n")
        #expect(try await client.readResponse().status == 431)
        await server.shutdown()
    }

    @Test func malformedPercentEncodingIs400() async throws {
        let server = try limitedServer()
        let client = try RawClient(port: server.port)
        try await client.send("GET /hello%zz HTTP/1.1\r\nHost: test\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == "application/problem+json")
        await server.shutdown()
    }

    @Test func aClientThatLeavesDuringTheResponseDoesNotHurtTheServer() async throws {
        let server = try startServer { router in
            router.add("GET", "/large") { _ in HTTPResponse(status: 200, body: [UInt8](repeating: 65, count: 8_000_000)) }
            router.add("GET", "/hello") { _ in .text(200, "hello") }
        }
        let leaving = try RawClient(port: server.port)
        try await leaving.send("GET /large HTTP/1.1\r\nHost: test\r\n\r\n")
        #expect(try await leaving.readResponse(bodyExpected: false).status == 200)
        // The server is still writing the body when the client goes. libmicrohttpd closes on the error
        // event and sends with MSG_NOSIGNAL (seen with strace), so no SIGPIPE can kill the process.
        leaving.leave()
        let client = try RawClient(port: server.port)
        for _ in 0..<3 {
            try await client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
            #expect(try await client.readResponse().text == "hello")
        }
        await server.shutdown()
    }
}
