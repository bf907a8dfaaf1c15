import CMicroHTTPD
import Foundation

/// An HTTP/1.1 server on libmicrohttpd: an internal polling thread with epoll and a thread pool accept
/// and parse; each request's handler runs in a Swift `Task` while its connection is suspended, so slow
/// handlers never block libmicrohttpd's threads. Keep-alive, `Date` and `Content-Length` are handled by
/// libmicrohttpd; HEAD responses carry the headers of the handler's response without its body.
/// libmicrohttpd sends with `MSG_NOSIGNAL` and masks SIGPIPE in its own threads, so a client that
/// goes away cannot kill the process.
public final class HTTPServer: @unchecked Sendable {
    // Unchecked: it owns the MHD_Daemon pointer; stopping it happens once, guarded by `stateLock`.
    private enum State {
        case running, claimed, draining, stopped
    }

    /// The bound port (the chosen one when the configuration asked for port 0).
    public let port: Int
    /// The configuration the server was started with.
    public let configuration: HTTPServerConfiguration
    private let daemon: OpaquePointer
    private let listenDescriptor: Int32
    private let context: Unmanaged<ServerContext>
    private let stateLock = NSLock()
    private var state = State.running

    /// Binds `configuration.address:port` and starts serving with `handler`.
    public init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler) throws(HTTPServerError) {
        let listening = try ListeningSocket.open(address: configuration.address, port: configuration.port)
        let context = Unmanaged.passRetained(
            ServerContext(handler: handler, maximumBodyBytes: max(0, configuration.maximumBodyBytes)))
        let daemon = sovereign_mhd_start_daemon(
            listening.descriptor, UInt32(clamping: max(1, configuration.threadPoolSize)),
            max(4_096, configuration.connectionMemoryLimit), UInt32(clamping: max(1, configuration.connectionLimit)),
            UInt32(clamping: max(0, configuration.idleTimeoutSeconds)),
            accessRequested, context.toOpaque(), requestCompleted, context.toOpaque(), uriReceived,
            context.toOpaque())
        guard let daemon else {
            context.release()
            close(listening.descriptor)
            throw HTTPServerError(
                message: "cannot start the HTTP server on \(configuration.address):\(listening.port)",
                call: "MHD_start_daemon")
        }
        self.daemon = daemon
        self.listenDescriptor = listening.descriptor
        self.context = context
        self.port = listening.port
        self.configuration = configuration
    }

    deinit {
        if claimStop() {
            stopSynchronously()
        }
    }

    /// Stops gracefully: refuses new connections at once (new requests on open keep-alive connections
    /// get 503), lets requests in flight finish for up to `shutdownGraceSeconds`, answers the rest 503,
    /// then stops libmicrohttpd. Calling it again waits for the first call to finish.
    public func shutdown() async {
        guard claimStop() else {
            while stateLock.withLock({ state }) != .stopped {
                try? await Task.sleep(nanoseconds: 5_000_000)
            }
            return
        }
        let server = context.takeUnretainedValue()
        stopAccepting(server)
        let deadline = Date().addingTimeInterval(max(0, configuration.shutdownGraceSeconds))
        while server.inFlightCount > 0 && Date() < deadline {
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        server.abandonSuspended()
        // Abandoned connections are answered by libmicrohttpd's threads promptly; MHD_stop_daemon must
        // not run while any is still suspended.
        let resumeDeadline = Date().addingTimeInterval(5)
        while server.suspendedCount > 0 && Date() < resumeDeadline {
            try? await Task.sleep(nanoseconds: 1_000_000)
            server.abandonSuspended()
        }
        finishStopping()
    }

    /// Whether the server accepts new connections: false once ``shutdown()`` has made the kernel refuse them.
    public var isRunning: Bool {
        stateLock.withLock { state == .running || state == .claimed }
    }

    private func claimStop() -> Bool {
        stateLock.withLock {
            guard state == .running else { return false }
            state = .claimed
            return true
        }
    }

    private func stopAccepting(_ server: ServerContext) {
        server.beginStopping()
        // libmicrohttpd stops polling the listening socket; shutting it down makes the kernel refuse new
        // connections instead of queueing them. It is closed only after MHD_stop_daemon.
        if MHD_quiesce_daemon(daemon) != MHD_INVALID_SOCKET {
            ListeningSocket.stopListening(listenDescriptor)
        }
        stateLock.withLock { state = .draining }
    }

    private func stopSynchronously() {
        let server = context.takeUnretainedValue()
        stopAccepting(server)
        let resumeDeadline = Date().addingTimeInterval(5)
        repeat {
            server.abandonSuspended()
            if server.suspendedCount > 0 {
                usleep(1_000)
            }
        } while server.suspendedCount > 0 && Date() < resumeDeadline
        finishStopping()
    }

    private func finishStopping() {
        MHD_stop_daemon(daemon)
        close(listenDescriptor)
        context.release()
        stateLock.withLock { state = .stopped }
    }
}
