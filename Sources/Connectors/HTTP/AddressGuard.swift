import Dispatch
import Engine
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SSRF guard: lets a request through only when its URL is http(s) and every address its host
/// resolves to is public or allow-listed.
///
/// Hosts are resolved with `getaddrinfo` and the numeric results are judged, never the host text,
/// so every spelling of an address (`2130706433`, `0177.0.0.1`, `0x7f.1`, `[::ffff:127.0.0.1]`,
/// a DNS name pointing at `10.0.0.5`) is caught the same way.
///
/// DNS rebinding: URLSession resolves the host again when it connects, and a hostile DNS server
/// could answer differently the second time. For `http` URLs the request is therefore sent to the
/// checked address itself (the URL's host is replaced by it and `Host` keeps the name; see
/// `HTTPRequestPlan.urlRequest`). For `https` the name must stay in the URL for SNI and
/// certificate checks, so the gap remains in principle, but a rebound connection reaches a server
/// that cannot present a certificate for the attacker's name, and the TLS handshake fails.
struct AddressGuard: Sendable {
    /// The outcome of a successful check.
    struct Clearance: Sendable, Hashable {
        /// The host as written in the URL (brackets removed).
        var host: String
        /// Every address the host resolved to, in `getaddrinfo`'s order.
        var addresses: [IPAddress]
        /// The address to connect to: the first one.
        var pinnedAddress: IPAddress { addresses[0] }
    }

    let settings: HTTPSettings

    /// Checks `url`; throws `blocked` (not retryable), `invalid_input`, or `network` when the host
    /// cannot be resolved (retryable: DNS failures are often passing).
    func check(_ url: URL) async throws(ActionFailure) -> Clearance {
        let scheme = url.scheme?.lowercased() ?? ""
        guard scheme == "http" || scheme == "https" else {
            let shown = scheme.isEmpty ? "a URL without a scheme" : "the '\(scheme)' scheme"
            throw ActionFailure(
                message: "\(RedactedURL.text(url)) is blocked: only http and https URLs are allowed, not \(shown)",
                code: "blocked", retryable: false)
        }
        let host = Self.host(of: url)
        guard !host.isEmpty else {
            throw ActionFailure(message: "\(RedactedURL.text(url)) has no host", code: "invalid_input", retryable: false)
        }
        // Percent-encoded host names are decoded differently by different parsers; refuse them.
        // An IPv6 zone (`fe80::1%25eth0`) keeps its `%`, and is link-local anyway.
        if host.contains("%"), !host.contains(":") {
            throw ActionFailure(
                message: "The host '\(host)' is percent-encoded; write it plainly", code: "invalid_input", retryable: false)
        }
        let addresses = try await Self.resolve(host)
        let hostAllowed = settings.allowedPrivateTargets.contains(.host(HTTPSettings.normalizedHost(host)))
        if settings.blocksPrivateAddresses, !hostAllowed {
            for address in addresses {
                guard let kind = AddressKind.classify(address), !isAllowed(address) else { continue }
                let resolvesTo = address.description == host ? "is \(address)" : "resolves to \(address)"
                throw ActionFailure(
                    message: "The host '\(host)' \(resolvesTo), \(kind.rawValue); add it to "
                        + "\(HTTPSettings.allowPrivateHostsSettingName) to allow it",
                    code: "blocked", retryable: false)
            }
        }
        return Clearance(host: host, addresses: addresses)
    }

    private func isAllowed(_ address: IPAddress) -> Bool {
        settings.allowedPrivateTargets.contains { target in
            if case .range(let range) = target { return range.contains(address) }
            return false
        }
    }

    /// The URL's host without IPv6 brackets.
    static func host(of url: URL) -> String {
        var host = URLComponents(url: url, resolvingAgainstBaseURL: true)?.percentEncodedHost ?? url.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        // A zone in a URL is written `%25eth0`; getaddrinfo wants `%eth0`.
        if host.contains(":") { host = host.replacingOccurrences(of: "%25", with: "%") }
        return host
    }

    /// Resolves `host` with `getaddrinfo` on a background queue (it blocks), returning every
    /// address. Numeric hosts in any notation `inet_aton` accepts come back as their address.
    static func resolve(_ host: String) async throws(ActionFailure) -> [IPAddress] {
        let result: Result<[IPAddress], ActionFailure> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: resolveBlocking(host))
            }
        }
        return try result.get()
    }

    private static func resolveBlocking(_ host: String) -> Result<[IPAddress], ActionFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0 else {
            let reason = String(cString: gai_strerror(status))
            return .failure(ActionFailure(
                message: "The host '\(host)' could not be resolved: \(reason)", code: "network", retryable: true))
        }
        var addresses: [IPAddress] = []
        var cursor = list
        while let entry = cursor?.pointee {
            if let socketAddress = entry.ai_addr, let address = address(from: socketAddress, family: entry.ai_family),
                !addresses.contains(address)
            {
                addresses.append(address)
            }
            cursor = entry.ai_next
        }
        guard !addresses.isEmpty else {
            return .failure(ActionFailure(
                message: "The host '\(host)' resolved to no address", code: "network", retryable: true))
        }
        return .success(addresses)
    }

    private static func address(from pointer: UnsafeMutablePointer<sockaddr>, family: Int32) -> IPAddress? {
        switch family {
        case AF_INET:
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { version4 in
                var raw = version4.pointee.sin_addr
                return IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) })
            }
        case AF_INET6:
            return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { version6 in
                var raw = version6.pointee.sin6_addr
                return IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) })
            }
        default:
            return nil
        }
    }
}

/// URLs as messages show them: without a password.
enum RedactedURL {
    /// `url` as text, with any user information removed.
    static func text(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true),
            components.user != nil || components.password != nil
        else { return url.absoluteString }
        components.user = nil
        components.password = nil
        return components.string ?? url.absoluteString
    }
}
