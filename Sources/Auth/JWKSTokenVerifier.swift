import Foundation
import Model

/// Verifies tokens of an external OAuth 2.1 / OIDC issuer with the keys of its JWKS.
///
/// The JWKS is fetched on first use and cached. A token whose `kid` is not in the cache triggers a
/// refetch, at most once per `refetchInterval` (failed fetches count too, so a flood of tokens with
/// made-up `kid`s cannot turn into a flood of requests to the issuer). Cached keys older than
/// `maximumKeyAge` are refetched on the next verification (again throttled), so removed keys
/// stop being trusted; if that refetch fails the cached keys stay in use.
/// Keys are only ever taken from `jwksURL`: `jku`, `x5u` and `jwk` header parameters are ignored.
public actor JWKSTokenVerifier: TokenVerifier {
    private let rules: ClaimRules
    private let jwksURL: URL
    private let refetchInterval: TimeInterval
    private let maximumKeyAge: TimeInterval
    private let now: @Sendable () -> Date

    private var keySet: KeySet?
    private var keysFetchedAt: Date?
    private var lastAttempt: Date?
    private var lastFailure: AuthError?
    private var inFlight: Task<Void, Never>?

    /// How many times the JWKS has been requested (for metrics and tests).
    public private(set) var fetchCount = 0

    /// A verifier for tokens from `issuer` (exact `iss`) meant for `audience` (in `aud`).
    ///
    /// `leeway` widens the `exp` / `nbf` window for clock skew; `now` is the clock (injectable for tests).
    public init(
        issuer: String, audience: String, jwksURL: URL, leeway: TimeInterval = 60, refetchInterval: TimeInterval = 30,
        maximumKeyAge: TimeInterval = 3600, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.rules = ClaimRules(issuer: issuer, audience: audience, leeway: leeway)
        self.jwksURL = jwksURL
        self.refetchInterval = refetchInterval
        self.maximumKeyAge = maximumKeyAge
        self.now = now
    }

    /// Verifies signature and claims of `token`.
    public func verify(_ token: String) async throws(AuthError) -> AccessToken {
        let parsed = try CompactToken(token)
        let key = try await key(for: parsed)
        return try rules.verify(parsed, key: key, now: now())
    }

    /// Fetches the JWKS now unless a fetch happened within `refetchInterval` (for start-up warm-up).
    public func refreshIfAllowed() async {
        if mayFetch() { await refresh() }
    }

    private func key(for token: CompactToken) async throws(AuthError) -> VerificationKey {
        if let keySet, let keysFetchedAt, now().timeIntervalSince(keysFetchedAt) < maximumKeyAge {
            switch keySet.select(keyId: token.keyId, algorithm: token.algorithm) {
            case .found(let key): return key
            case .algorithmMismatch: throw .invalidSignature
            case .notFound: break
            }
        }
        if inFlight != nil || mayFetch() { await refresh() }
        guard let keySet else { throw lastFailure ?? .keysUnavailable("JWKS not fetched") }
        switch keySet.select(keyId: token.keyId, algorithm: token.algorithm) {
        case .found(let key): return key
        case .algorithmMismatch: throw .invalidSignature
        case .notFound: throw .unknownKey(AuthError.loggable(token.keyId ?? "(no kid)"))
        }
    }

    private func mayFetch() -> Bool {
        guard let lastAttempt else { return true }
        let elapsed = now().timeIntervalSince(lastAttempt)
        return elapsed >= refetchInterval || elapsed < 0  // a clock set back must not block fetching
    }

    /// Fetches the JWKS, or joins the fetch already running; keeps the old keys if it fails.
    ///
    /// The task applies its result on the actor before it completes, so every caller that awaited
    /// it sees the new keys.
    private func refresh() async {
        if let inFlight {
            await inFlight.value
            return
        }
        lastAttempt = now()
        fetchCount += 1
        let url = jwksURL
        let task = Task {
            let result: Result<KeySet, AuthError>
            do throws(AuthError) {
                result = .success(try KeySet(jwks: try await JSONFetcher.fetch(url)))
            } catch {
                result = .failure(error)
            }
            self.apply(result)  // the task inherits the actor's isolation
        }
        inFlight = task
        await task.value
    }

    private func apply(_ result: Result<KeySet, AuthError>) {
        inFlight = nil
        switch result {
        case .success(let fetched):
            keySet = fetched
            keysFetchedAt = now()
            lastFailure = nil
        case .failure(let error):
            lastFailure = error
        }
    }

    /// Reads `<authority>/.well-known/openid-configuration`, falling back to RFC 8414
    /// `/.well-known/oauth-authorization-server` (inserted before the authority's path), and returns
    /// its `issuer` and `jwks_uri`. The document's `issuer` must equal `authority` (a trailing `/`
    /// aside), as OIDC Discovery §4.3 and RFC 8414 §3.3 require.
    public static func discover(authority: URL) async throws(AuthError) -> (issuer: String, jwksURL: URL) {
        var failures = [String]()
        for url in discoveryURLs(authority: authority) {
            do throws(AuthError) {
                let document = try await JSONFetcher.fetch(url)
                return try metadata(document, authority: authority)
            } catch {
                failures.append(error.detail)
            }
        }
        throw .keysUnavailable("discovery failed: " + failures.joined(separator: "; "))
    }

    /// The OIDC URL first, then the RFC 8414 URL.
    static func discoveryURLs(authority: URL) -> [URL] {
        guard var components = URLComponents(url: authority, resolvingAgainstBaseURL: false) else { return [] }
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        components.query = nil
        components.fragment = nil
        var urls = [URL]()
        components.path = path + "/.well-known/openid-configuration"
        if let url = components.url { urls.append(url) }
        components.path = "/.well-known/oauth-authorization-server" + path
        if let url = components.url { urls.append(url) }
        return urls
    }

    private static func metadata(_ document: JSONValue, authority: URL) throws(AuthError) -> (issuer: String, jwksURL: URL) {
        guard let issuer = document["issuer"]?.stringValue else { throw .keysUnavailable("metadata has no issuer") }
        guard trimmed(issuer) == trimmed(authority.absoluteString) else {
            throw .keysUnavailable("metadata issuer \(issuer) is not \(authority.absoluteString)")
        }
        guard let text = document["jwks_uri"]?.stringValue, let jwksURL = URL(string: text), JSONFetcher.isAllowed(jwksURL) else {
            throw .keysUnavailable("metadata has no usable jwks_uri")
        }
        return (issuer, jwksURL)
    }

    private static func trimmed(_ text: String) -> Substring {
        var text = Substring(text)
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
