import Model

/// Settings of the `http.request` action, shared by every step that uses it.
public struct HTTPSettings: Sendable {
    /// The environment variable (and `sovereign.yaml` path `Actions.Http.AllowPrivateHosts`) that
    /// lists private hosts and ranges that steps may reach.
    public static let allowPrivateHostsSettingName = "Actions__Http__AllowPrivateHosts"

    /// One entry of the private-host allow-list.
    public enum AllowedTarget: Sendable, Hashable, CustomStringConvertible {
        /// A host name as written in URLs (`localhost`, `db.internal`), compared without case
        /// and without a trailing dot. Every address it resolves to is allowed.
        case host(String)
        /// An address or a block of addresses (`127.0.0.1`, `10.0.0.0/8`, `fd00::/8`).
        case range(AddressRange)

        /// Parses `localhost`, `127.0.0.1`, `::1`, `[::1]` or `10.0.0.0/8`.
        public init?(parsing text: String) {
            var trimmed = text.trimmingASCIIWhitespace()
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") { trimmed = String(trimmed.dropFirst().dropLast()) }
            guard !trimmed.isEmpty else { return nil }
            if let range = AddressRange(cidrText: trimmed) {
                self = .range(range)
            } else if trimmed.contains("/") || trimmed.contains(":") || trimmed.contains(where: { $0 == " " }) {
                return nil
            } else {
                self = .host(HTTPSettings.normalizedHost(trimmed))
            }
        }

        /// The entry as a user writes it.
        public var description: String {
            switch self {
            case .host(let name): name
            case .range(let range): range.prefixLength == range.base.bytes.count * 8 ? range.base.description : range.description
            }
        }
    }

    /// Private hosts and ranges that steps may reach despite the SSRF guard.
    public var allowedPrivateTargets: [AllowedTarget]
    /// Whether private, loopback, link-local and other non-public addresses are blocked. On by
    /// default; turning it off is for isolated test setups only.
    public var blocksPrivateAddresses: Bool
    /// The timeout when a step gives none (the step's deadline still applies).
    public var defaultTimeout: TimeSpan
    /// The largest response body accepted, in bytes (after content decoding); a larger one
    /// fails the attempt with `response_too_large`.
    public var maximumResponseBytes: Int
    /// The `User-Agent` sent unless a step sets one.
    public var userAgent: String

    /// The default `User-Agent` for a release: `sovereign/<version>`.
    public static func userAgent(version: String) -> String { "sovereign/\(version)" }

    /// Creates settings; the defaults block private addresses, time out after 30 s and accept
    /// response bodies up to 10 MiB.
    public init(
        allowedPrivateTargets: [AllowedTarget] = [],
        blocksPrivateAddresses: Bool = true,
        defaultTimeout: TimeSpan = TimeSpan(milliseconds: 30_000),
        maximumResponseBytes: Int = 10 * 1024 * 1024,
        userAgent: String = "sovereign"
    ) {
        self.allowedPrivateTargets = allowedPrivateTargets
        self.blocksPrivateAddresses = blocksPrivateAddresses
        self.defaultTimeout = defaultTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.userAgent = userAgent
    }

    /// Parses the value of `Actions__Http__AllowPrivateHosts`: entries separated by commas or
    /// spaces. Throws the first entry that is neither a host name, an address nor a CIDR block.
    public static func parseAllowList(_ text: String) throws(InvalidAllowListEntry) -> [AllowedTarget] {
        let entries = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\t" })
        return try entries.map { entry throws(InvalidAllowListEntry) in
            guard let target = AllowedTarget(parsing: String(entry)) else {
                throw InvalidAllowListEntry(entry: String(entry))
            }
            return target
        }
    }

    /// A URL host compared the way the allow-list compares it: lower-case, no trailing dot.
    static func normalizedHost(_ host: String) -> String {
        var lowered = host.lowercased()
        while lowered.hasSuffix(".") { lowered.removeLast() }
        return lowered
    }
}

/// An allow-list entry that is neither a host name, an address nor a CIDR block.
public struct InvalidAllowListEntry: Error, Sendable, Hashable, CustomStringConvertible {
    /// The entry as written.
    public var entry: String

    /// Why the entry was rejected.
    public var description: String {
        "'\(entry)' in \(HTTPSettings.allowPrivateHostsSettingName) is not a host name, an IP address or a CIDR block"
    }
}

extension String {
    /// The text without leading and trailing ASCII spaces, tabs and line breaks.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
