import Foundation
import Git
import Testing

/// An HTTP server on the loopback that answers every request 401 and records the Authorization headers.
final class RejectingServer {
    private let process = Process()
    private let folder: String
    let port: Int

    /// Starts the server; it writes its port and the headers it sees into files under `folder`.
    init(folder: String) throws {
        self.folder = folder
        let script = """
            import http.server, os, sys
            folder = sys.argv[1]
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    with open(os.path.join(folder, "headers"), "a") as headers:
                        headers.write(self.headers.get("Authorization", "none") + "\\n")
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="git"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                def log_message(self, *arguments):
                    pass
            server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
            with open(os.path.join(folder, "port.partial"), "w") as port:
                port.write(str(server.server_address[1]))
            os.rename(os.path.join(folder, "port.partial"), os.path.join(folder, "port"))
            server.serve_forever()
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, folder]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var port: Int?
        // Waits for the port file (bounded; not a timing assertion).
        for _ in 0..<1_000 where port == nil {
            port = (try? String(contentsOfFile: folder + "/port", encoding: .utf8)).flatMap { Int($0) }
            if port == nil { usleep(10_000) }
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw FixtureError(command: "python3 http.server", output: "did not start")
        }
        self.port = port
    }

    /// Stops the server and returns the Authorization header of every request it answered.
    func stop() -> [String] {
        // SIGKILL: the test runner's children may inherit a signal mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let text = (try? String(contentsOfFile: folder + "/headers", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }
}

@Suite("Authentication", .serialized,
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
struct AuthenticationTests {
    @Test func rejectedTokenFailsOnceWithoutLeakingIt() throws {
        let fixture = try GitFixture()
        let server = try RejectingServer(folder: fixture.root)
        let url = "http://127.0.0.1:\(server.port)/team/repo.git"
        let mirror = try Mirror(path: fixture.mirrorPath(), url: url, credentials: .token("tok-s3cr3t-value"))
        let error = #expect(throws: GitError.self) { try mirror.fetch() }
        let headers = server.stop()
        #expect(error?.code == GitError.authenticationCode)
        #expect(error?.message.contains("rejected the credentials") == true)
        #expect(error.map { String(describing: $0) }?.contains("s3cr3t") == false)
        let expected = "Basic " + Data("x-access-token:tok-s3cr3t-value".utf8).base64EncodedString()
        #expect(headers.filter { $0 == expected }.count == 1)
        #expect(headers.count <= 3)
    }

    @Test func rejectedURLUserInfoDoesNotLeak() throws {
        let fixture = try GitFixture()
        let server = try RejectingServer(folder: fixture.root)
        let url = "http://alice:url-s3cr3t@127.0.0.1:\(server.port)/team/repo.git"
        let mirror = try Mirror(path: fixture.mirrorPath(), url: url)
        let error = #expect(throws: GitError.self) { try mirror.fetch() }
        let headers = server.stop()
        let text = error.map { String(describing: $0) } ?? ""
        #expect(!text.isEmpty)
        #expect(!text.contains("s3cr3t"))
        #expect(headers.count <= 4)
    }
}
