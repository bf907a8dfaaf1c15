/// Maps a method and a path to a handler. Patterns are paths whose segments may be `{name}`, which
/// captures one non-empty path segment, for example `/api/v1/workflows/{workflowId}/execute`.
///
/// Matching is exact per segment (a trailing slash matters). When several patterns match, the one with
/// literal segments further left wins (`/executions/stats` beats `/executions/{id}`), then the first added.
/// A HEAD request uses the GET route unless a HEAD route exists; the server then sends no body.
public struct Router: Sendable {
    /// The outcome of ``match(method:path:)``.
    public enum Match: Sendable {
        /// A route matched: its handler, the captured parameters and the pattern (useful for metrics).
        case found(HTTPHandler, parameters: [String: String], pattern: String)
        /// The path matched, but not with this method; `allowed` is for the `Allow` header.
        case methodNotAllowed(allowed: [String])
        /// No pattern matches the path.
        case notFound
    }

    private enum Segment: Sendable {
        case literal(String)
        case parameter(String)
    }

    private struct Route: Sendable {
        let method: String
        let pattern: String
        let segments: [Segment]
        let handler: HTTPHandler
    }

    private var routes: [Route] = []

    /// Creates an empty router.
    public init() {}

    /// Adds a route. `method` is compared case-insensitively; `pattern` must start with `/`.
    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping HTTPHandler) {
        precondition(pattern.hasPrefix("/"), "a route pattern starts with /: \(pattern)")
        let segments = Self.split(pattern).map { text -> Segment in
            if text.hasPrefix("{") && text.hasSuffix("}") && text.count > 2 {
                return .parameter(String(text.dropFirst().dropLast()))
            }
            return .literal(String(text))
        }
        routes.append(Route(method: method.uppercased(), pattern: pattern, segments: segments, handler: handler))
    }

    /// Matches an already percent-decoded path (a decoded `/` inside a segment splits it).
    public func match(method: String, path: String) -> Match {
        match(method: method, segments: Self.split(path).map(String.init))
    }

    /// Matches path segments that are already percent-decoded one by one.
    public func match(method: String, segments: [String]) -> Match {
        let method = method.uppercased()
        var candidates: [(route: Route, parameters: [String: String])] = []
        for route in routes {
            if let parameters = Self.parameters(of: route, for: segments) {
                candidates.append((route, parameters))
            }
        }
        guard !candidates.isEmpty else { return .notFound }
        let wanted: [String] = method == "HEAD" ? ["HEAD", "GET"] : [method]
        for candidateMethod in wanted {
            let matching = candidates.filter { $0.route.method == candidateMethod }
            if let best = Self.mostSpecific(matching) {
                return .found(best.route.handler, parameters: best.parameters, pattern: best.route.pattern)
            }
        }
        var allowed = Set(candidates.map(\.route.method))
        if allowed.contains("GET") {
            allowed.insert("HEAD")
        }
        return .methodNotAllowed(allowed: allowed.sorted())
    }

    /// Routes a request: matches its raw path segment by segment (so `%2F` stays inside a parameter),
    /// fills ``HTTPRequest/pathParameters`` and calls the handler. Answers problem documents itself:
    /// 400 for a malformed path, 404, and 405 with an `Allow` header.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        var rawPath = request.rawPath[...]
        if let end = rawPath.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rawPath = rawPath[..<end]
        }
        var segments: [String] = []
        for rawSegment in Self.split(String(rawPath)) {
            guard let segment = PercentDecoding.decode(rawSegment) else {
                return .problem(400, detail: "the request path is not valid percent-encoded UTF-8")
            }
            segments.append(segment)
        }
        switch match(method: request.method, segments: segments) {
        case .found(let handler, let parameters, _):
            var routed = request
            routed.pathParameters = parameters
            return await handler(routed)
        case .methodNotAllowed(let allowed):
            var response = HTTPResponse.problem(
                405, detail: "\(request.method) is not allowed here; allowed: \(allowed.joined(separator: ", "))")
            response.headers.add("Allow", allowed.joined(separator: ", "))
            return response
        case .notFound:
            return .problem(404, detail: "there is nothing at \(request.path)")
        }
    }

    /// This router as a server handler.
    public var handler: HTTPHandler {
        { request in await self.handle(request) }
    }

    private static func split(_ path: String) -> [Substring] {
        var body = path[...]
        if body.hasPrefix("/") {
            body = body.dropFirst()
        }
        return body.split(separator: "/", omittingEmptySubsequences: false)
    }

    private static func parameters(of route: Route, for segments: [String]) -> [String: String]? {
        guard route.segments.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (patternSegment, segment) in zip(route.segments, segments) {
            switch patternSegment {
            case .literal(let literal):
                guard literal == segment else { return nil }
            case .parameter(let name):
                guard !segment.isEmpty else { return nil }
                parameters[name] = segment
            }
        }
        return parameters
    }

    /// The candidate whose literal segments come earliest (compared left to right); ties go to the first added.
    private static func mostSpecific(
        _ candidates: [(route: Route, parameters: [String: String])]
    ) -> (route: Route, parameters: [String: String])? {
        var best: (route: Route, parameters: [String: String])?
        for candidate in candidates {
            guard let current = best else {
                best = candidate
                continue
            }
            if isMoreSpecific(candidate.route, than: current.route) {
                best = candidate
            }
        }
        return best
    }

    private static func isMoreSpecific(_ left: Route, than right: Route) -> Bool {
        for (leftSegment, rightSegment) in zip(left.segments, right.segments) {
            switch (leftSegment, rightSegment) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return false
    }
}
