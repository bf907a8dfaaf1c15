import Foundation
import Model

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GETs small JSON documents (JWKS, discovery metadata) with URLSession.
enum JSONFetcher {
    /// Largest accepted response body.
    static let maximumBytes = 1 << 20
    /// Per-request timeout.
    static let timeout: TimeInterval = 10

    /// One ephemeral session without a cache: a refetch must reach the issuer.
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.timeoutIntervalForRequest = timeout
        return URLSession(configuration: configuration)
    }()

    /// `https`, or `http` to a loopback host (local issuers and tests).
    static func isAllowed(_ url: URL) -> Bool {
        switch url.scheme?.lowercased() {
        case "https": return url.host != nil
        case "http": return ["127.0.0.1", "::1", "[::1]", "localhost"].contains(url.host?.lowercased() ?? "")
        default: return false
        }
    }

    /// The JSON document at `url`; any failure is `keysUnavailable` with a log detail.
    static func fetch(_ url: URL) async throws(AuthError) -> JSONValue {
        guard isAllowed(url) else { throw .keysUnavailable("refusing \(url.absoluteString): https (or http to loopback) required") }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw .keysUnavailable("GET \(url.absoluteString) failed: \(error.localizedDescription)")
        }
        guard let status = (response as? HTTPURLResponse)?.statusCode, status == 200 else {
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            throw .keysUnavailable("GET \(url.absoluteString) answered HTTP \(status)")
        }
        guard data.count <= maximumBytes else { throw .keysUnavailable("GET \(url.absoluteString): response too large") }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data), value.objectValue != nil else {
            throw .keysUnavailable("GET \(url.absoluteString): not a JSON object")
        }
        return value
    }
}
