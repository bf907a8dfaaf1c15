import HTTPServer
import Model

/// An RFC 9457 problem document: what was wrong, for which request, and what to do.
public struct Problem: Error, Sendable {
    public var status: Int
    public var title: String
    public var detail: String
    /// Extra members, such as `errors` (one per invalid field).
    public var extensions: [String: JSONValue]
    /// Extra response headers (`WWW-Authenticate`, `Allow`).
    public var headers: [(String, String)]

    /// Creates a problem.
    public init(status: Int, title: String, detail: String, extensions: [String: JSONValue] = [:], headers: [(String, String)] = []) {
        self.status = status
        self.title = title
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    /// The problem as a response (`application/problem+json`).
    public func response(instance: String? = nil) -> HTTPResponse {
        var document = extensions
        document["type"] = "about:blank"
        document["title"] = .string(title)
        document["status"] = .integer(Int64(status))
        document["detail"] = .string(detail)
        if let instance { document["instance"] = .string(instance) }
        var response = JSONResponse.make(status, .object(document), contentType: "application/problem+json")
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }

    public static func badRequest(_ detail: String, errors: [String] = []) -> Problem {
        Problem(
            status: 400, title: "Bad Request", detail: detail,
            extensions: errors.isEmpty ? [:] : ["errors": .array(errors.map(JSONValue.string))])
    }

    public static func notFound(_ detail: String) -> Problem { Problem(status: 404, title: "Not Found", detail: detail) }

    public static func conflict(_ detail: String) -> Problem { Problem(status: 409, title: "Conflict", detail: detail) }

    public static func unprocessable(_ detail: String, errors: [String] = []) -> Problem {
        Problem(
            status: 422, title: "Unprocessable Content", detail: detail,
            extensions: errors.isEmpty ? [:] : ["errors": .array(errors.map(JSONValue.string))])
    }

    public static func unavailable(_ detail: String) -> Problem {
        Problem(status: 503, title: "Service Unavailable", detail: detail)
    }

    public static func unauthorized(_ detail: String) -> Problem {
        Problem(
            status: 401, title: "Unauthorized", detail: detail,
            headers: [("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"\(detail.replacingOccurrences(of: "\"", with: "'"))\"")])
    }

    public static func forbidden(scope: String) -> Problem {
        Problem(
            status: 403, title: "Forbidden", detail: "this operation needs the scope `\(scope)`",
            headers: [("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"\(scope)\"")])
    }
}

/// JSON responses with stable key order.
public enum JSONResponse {
    /// `value` as a JSON response.
    public static func make(_ status: Int, _ value: JSONValue, contentType: String = "application/json") -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: status, headers: headers, body: Array(value.jsonText.utf8))
    }
}
