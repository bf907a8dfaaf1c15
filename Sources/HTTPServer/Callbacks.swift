import CMicroHTTPD

// libmicrohttpd's callbacks. They run on its threads and never wait for Swift tasks: the handler runs
// in a Task while the connection is suspended, and the task resumes it when the response is ready.

/// MHD_OPTION_URI_LOG_CALLBACK: called once per request with the raw target; its result becomes `con_cls`.
func uriReceived(
    _ context: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?, _ connection: OpaquePointer?
) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    Unmanaged<ServerContext>.fromOpaque(context).takeUnretainedValue().requestStarted()
    let state = RequestState(rawTarget: uri.map { String(cString: $0) } ?? "/")
    return Unmanaged.passRetained(state).toOpaque()
}

/// MHD_OPTION_NOTIFY_COMPLETED: the request is over (answered, failed or the client left).
func requestCompleted(
    _ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ code: MHD_RequestTerminationCode
) {
    guard let context, let requestContext, let raw = requestContext.pointee else { return }
    requestContext.pointee = nil
    let state = Unmanaged<RequestState>.fromOpaque(raw).takeRetainedValue()
    Unmanaged<ServerContext>.fromOpaque(context).takeUnretainedValue().requestCompleted(state)
}

/// The access handler: called when the headers are in, once per piece of body, once at the end of
/// the body, and once more after the connection is resumed.
func accessRequested(
    _ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?, _ uploadData: UnsafePointer<CChar>?,
    _ uploadDataSize: UnsafeMutablePointer<Int>?, _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let context, let connection, let requestContext, let raw = requestContext.pointee else { return .NO }
    let server = Unmanaged<ServerContext>.fromOpaque(context).takeUnretainedValue()
    let state = Unmanaged<RequestState>.fromOpaque(raw).takeUnretainedValue()
    let pendingBytes = uploadDataSize?.pointee ?? 0
    switch state.phase {
    case .new:
        state.phase = .receiving
        if server.isStopping {
            state.phase = .answered
            return ResponseWriter.queue(
                .problem(503, detail: "the server is shutting down"), on: connection, closing: true)
        }
        if let declared = ResponseWriter.declaredContentLength(connection) {
            if declared > server.maximumBodyBytes {
                state.phase = .answered
                return ResponseWriter.queue(tooLarge(server), on: connection, closing: true)
            }
            state.body.reserveCapacity(declared)
        }
        return .YES
    case .receiving where pendingBytes > 0:
        if !state.bodyTooLarge, let uploadData {
            if state.body.count + pendingBytes > server.maximumBodyBytes {
                state.bodyTooLarge = true
                state.body = []
            } else {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: pendingBytes) {
                    state.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: pendingBytes))
                }
            }
        }
        uploadDataSize?.pointee = 0
        return .YES
    case .receiving:
        if state.bodyTooLarge {
            state.phase = .answered
            return ResponseWriter.queue(tooLarge(server), on: connection, closing: true)
        }
        guard let request = ResponseWriter.makeRequest(state: state, method: method, connection: connection) else {
            state.phase = .answered
            return ResponseWriter.queue(
                .problem(400, detail: "the request target is not valid percent-encoded UTF-8"),
                on: connection, closing: server.isStopping)
        }
        state.body = []
        state.connection = ConnectionHandle(pointer: connection)
        guard server.willSuspend(state) else {
            state.phase = .answered
            return ResponseWriter.queue(
                .problem(503, detail: "the server is shutting down"), on: connection, closing: true)
        }
        state.phase = .suspended
        MHD_suspend_connection(connection)
        let handler = server.handler
        Task {
            state.finish(with: await handler(request))
        }
        return .YES
    case .suspended:
        server.didResume(state)
        state.phase = .answered
        let response = state.takeResponse() ?? .problem(500, detail: "the handler gave no response")
        return ResponseWriter.queue(response, on: connection, closing: server.isStopping)
    case .answered:
        uploadDataSize?.pointee = 0
        return .YES
    }
}

private func tooLarge(_ server: ServerContext) -> HTTPResponse {
    .problem(413, detail: "the request body is over the \(server.maximumBodyBytes)-byte limit")
}
