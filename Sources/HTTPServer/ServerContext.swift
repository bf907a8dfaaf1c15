import CMicroHTTPD
import Foundation

/// A libmicrohttpd connection pointer handed to the task that resumes it.
struct ConnectionHandle: @unchecked Sendable {  // Only MHD_resume_connection (thread-safe) is called off the MHD thread.
    let pointer: OpaquePointer
}

/// One request's state, reached through libmicrohttpd's `con_cls` pointer: created by the URI callback,
/// released by the request-completed callback.
final class RequestState: @unchecked Sendable {
    // Unchecked: `phase`, `body` and `connection` are touched only by the MHD thread that owns the
    // connection; `response` and `resumed`, shared with the handler task, are guarded by `lock`.
    enum Phase {
        case new, receiving, suspended, answered
    }

    let rawTarget: String
    var phase = Phase.new
    var body: [UInt8] = []
    var bodyTooLarge = false
    var connection: ConnectionHandle?
    private let lock = NSLock()
    private var response: HTTPResponse?
    private var resumed = false

    init(rawTarget: String) {
        self.rawTarget = rawTarget
    }

    /// Hands over the response and resumes the connection, unless someone resumed it already
    /// (shutdown answers 503 when the grace period is over). Returns whether this call resumed it.
    @discardableResult
    func finish(with response: HTTPResponse) -> Bool {
        let resumesNow = lock.withLock {
            guard !resumed else { return false }
            resumed = true
            self.response = response
            return true
        }
        if resumesNow, let connection {
            MHD_resume_connection(connection.pointer)
        }
        return resumesNow
    }

    /// The response handed over by ``finish(with:)``, taken once.
    func takeResponse() -> HTTPResponse? {
        lock.withLock {
            defer { response = nil }
            return response
        }
    }
}

/// What the C callbacks need: the handler, the limits and the bookkeeping for graceful shutdown.
/// Kept alive by an `Unmanaged` reference that the server releases after `MHD_stop_daemon`.
final class ServerContext: @unchecked Sendable {
    // Unchecked: the mutable bookkeeping below is guarded by `lock`.
    let handler: HTTPHandler
    let maximumBodyBytes: Int
    private let lock = NSLock()
    private var inFlight = 0
    private var suspended: [ObjectIdentifier: RequestState] = [:]
    private var stopping = false
    private var abandoning = false

    init(handler: @escaping HTTPHandler, maximumBodyBytes: Int) {
        self.handler = handler
        self.maximumBodyBytes = maximumBodyBytes
    }

    var isStopping: Bool { lock.withLock { stopping } }
    var inFlightCount: Int { lock.withLock { inFlight } }
    var suspendedCount: Int { lock.withLock { suspended.count } }

    func beginStopping() {
        lock.withLock { stopping = true }
    }

    func requestStarted() {
        lock.withLock { inFlight += 1 }
    }

    func requestCompleted(_ state: RequestState) {
        lock.withLock {
            inFlight -= 1
            suspended[ObjectIdentifier(state)] = nil
        }
    }

    /// Registers a request whose connection is about to be suspended; false once shutdown has given up
    /// waiting (the request must then be answered at once, since the daemon is about to stop).
    func willSuspend(_ state: RequestState) -> Bool {
        lock.withLock {
            guard !abandoning else { return false }
            suspended[ObjectIdentifier(state)] = state
            return true
        }
    }

    func didResume(_ state: RequestState) {
        _ = lock.withLock { suspended.removeValue(forKey: ObjectIdentifier(state)) }
    }

    /// Answers every request whose handler is still running with 503 (their tasks' responses are dropped).
    func abandonSuspended() {
        let states = lock.withLock {
            abandoning = true
            return Array(suspended.values)
        }
        for state in states {
            state.finish(
                with: .problem(503, detail: "the server is shutting down and the request did not finish in time"))
        }
    }
}
