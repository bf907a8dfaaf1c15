#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as raw network-order bytes (4 or 16 of them).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address bytes in network order: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Creates an address from 4 or 16 network-order bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses the canonical numeric text of an address (`inet_pton`: dotted-quad IPv4 or IPv6,
    /// without brackets). Only used for the allow-list; URL hosts go through `getaddrinfo`.
    public init?(numericText text: String) {
        var version4 = in_addr()
        if inet_pton(AF_INET, text, &version4) == 1 {
            self.bytes = withUnsafeBytes(of: &version4) { Array($0) }
            return
        }
        var version6 = in6_addr()
        if inet_pton(AF_INET6, text, &version6) == 1 {
            self.bytes = withUnsafeBytes(of: &version6) { Array($0) }
            return
        }
        return nil
    }

    /// Whether this is an IPv4 address.
    public var isVersion4: Bool { bytes.count == 4 }

    /// The numeric text (`127.0.0.1`, `::1`), as `inet_ntop` writes it.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = isVersion4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        guard written != nil else { return "?" }
        let text = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
        return String(decoding: text, as: UTF8.self)
    }

    /// The text to put in a URL authority: IPv6 in brackets.
    var urlHostText: String { isVersion4 ? description : "[\(description)]" }

    /// The IPv4 address embedded in an IPv6 address by a translation scheme (IPv4-mapped
    /// `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4
    /// `2002:aabb:ccdd::`), which reaches that IPv4 address; nil otherwise.
    var embeddedVersion4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let prefix = Array(bytes[0..<12])
        let mapped: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]
        let compatible = [UInt8](repeating: 0, count: 12)
        let nat64: [UInt8] = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]
        if prefix == mapped || prefix == nat64 { return IPAddress(bytes: Array(bytes[12..<16])) }
        // `::` and `::1` also match; `classify` checks IPv6's own ranges first.
        if prefix == compatible { return IPAddress(bytes: Array(bytes[12..<16])) }
        if bytes[0] == 0x20, bytes[1] == 0x02 { return IPAddress(bytes: Array(bytes[2..<6])) }
        return nil
    }
}

/// A block of addresses written in CIDR notation (`10.0.0.0/8`, `fd00::/8`).
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the block (host bits cleared).
    public let base: IPAddress
    /// The number of leading bits that every address in the block shares.
    public let prefixLength: Int

    /// Creates a block; host bits of `base` are cleared. Nil when the length does not fit.
    public init?(base: IPAddress, prefixLength: Int) {
        guard prefixLength >= 0, prefixLength <= base.bytes.count * 8 else { return nil }
        self.base = IPAddress(bytes: AddressRange.mask(base.bytes, prefixLength))!
        self.prefixLength = prefixLength
    }

    /// Parses `address/length`, or a single address (a block of one).
    public init?(cidrText text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = IPAddress(numericText: String(parts[0])) else {
            return nil
        }
        let length: Int
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), parts[1].allSatisfy(\.isASCII) else { return nil }
            length = parsed
        } else {
            length = address.bytes.count * 8
        }
        self.init(base: address, prefixLength: length)
    }

    /// Whether `address` lies in the block (an IPv4 block never contains an IPv6 address).
    public func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == base.bytes.count && AddressRange.mask(address.bytes, prefixLength) == base.bytes
    }

    /// `base/prefixLength`.
    public var description: String { "\(base)/\(prefixLength)" }

    private static func mask(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bitsKept = min(max(length - index * 8, 0), 8)
            return bitsKept == 0 ? 0 : byte & UInt8(truncatingIfNeeded: 0xff << (8 - bitsKept))
        }
    }
}

/// Why an address is not public: the kinds of ranges that the SSRF guard blocks.
/// The raw value is the phrase that failure messages use.
enum AddressKind: String, Sendable, Hashable {
    /// 127.0.0.0/8, ::1.
    case loopback = "a loopback address"
    /// 169.254.0.0/16, fe80::/10.
    case linkLocal = "a link-local address"
    /// 169.254.169.254 and AWS's fd00:ec2::254.
    case cloudMetadata = "the cloud metadata address (link-local)"
    /// 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10.
    case privateNetwork = "a private-network address"
    /// 100.64.0.0/10 (RFC 6598).
    case sharedAddressSpace = "a carrier-grade NAT (shared) address"
    /// 0.0.0.0/8, ::.
    case unspecified = "an unspecified address"
    /// 224.0.0.0/4, ff00::/8.
    case multicast = "a multicast address"
    /// 255.255.255.255.
    case broadcast = "the broadcast address"
    /// 240.0.0.0/4, 192.0.0.0/24, 198.18.0.0/15, 100::/64.
    case reserved = "a reserved address"

    private static let version4Ranges: [(String, AddressKind)] = [
        ("169.254.169.254/32", .cloudMetadata),
        ("0.0.0.0/8", .unspecified),
        ("10.0.0.0/8", .privateNetwork),
        ("100.64.0.0/10", .sharedAddressSpace),
        ("127.0.0.0/8", .loopback),
        ("169.254.0.0/16", .linkLocal),
        ("172.16.0.0/12", .privateNetwork),
        ("192.0.0.0/24", .reserved),
        ("192.168.0.0/16", .privateNetwork),
        ("198.18.0.0/15", .reserved),
        ("224.0.0.0/4", .multicast),
        ("255.255.255.255/32", .broadcast),
        ("240.0.0.0/4", .reserved),
    ]

    private static let version6Ranges: [(String, AddressKind)] = [
        ("::/128", .unspecified),
        ("::1/128", .loopback),
        ("fe80::/10", .linkLocal),
        ("fec0::/10", .privateNetwork),
        ("fc00::/7", .privateNetwork),
        ("ff00::/8", .multicast),
        ("100::/64", .reserved),
        ("fd00:ec2::254/128", .cloudMetadata),
    ]

    private static let compiled: [(AddressRange, AddressKind)] = (version4Ranges + version6Ranges).map {
        (AddressRange(cidrText: $0.0)!, $0.1)
    }

    /// The kind of non-public range that `address` falls in, or nil for a public address.
    /// IPv6 forms that embed an IPv4 address are judged by that IPv4 address.
    static func classify(_ address: IPAddress) -> AddressKind? {
        if let kind = compiled.first(where: { $0.0.contains(address) })?.1 { return kind }
        if let embedded = address.embeddedVersion4 { return classify(embedded) }
        return nil
    }
}
