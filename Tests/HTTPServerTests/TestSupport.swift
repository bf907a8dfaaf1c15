import Foundation
import HTTPServer
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A one-shot latch: `wait()` returns once `open()` has been called (before or after).
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters {
            waiter.resume()
        }
        waiters = []
    }
}

/// Counts calls from handlers.
actor Counter {
    private(set) var value = 0

    func increment() {
        value += 1
    }
}

/// A server on 127.0.0.1 and a free port, with a small thread pool.
func startServer(
    _ configure: (inout HTTPServerConfiguration) -> Void = { _ in }, routes: (inout Router) -> Void
) throws -> HTTPServer {
    var configuration = HTTPServerConfiguration()
    configuration.address = "127.0.0.1"
    configuration.port = 0
    configuration.threadPoolSize = 2
    configure(&configuration)
    var router = Router()
    routes(&router)
    return try HTTPServer(configuration: configuration, handler: router.handler)
}

/// What a URLSession request received.
struct Fetched {
    let status: Int
    let response: HTTPURLResponse
    let body: Data

    func header(_ name: String) -> String? {
        response.value(forHTTPHeaderField: name)
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

let testSession: URLSession = {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = 60
    configuration.httpMaximumConnectionsPerHost = 16
    return URLSession(configuration: configuration)
}()

/// Sends one request with URLSession to the server over loopback.
func fetch(
    _ server: HTTPServer, _ pathAndQuery: String, method: String = "GET", headers: [String: String] = [:],
    body: Data? = nil
) async throws -> Fetched {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)\(pathAndQuery)")!)
    request.httpMethod = method
    for (name, value) in headers {
        request.setValue(value, forHTTPHeaderField: name)
    }
    request.httpBody = body
    let (data, response) = try await testSession.data(for: request)
    let httpResponse = try #require(response as? HTTPURLResponse)
    return Fetched(status: httpResponse.statusCode, response: httpResponse, body: data)
}

