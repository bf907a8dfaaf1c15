import CMicroHTTPD

/// Conversions between libmicrohttpd's connection and response objects and this module's values.
enum ResponseWriter {
    /// The `Content-Length` the client declared, if any and valid.
    static func declaredContentLength(_ connection: OpaquePointer) -> Int? {
        guard let value = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length") else { return nil }
        var text = String(cString: value)[...]
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return Int(text)
    }

    /// The request as the handler sees it; nil when the target is not valid percent-encoded UTF-8.
    static func makeRequest(
        state: RequestState, method: UnsafePointer<CChar>?, connection: OpaquePointer
    ) -> HTTPRequest? {
        guard let target = PercentDecoding.splitTarget(state.rawTarget) else { return nil }
        var headers = HTTPHeaders()
        withUnsafeMutablePointer(to: &headers) { pointer in
            _ = MHD_get_connection_values(connection, .HEADER_KIND, { context, _, key, value in
                guard let context, let key else { return .YES }
                let headers = context.assumingMemoryBound(to: HTTPHeaders.self)
                headers.pointee.add(String(cString: key), value.map { String(cString: $0) } ?? "")
                return .YES
            }, pointer)
        }
        let remoteAddress = sovereign_mhd_client_address(connection).flatMap { ListeningSocket.text(of: $0) }
        return HTTPRequest(
            method: method.map { String(cString: $0) } ?? "GET", path: target.path, rawPath: state.rawTarget,
            query: target.query, headers: headers, body: state.body, remoteAddress: remoteAddress)
    }

    /// Queues `response` (copying its body). `Date` and `Content-Length` come from libmicrohttpd, which
    /// also leaves the body out for HEAD. `closing` adds `Connection: close` (used while shutting down).
    static func queue(_ response: HTTPResponse, on connection: OpaquePointer, closing: Bool) -> MHD_Result {
        let created = response.body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                .RESPMEM_MUST_COPY)
        }
        guard let created else { return .NO }
        defer { MHD_destroy_response(created) }
        var hasServer = false
        for field in response.headers.all {
            if HTTPHeaders.namesMatch(field.name, "Content-Length")
                || HTTPHeaders.namesMatch(field.name, "Transfer-Encoding")
            {
                continue
            }
            if HTTPHeaders.namesMatch(field.name, "Server") {
                hasServer = true
            }
            _ = MHD_add_response_header(created, field.name, field.value)
        }
        if !hasServer {
            _ = MHD_add_response_header(created, "Server", "sovereign")
        }
        if closing {
            _ = MHD_add_response_header(created, "Connection", "close")
        }
        let status = (100...999).contains(response.status) ? response.status : 500
        return MHD_queue_response(connection, UInt32(status), created)
    }
}
