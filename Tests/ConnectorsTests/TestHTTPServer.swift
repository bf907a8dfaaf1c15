import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request as the test server received it.
struct ReceivedRequest: Sendable {
    var method: String
    var path: String
    /// The query exactly as sent (still percent-encoded).
    var rawQuery: String
    /// Header names lower-cased; repeated headers joined by `, `.
    var headers: [String: String]
    var body: Data

    /// The decoded value of query parameter `name`.
    func parameter(_ name: String) -> String? {
        for pair in rawQuery.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.first == name { return parts.count > 1 ? parts[1].removingPercentEncoding : "" }
        }
        return nil
    }
}

/// A response the test server writes.
struct ServerResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: Data = Data()
    /// Without `Content-Length`: the body ends when the connection closes.
    var closeDelimited = false
}

/// A small HTTP/1.1 server on 127.0.0.1 with an ephemeral port, one thread per connection, and
/// `Connection: close` on every response. Routes are in `TestRoutes`.
final class TestHTTPServer: Sendable {
    /// The port the kernel picked.
    let port: UInt16
    private let listener: Int32
    private let stopped = StopFlag()

    /// `http://127.0.0.1:<port>`.
    var base: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = descriptor
        let serverPort = port
        Thread.detachNewThread {
            while true {
                let client = accept(descriptor, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                Thread.detachNewThread { Self.serve(client, port: serverPort) }
            }
        }
    }

    /// Stops accepting connections (connections in progress finish). Closes the socket once only:
    /// a second `close` could hit a descriptor number that another test has reused.
    func stop() {
        guard stopped.set() else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }

    private static func serve(_ client: Int32, port: UInt16) {
        defer { close(client) }
        guard let request = readRequest(client) else { return }
        let response = TestRoutes.respond(to: request, port: port)
        if let delay = TestRoutes.delayMilliseconds(for: request) { usleep(UInt32(delay) * 1000) }
        var head = "HTTP/1.1 \(response.status) Test\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        let sendsBody = request.method != "HEAD"
        if !response.closeDelimited { head += "Content-Length: \(response.body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        guard write(client, Data(head.utf8)) else { return }
        if sendsBody, !response.body.isEmpty {
            // Large bodies go out in pieces so a client that stops reading is noticed.
            var offset = 0
            while offset < response.body.count {
                let end = min(offset + 16_384, response.body.count)
                guard write(client, response.body.subdata(in: offset..<end)) else { return }
                offset = end
            }
        }
    }

    private static func write(_ client: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let result = send(client, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if result <= 0 { return false }
                sent += result
            }
            return true
        }
    }

    private static func readRequest(_ client: Int32) -> ReceivedRequest? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let separator = Data("\r\n\r\n".utf8)
        var headEnd: Range<Data.Index>?
        while headEnd == nil {
            let count = recv(client, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
            headEnd = buffer.range(of: separator)
        }
        let head = String(decoding: buffer[..<headEnd!.lowerBound], as: UTF8.self)
        var body = Data(buffer[headEnd!.upperBound...])
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        if headers["expect"]?.lowercased() == "100-continue" {
            _ = write(client, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        let expected = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < expected {
            let count = recv(client, &chunk, chunk.count, 0)
            if count <= 0 { break }
            body.append(contentsOf: chunk[0..<count])
        }
        let target = String(requestLine[1])
        let pathAndQuery = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return ReceivedRequest(
            method: String(requestLine[0]), path: pathAndQuery[0], rawQuery: pathAndQuery.count > 1 ? pathAndQuery[1] : "",
            headers: headers, body: body)
    }
}

/// A flag that is set once.
final class StopFlag: @unchecked Sendable {  // `isSet` is guarded by `lock`
    private let lock = NSLock()
    private var isSet = false

    /// Sets the flag; true only for the first call.
    func set() -> Bool {
        lock.withLock {
            defer { isSet = true }
            return !isSet
        }
    }
}

/// The test server's routes.
enum TestRoutes {
    static func delayMilliseconds(for request: ReceivedRequest) -> Int? {
        request.path == "/slow" ? Int(request.parameter("ms") ?? "2000") : nil
    }

    static func respond(to request: ReceivedRequest, port: UInt16) -> ServerResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        switch parts.first ?? "" {
        case "echo", "slow":
            return json(200, echo(request))
        case "status":
            let status = Int(parts.count > 1 ? parts[1] : "500") ?? 500
            return json(status, "{\"status\":\(status)}")
        case "redirect":
            // /redirect/N redirects N times, the last time to /echo.
            let remaining = Int(parts.count > 1 ? parts[1] : "1") ?? 1
            let code = Int(request.parameter("code") ?? "302") ?? 302
            let query = request.rawQuery.isEmpty ? "" : "?" + request.rawQuery
            let location = remaining > 1 ? "/redirect/\(remaining - 1)\(query)" : "/echo\(query)"
            return ServerResponse(status: code, headers: [("Location", location)])
        case "redirect-to":
            let code = Int(request.parameter("code") ?? "302") ?? 302
            return ServerResponse(status: code, headers: [("Location", request.parameter("url") ?? "/")])
        case "large", "stream":
            let size = Int(request.parameter("bytes") ?? "1000") ?? 1000
            return ServerResponse(
                status: 200, headers: [("Content-Type", "text/plain")], body: Data(repeating: UInt8(ascii: "a"), count: size),
                closeDelimited: parts.first == "stream")
        case "text":
            return ServerResponse(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data("hello, world".utf8))
        case "json":
            return json(200, "{\"name\":\"sovereign\",\"items\":[1,2,3],\"nested\":{\"ok\":true}}")
        case "problem":
            return ServerResponse(
                status: 200, headers: [("Content-Type", "application/problem+json")], body: Data("{\"title\":\"x\"}".utf8))
        case "invalid-json":
            return json(200, "{not json")
        case "binary":
            return ServerResponse(status: 200, headers: [("Content-Type", "application/x-custom")], body: Data([0xff, 0xfe, 0x00, 0x80]))
        case "latin1":
            return ServerResponse(
                status: 200, headers: [("Content-Type", "text/plain; charset=iso-8859-1")], body: Data([0x63, 0x61, 0x66, 0xe9]))
        case "multi-header":
            return ServerResponse(
                status: 200, headers: [("X-Multi", "one"), ("X-Multi", "two"), ("X-Upper-Case", "Value")], body: Data("ok".utf8))
        default:
            return json(404, "{\"error\":\"no route\"}")
        }
    }

    private static func json(_ status: Int, _ text: String) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", "application/json")], body: Data(text.utf8))
    }

    private static func echo(_ request: ReceivedRequest) -> String {
        let headers = request.headers.keys.sorted().map { "\(quote($0)):\(quote(request.headers[$0]!))" }
        return "{\"method\":\(quote(request.method)),\"path\":\(quote(request.path)),\"query\":\(quote(request.rawQuery)),"
            + "\"headers\":{\(headers.joined(separator: ","))},\"body\":\(quote(String(decoding: request.body, as: UTF8.self)))}"
    }

    private static func quote(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
