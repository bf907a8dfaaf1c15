/// HTTP header fields: names compare case-insensitively (ASCII), and the order of arrival is kept.
///
/// A name may occur more than once; the subscript answers the first value, ``values(_:)`` all of them.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// Every field in order, with the names spelled as they were added.
    public var all: [(name: String, value: String)]

    /// Creates headers from name-value pairs, keeping their order.
    public init(_ pairs: [(String, String)] = []) {
        all = pairs.map { (name: $0.0, value: $0.1) }
    }

    /// Creates headers from a literal such as `["Content-Type": "text/plain"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value of the field `name` (case-insensitive), or nil.
    public subscript(name: String) -> String? {
        all.first { Self.namesMatch($0.name, name) }?.value
    }

    /// Every value of the field `name` (case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        all.filter { Self.namesMatch($0.name, name) }.map(\.value)
    }

    /// Whether a field named `name` (case-insensitive) is present.
    public func contains(_ name: String) -> Bool {
        all.contains { Self.namesMatch($0.name, name) }
    }

    /// Appends a field, keeping any earlier fields of the same name.
    public mutating func add(_ name: String, _ value: String) {
        all.append((name: name, value: value))
    }

    /// Replaces every field named `name` by one field with `value` (placed where the first one was).
    public mutating func set(_ name: String, _ value: String) {
        if let index = all.firstIndex(where: { Self.namesMatch($0.name, name) }) {
            all[index] = (name: name, value: value)
            var position = all.index(after: index)
            while position < all.endIndex {
                if Self.namesMatch(all[position].name, name) {
                    all.remove(at: position)
                } else {
                    position = all.index(after: position)
                }
            }
        } else {
            add(name, value)
        }
    }

    /// Removes every field named `name` (case-insensitive).
    public mutating func remove(_ name: String) {
        all.removeAll { Self.namesMatch($0.name, name) }
    }

    /// The number of fields.
    public var count: Int { all.count }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        all.makeIterator()
    }

    /// ASCII case-insensitive comparison of two field names, without allocating.
    static func namesMatch(_ left: String, _ right: String) -> Bool {
        let leftBytes = left.utf8
        let rightBytes = right.utf8
        guard leftBytes.count == rightBytes.count else { return false }
        for (leftByte, rightByte) in zip(leftBytes, rightBytes) where leftByte != rightByte {
            guard lowercased(leftByte) == lowercased(rightByte) else { return false }
        }
        return true
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 65 && byte <= 90) ? byte + 32 : byte
    }
}
