import Engine
import Foundation
import Model

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Which response statuses fail the step (`failOn`).
enum FailurePolicy: String, Sendable {
    /// 4xx and 5xx fail (the default).
    case clientAndServerErrors = "4xx-5xx"
    /// Only 5xx fails.
    case serverErrors = "5xx"
    /// No status fails.
    case never

    /// Whether `status` fails the step under this policy.
    func fails(_ status: Int) -> Bool {
        switch self {
        case .clientAndServerErrors: status >= 400
        case .serverErrors: status >= 500
        case .never: false
        }
    }
}

/// One request as a step's `with` describes it, updated as redirects are followed.
struct HTTPRequestPlan: Sendable {
    /// The method, upper-case.
    var method: String
    /// The URL with the `query` members merged in (the logical URL, never a pinned address).
    var url: URL
    /// Request headers in the order given (names as written).
    var headers: [(name: String, value: String)]
    /// The encoded body, if any.
    var body: Data?
    /// The step's `timeout`, if it gave one.
    var timeout: TimeSpan?
    /// How many redirects may be followed.
    var maximumRedirects: Int
    /// Which statuses fail the step.
    var failurePolicy: FailurePolicy

    /// Reads and checks the step's `with`; throws `invalid_input`.
    init(input: JSONValue) throws(ActionFailure) {
        guard let members = input.objectValue else { throw Self.invalid("`with` must be an object") }
        method = (members["method"]?.stringValue ?? "GET").uppercased()
        guard ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].contains(method) else {
            throw Self.invalid("`method` \(method) is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
        }
        guard let urlText = members["url"]?.stringValue, let parsed = URL(string: urlText), parsed.scheme != nil else {
            throw Self.invalid("`url` must be an absolute URL")
        }
        url = try Self.merging(query: members["query"], into: parsed)
        if let text = members["timeout"]?.stringValue {
            guard let span = TimeSpan(parsing: text), span.milliseconds > 0 else {
                throw Self.invalid("`timeout` '\(text)' is not a duration such as 30s")
            }
            timeout = span
        } else if members["timeout"] != nil {
            throw Self.invalid("`timeout` must be a duration string such as 30s")
        }
        if let given = members["maxRedirects"] {
            guard case .integer(let count) = given, (0...20).contains(count) else {
                throw Self.invalid("`maxRedirects` must be an integer from 0 to 20")
            }
            maximumRedirects = Int(count)
        } else {
            maximumRedirects = 5
        }
        let policyText = members["failOn"]?.stringValue ?? FailurePolicy.clientAndServerErrors.rawValue
        guard let policy = FailurePolicy(rawValue: policyText) else {
            throw Self.invalid("`failOn` must be 4xx-5xx, 5xx or never")
        }
        failurePolicy = policy
        headers = []
        if let given = members["headers"] {
            guard let object = given.objectValue else { throw Self.invalid("`headers` must be an object of strings") }
            for name in object.keys.sorted() {
                guard let value = object[name]?.stringValue else { throw Self.invalid("header '\(name)' must be a string") }
                guard Self.isToken(name) else { throw Self.invalid("'\(name)' is not a valid header name") }
                // CR, LF or NUL would let a value start a new header: never sent.
                guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                    throw Self.invalid("the value of header '\(name)' contains a line break")
                }
                headers.append((name, value))
            }
        }
        body = nil
        if let form = members["form"] {
            guard members["body"] == nil else { throw Self.invalid("`body` and `form` cannot both be given") }
            guard let object = form.objectValue else { throw Self.invalid("`form` must be an object") }
            body = Data(try Self.encoded(pairs: object, space: "+", what: "form").utf8)
            setDefaultHeader("Content-Type", "application/x-www-form-urlencoded")
        } else if let given = members["body"], given != .null {
            if case .string(let text) = given {
                body = Data(text.utf8)
                setDefaultHeader("Content-Type", "text/plain; charset=utf-8")
            } else {
                body = Data(given.jsonText.utf8)
                setDefaultHeader("Content-Type", "application/json")
            }
        }
    }

    /// The header named `name` (without case), if set.
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Sets `name` unless the step set it.
    mutating func setDefaultHeader(_ name: String, _ value: String) {
        if header(name) == nil { headers.append((name, value)) }
    }

    /// Removes every header named `name` (without case).
    mutating func removeHeader(_ name: String) {
        headers.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Moves on to `target` after a redirect answered with `status`, as the Fetch standard does:
    /// 303 turns anything but HEAD into a bodiless GET, and so do 301 and 302 for POST; 307 and
    /// 308 keep method and body. Credentials (`Authorization`, `Cookie`, `Proxy-Authorization`)
    /// are dropped when the origin (scheme, host, port) changes.
    mutating func followRedirect(to target: URL, status: Int) {
        let becomesGet = (status == 303 && method != "GET" && method != "HEAD") || ((status == 301 || status == 302) && method == "POST")
        if becomesGet {
            method = "GET"
            body = nil
            for name in ["Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-Location"] {
                removeHeader(name)
            }
        }
        if Self.origin(of: target) != Self.origin(of: url) {
            for name in ["Authorization", "Cookie", "Proxy-Authorization"] { removeHeader(name) }
        }
        url = target
    }

    /// The URLRequest for the current hop. For `http`, the connection goes to `pinnedAddress`
    /// (the address the guard checked) and `Host` carries the name, closing the DNS-rebinding gap.
    func urlRequest(pinnedAddress: IPAddress?, timeoutSeconds: Double, userAgent: String) -> URLRequest {
        var target = url
        var hostHeader: String?
        if let pinnedAddress, url.scheme?.lowercased() == "http",
            var components = URLComponents(url: url, resolvingAgainstBaseURL: true),
            let originalHost = components.percentEncodedHost
        {
            components.percentEncodedHost = pinnedAddress.urlHostText
            if let pinned = components.url {
                target = pinned
                hostHeader = components.port.map { "\(originalHost):\($0)" } ?? originalHost
            }
        }
        var request = URLRequest(url: target, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeoutSeconds)
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        for (name, value) in headers { request.addValue(value, forHTTPHeaderField: name) }
        if let hostHeader, header("Host") == nil { request.setValue(hostHeader, forHTTPHeaderField: "Host") }
        if header("User-Agent") == nil { request.setValue(userAgent, forHTTPHeaderField: "User-Agent") }
        request.httpBody = body
        return request
    }

    // MARK: Encoding

    /// `url` with `query`'s members appended (sorted by name), each name and value percent-encoded.
    static func merging(query: JSONValue?, into url: URL) throws(ActionFailure) -> URL {
        guard let query, query != .null else { return url }
        guard let object = query.objectValue else { throw invalid("`query` must be an object") }
        guard !object.isEmpty else { return url }
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else {
            throw invalid("`url` cannot take a query")
        }
        let added = try encoded(pairs: object, space: "%20", what: "query")
        let existing = components.percentEncodedQuery ?? ""
        components.percentEncodedQuery = existing.isEmpty ? added : existing + "&" + added
        guard let merged = components.url else { throw invalid("`url` cannot take a query") }
        return merged
    }

    /// `name=value&…` with names sorted and everything but unreserved characters percent-encoded;
    /// a space becomes `space` (`+` in forms, `%20` in URLs).
    static func encoded(pairs: [String: JSONValue], space: String, what: String) throws(ActionFailure) -> String {
        var parts: [String] = []
        for name in pairs.keys.sorted() {
            let value: String
            switch pairs[name]! {
            case .string(let text): value = text
            case .bool(let flag): value = flag ? "true" : "false"
            case .integer, .number: value = pairs[name]!.jsonText
            default: throw invalid("`\(what)` member '\(name)' must be a string, number or boolean")
            }
            parts.append(percentEncoded(name, space: space) + "=" + percentEncoded(value, space: space))
        }
        return parts.joined(separator: "&")
    }

    /// `text` with every byte outside RFC 3986's unreserved set written as `%XX`.
    static func percentEncoded(_ text: String, space: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output += space
            default:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }

    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x21 && byte <= 0x7e) && !"\"(),/:;<=>?@[\\]{}".utf8.contains(byte)
        }
    }

    private static func origin(of url: URL) -> String {
        let scheme = url.scheme?.lowercased() ?? ""
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(AddressGuard.host(of: url).lowercased()):\(port)"
    }

    private static func invalid(_ message: String) -> ActionFailure {
        ActionFailure(message: message, code: "invalid_input", retryable: false)
    }
}

extension String {
    /// The text with `0` in front until it is `width` long.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
