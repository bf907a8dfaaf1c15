/// One HTTP response. The server adds `Date`, `Content-Length` and `Server` itself;
/// a `Content-Length` or `Transfer-Encoding` field set here is ignored.
public struct HTTPResponse: Sendable {
    /// The status code, for example 200.
    public var status: Int
    /// The header fields to send.
    public var headers: HTTPHeaders
    /// The body bytes (not sent for HEAD requests; `Content-Length` still tells their size).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A text response encoded as UTF-8.
    public static func text(
        _ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: Array(text.utf8))
    }

    /// A response whose body is JSON text that the caller has already serialised.
    public static func json(_ status: Int, _ jsonText: String) -> HTTPResponse {
        text(status, jsonText, contentType: "application/json")
    }

    /// An RFC 9457 problem document (`application/problem+json`), for example
    /// `{"type":"about:blank","title":"Not Found","status":404,"detail":"…"}`.
    /// - Parameters:
    ///   - title: defaults to the reason phrase of `status`.
    ///   - extensions: further members whose values are strings (for example `"instance"`).
    public static func problem(
        _ status: Int, detail: String? = nil, title: String? = nil, type: String = "about:blank",
        extensions: [(name: String, value: String)] = []
    ) -> HTTPResponse {
        var members = "{\"type\":\(JSONText.quoted(type))"
        members += ",\"title\":\(JSONText.quoted(title ?? reasonPhrase(status)))"
        members += ",\"status\":\(status)"
        if let detail {
            members += ",\"detail\":\(JSONText.quoted(detail))"
        }
        for member in extensions {
            members += ",\(JSONText.quoted(member.name)):\(JSONText.quoted(member.value))"
        }
        members += "}"
        return text(status, members, contentType: "application/problem+json")
    }

    /// The standard reason phrase of a status code (RFC 9110), or `"Unknown"`.
    public static func reasonPhrase(_ status: Int) -> String {
        reasonPhrases[status] ?? "Unknown"
    }

    private static let reasonPhrases: [Int: String] = [
        100: "Continue", 101: "Switching Protocols",
        200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
        205: "Reset Content", 206: "Partial Content",
        300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
        307: "Temporary Redirect", 308: "Permanent Redirect",
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required",
        408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required",
        412: "Precondition Failed", 413: "Content Too Large", 414: "URI Too Long",
        415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed",
        421: "Misdirected Request", 422: "Unprocessable Content", 425: "Too Early", 426: "Upgrade Required",
        428: "Precondition Required", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    ]
}

/// Hand-written JSON string literals (this module knows no JSON value type).
enum JSONText {
    /// `text` as a JSON string literal with quotes, escaping what RFC 8259 requires.
    static func quoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
