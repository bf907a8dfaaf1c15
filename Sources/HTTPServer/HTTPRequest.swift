/// One HTTP request as the handler sees it: the whole body has been read already.
public struct HTTPRequest: Sendable {
    /// The method in upper case, for example `GET`.
    public var method: String
    /// The percent-decoded path without the query, for example `/api/v1/workflows/a b`.
    public var path: String
    /// The request target as received (path and query, still percent-encoded).
    public var rawPath: String
    /// The query parameters, decoded (`+` is a space), in order; a name without `=` has an empty value.
    public var query: [(name: String, value: String)]
    /// The header fields in order of arrival.
    public var headers: HTTPHeaders
    /// The body bytes (empty when there is none).
    public var body: [UInt8]
    /// The client's IP address without the port (IPv4-mapped IPv6 addresses are shown as IPv4), if known.
    public var remoteAddress: String?
    /// The values captured by the `{name}` segments of the route pattern; filled by ``Router``.
    public var pathParameters: [String: String]

    /// Creates a request; the server builds these, tests and routers may too.
    public init(
        method: String, path: String, rawPath: String? = nil, query: [(name: String, value: String)] = [],
        headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], remoteAddress: String? = nil,
        pathParameters: [String: String] = [:]
    ) {
        self.method = method.uppercased()
        self.path = path
        self.rawPath = rawPath ?? path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.pathParameters = pathParameters
    }

    /// The first value of the query parameter `name` (names are case-sensitive), or nil.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Every value of the query parameter `name`, in order.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }

    /// The body decoded as UTF-8 (invalid sequences are repaired with U+FFFD).
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }
}
