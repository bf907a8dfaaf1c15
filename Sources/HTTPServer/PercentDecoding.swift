/// Percent-decoding of request targets (RFC 3986) and of query strings
/// (`application/x-www-form-urlencoded`, where `+` is a space).
public enum PercentDecoding {
    /// Decodes `%XX` escapes; nil when an escape is malformed or the bytes are not UTF-8.
    /// - Parameter plusIsSpace: whether `+` stands for a space (query strings only).
    public static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String? {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x25 || (plusIsSpace && $0 == 0x2B) }) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x25 {
                let first = utf8.index(after: index)
                guard first < utf8.endIndex else { return nil }
                let second = utf8.index(after: first)
                guard second < utf8.endIndex,
                    let high = hexValue(utf8[first]), let low = hexValue(utf8[second])
                else { return nil }
                bytes.append(high << 4 | low)
                index = utf8.index(after: second)
            } else {
                bytes.append(plusIsSpace && byte == 0x2B ? 0x20 : byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Decodes `text` and is nil when it is malformed (see ``decode(_:plusIsSpace:)``).
    public static func decode(_ text: String, plusIsSpace: Bool = false) -> String? {
        decode(text[...], plusIsSpace: plusIsSpace)
    }

    /// Splits a query string (`a=1&b=x+y&flag`) into decoded pairs, in order; empty parts are skipped.
    /// Nil when any part is malformed.
    public static func queryPairs(_ query: Substring) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = part.firstIndex(of: "=") {
                name = part[part.startIndex..<equals]
                value = part[part.index(after: equals)...]
            } else {
                name = part
                value = ""
            }
            guard let decodedName = decode(name, plusIsSpace: true),
                let decodedValue = decode(value, plusIsSpace: true)
            else { return nil }
            pairs.append((name: decodedName, value: decodedValue))
        }
        return pairs
    }

    /// Splits a raw request target into its decoded path and query; nil when either is malformed.
    /// A fragment (`#…`), which clients should not send, is dropped.
    static func splitTarget(_ rawTarget: String) -> (path: String, query: [(name: String, value: String)])? {
        var target = rawTarget[...]
        if let hash = target.firstIndex(of: "#") {
            target = target[..<hash]
        }
        let rawPath: Substring
        var query: [(name: String, value: String)] = []
        if let mark = target.firstIndex(of: "?") {
            rawPath = target[..<mark]
            guard let pairs = queryPairs(target[target.index(after: mark)...]) else { return nil }
            query = pairs
        } else {
            rawPath = target
        }
        guard let path = decode(rawPath) else { return nil }
        return (path, query)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
