/// A request handler: every request gets a response (there is no error path; answer 500 yourself).
public typealias HTTPHandler = @Sendable (HTTPRequest) async -> HTTPResponse

/// How an ``HTTPServer`` listens and what it accepts.
public struct HTTPServerConfiguration: Sendable {
    /// The address to bind: `"0.0.0.0"`, `"::"` (dual stack: IPv6 and IPv4) or any IPv4/IPv6 literal.
    public var address: String = "0.0.0.0"
    /// The TCP port; 0 picks a free one (read it back from ``HTTPServer/port``).
    public var port: Int = 5003
    /// The largest body accepted. A larger `Content-Length` gets 413 before the body is read; a chunked
    /// body that grows past it is discarded and answered with 413 at its end.
    public var maximumBodyBytes: Int = 1_048_576
    /// libmicrohttpd's per-connection memory (request line and headers must fit; beyond it: 431).
    /// It is zero-filled for every request, so keep it at 32 KB or less.
    public var connectionMemoryLimit: Int = 32_768
    /// Seconds an idle connection stays open.
    public var idleTimeoutSeconds: Int = 30
    /// The most connections open at once.
    public var connectionLimit: Int = 1_000
    /// Threads that run libmicrohttpd's event loops (handlers run on Swift's task pool instead).
    public var threadPoolSize: Int = 4
    /// How long ``HTTPServer/shutdown()`` waits for requests in flight before answering them 503.
    public var shutdownGraceSeconds: Double = 10

    /// The defaults: every interface on port 5003.
    public init() {}
}

/// Why the server could not start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for example `cannot bind 0.0.0.0:5003: address in use`.
    public let message: String
    /// The failing call, for example `bind`.
    public let call: String

    /// Creates an error.
    public init(message: String, call: String) {
        self.message = message
        self.call = call
    }

    /// The message.
    public var description: String { message }
}
