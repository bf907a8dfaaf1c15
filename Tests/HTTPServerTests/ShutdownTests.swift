import Foundation
import HTTPServer
import Testing

@Suite struct ShutdownTests {
    private func gatedServer(
        entered: Gate, release: Gate, grace: Double = 30
    ) throws -> HTTPServer {
        try startServer({ $0.shutdownGraceSeconds = grace }) { router in
            router.add("GET", "/slow") { _ in
                await entered.open()
                await release.wait()
                return .text(200, "finished")
            }
            router.add("GET", "/hello") { _ in .text(200, "hello") }
        }
    }

    private func waitUntilRefusing(_ server: HTTPServer) async {
        while server.isRunning {
            await Task.yield()
            try? await Task.sleep(nanoseconds: 1_000_000)
        }
    }

    @Test func inFlightRequestFinishesAndNewConnectionsAreRefused() async throws {
        let entered = Gate()
        let release = Gate()
        let server = try gatedServer(entered: entered, release: release)
        let idle = try RawClient(port: server.port)
        try await idle.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
        #expect(try await idle.readResponse().text == "hello")

        let slow = try RawClient(port: server.port)
        try await slow.send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n")
        await entered.wait()
        let stopping = Task { await server.shutdown() }
        await waitUntilRefusing(server)

        #expect(throws: RawClient.Failure.self) { try RawClient(port: server.port) }
        // A new request on a connection that was already open is answered 503 and the connection closed.
        try await idle.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
        let refused = try await idle.readResponse()
        #expect(refused.status == 503)
        #expect(refused.header("Connection")?.lowercased() == "close")

        await release.open()
        let finished = try await slow.readResponse()
        #expect(finished.status == 200 && finished.text == "finished")
        #expect(finished.header("Connection")?.lowercased() == "close")
        await stopping.value
        #expect(!server.isRunning)
    }

    @Test func requestsStillRunningAfterTheGracePeriodGet503() async throws {
        let entered = Gate()
        let release = Gate()
        let server = try gatedServer(entered: entered, release: release, grace: 0.2)
        let slow = try RawClient(port: server.port)
        try await slow.send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n")
        await entered.wait()
        await server.shutdown()
        let response = try await slow.readResponse()
        #expect(response.status == 503)
        #expect(response.text.contains("shutting down"))
        await release.open()
    }

    @Test func shutdownTwiceAndDeinitAreSafe() async throws {
        let server = try gatedServer(entered: Gate(), release: Gate())
        async let first: Void = server.shutdown()
        async let second: Void = server.shutdown()
        _ = await (first, second)
        #expect(!server.isRunning)
        // A server that is never shut down stops when released.
        let entered = Gate()
        let release = Gate()
        var unreleased: HTTPServer? = try gatedServer(entered: entered, release: release)
        let client = try RawClient(port: unreleased!.port)
        try await client.send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n")
        await entered.wait()
        unreleased = nil
        #expect(try await client.readResponse().status == 503)
        await release.open()
    }
}
