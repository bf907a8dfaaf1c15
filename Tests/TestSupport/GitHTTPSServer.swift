import Foundation

/// A real git smart-HTTP server over TLS on 127.0.0.1: Python's `http.server` behind `ssl`, running
/// `git http-backend` as CGI, answering 401 unless the request carries HTTP Basic credentials
/// `user:password`. Its certificate is signed by a private CA made for the test (`openssl req`),
/// which no system trusts: clients must be given `caCertificatePath`.
public final class GitHTTPSServer {
    /// The server's temporary folder (certificates, the bare repository, a work tree).
    public let folder: URL
    /// The PEM file of the private CA that signed the server's certificate.
    public let caCertificatePath: String
    /// The PEM file of a second CA that signed nothing here (a wrong trust setting).
    public let otherCACertificatePath: String
    /// The loopback port the server listens on.
    public let port: UInt16
    private let process: Process

    /// The repository's URL.
    public var url: String { "https://127.0.0.1:\(port)/repo.git" }

    /// Makes the CAs, the server certificate (for 127.0.0.1 and localhost) and an empty bare
    /// repository, then starts the server and waits until it accepts connections.
    public init(user: String, password: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-git-https-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("work"), withIntermediateDirectories: true)
        let path = folder.path
        caCertificatePath = path + "/ca.pem"
        otherCACertificatePath = path + "/other-ca.pem"
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Subprocess.text("/usr/bin/openssl", ["req", "-x509"] + curve + ["-keyout", path + "/ca.key", "-out", caCertificatePath, "-days", "2", "-subj", "/CN=Sovereign Test CA"])
        try Subprocess.text("/usr/bin/openssl", ["req", "-x509"] + curve + ["-keyout", path + "/other-ca.key", "-out", otherCACertificatePath, "-days", "2", "-subj", "/CN=Other Test CA"])
        try Subprocess.text("/usr/bin/openssl", ["req"] + curve + ["-keyout", path + "/server.key", "-out", path + "/server.csr", "-subj", "/CN=127.0.0.1"])
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\n".utf8).write(to: folder.appendingPathComponent("server.ext"))
        try Subprocess.text(
            "/usr/bin/openssl",
            ["x509", "-req", "-in", path + "/server.csr", "-CA", caCertificatePath, "-CAkey", path + "/ca.key", "-CAcreateserial",
             "-out", path + "/server.pem", "-days", "2", "-extfile", path + "/server.ext"])
        try Subprocess.text("/usr/bin/git", ["init", "-q", "--bare", "-b", "main", path + "/repo.git"])
        try Subprocess.text("/usr/bin/git", ["init", "-q", "-b", "main", path + "/work"])
        try Data(Self.script.utf8).write(to: folder.appendingPathComponent("server.py"))
        (process, port) = try LoopbackProcess.start(
            "/usr/bin/python3",
            arguments: { [path + "/server.py", path, "\(user):\(password)", path + "/server.pem", path + "/server.key", String($0)] },
            what: "the git HTTPS server")
    }

    /// Writes `files` (path → text) into the work tree, commits them and pushes to the served
    /// repository; returns the commit id.
    @discardableResult
    public func publish(_ files: [String: String], message: String) throws -> String {
        let work = folder.appendingPathComponent("work")
        for (name, text) in files {
            let file = work.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let identity = ["-C", work.path, "-c", "user.name=Ada", "-c", "user.email=ada@example.com"]
        try Subprocess.text("/usr/bin/git", identity + ["add", "-A"])
        try Subprocess.text("/usr/bin/git", identity + ["commit", "-q", "-m", message])
        try Subprocess.text("/usr/bin/git", identity + ["push", "-q", folder.path + "/repo.git", "main"])
        return try Subprocess.text("/usr/bin/git", identity + ["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every Authorization header the server received, in order ("none" when absent).
    public var authorizationHeaders: [String] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("authorization.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Kills the server and removes its folder.
    public func stop() {
        LoopbackProcess.stop(process)
        try? FileManager.default.removeItem(at: folder)
    }

    /// The server: HTTP/1.1 with keep-alive, TLS per connection, Basic auth, `git http-backend` as CGI.
    private static let script = #"""
        import base64, http.server, os, ssl, subprocess, sys
        root, credentials, certificate, key, port = sys.argv[1:6]
        expected = "Basic " + base64.b64encode(credentials.encode()).decode()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                self.serve()

            def do_POST(self):
                self.serve()

            def body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length", "0")))

            def reply(self, status, headers, content):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def serve(self):
                authorization = self.headers.get("Authorization", "none")
                with open(os.path.join(root, "authorization.log"), "a") as log:
                    log.write(authorization + "\n")
                body = self.body()
                if authorization != expected:
                    # No body: libgit2 1.5 misreads a 401's body on a kept-alive connection as the
                    # start of the next response ("http parser error").
                    self.reply(401, [("WWW-Authenticate", 'Basic realm="git"')], b"")
                    return
                path, _, query = self.path.partition("?")
                environment = dict(
                    os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL="1", PATH_INFO=path, QUERY_STRING=query,
                    REQUEST_METHOD=self.command, CONTENT_TYPE=self.headers.get("Content-Type", ""),
                    CONTENT_LENGTH=str(len(body)), REMOTE_USER="git", REMOTE_ADDR="127.0.0.1",
                    GIT_PROTOCOL=self.headers.get("Git-Protocol", ""))
                if self.headers.get("Content-Encoding"):
                    environment["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
                result = subprocess.run(["git", "http-backend"], input=body, env=environment, capture_output=True)
                head, separator, content = result.stdout.partition(b"\r\n\r\n")
                if not separator:
                    head, separator, content = result.stdout.partition(b"\n\n")
                status, headers = 200, []
                for line in head.decode().splitlines():
                    name, _, value = line.partition(":")
                    if name.lower() == "status":
                        status = int(value.split()[0])
                    elif name:
                        headers.append((name, value.strip()))
                self.reply(status, headers, content)

            def log_message(self, *arguments):
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def finish_request(self, request, address):
                self.RequestHandlerClass(context.wrap_socket(request, server_side=True), address, self)

        Server(("127.0.0.1", int(port)), Handler).serve_forever()
        """#
}
