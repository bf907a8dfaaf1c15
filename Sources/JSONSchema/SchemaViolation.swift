import Model

/// One step of a path into a JSON instance: an object member or an array element.
public enum PathComponent: Sendable, Hashable, CustomStringConvertible {
    /// An object member, by key.
    case key(String)
    /// An array element, by 0-based index.
    case index(Int)

    /// The RFC 6901 reference token (`~` as `~0`, `/` as `~1`).
    public var description: String {
        switch self {
        case .key(let key):
            key.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
        case .index(let index):
            String(index)
        }
    }
}

/// One reason why an instance does not conform to a schema.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance: the deepest useful place. For an unknown property the path includes
    /// that property's key; for a missing required property it is the path of the object.
    public let path: [PathComponent]
    /// The user-facing message, e.g. "missing required field `action`".
    public let message: String
    /// The JSON Schema keyword that failed: `required`, `additionalProperties`, `type`, `enum`, …
    public let keyword: String

    /// Creates a violation.
    public init(path: [PathComponent], message: String, keyword: String) {
        self.path = path
        self.message = message
        self.keyword = keyword
    }

    /// The RFC 6901 JSON pointer of `path`, e.g. `/spec/steps/0/needs` (`""` for the root).
    public var pointer: String {
        JSONPointer.text(of: path)
    }

    /// `pointer: message`, or just the message at the root.
    public var description: String {
        path.isEmpty ? message : "\(pointer): \(message)"
    }
}

/// A schema the validator cannot use: unsupported keyword, malformed keyword value, unresolvable `$ref`.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and where in the schema (as a `#/…` pointer).
    public let message: String

    /// Creates an error with the given message.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// RFC 6901 helpers.
enum JSONPointer {
    /// `/a/0/b~1c` for a path.
    static func text(of path: [PathComponent]) -> String {
        var text = ""
        for component in path {
            text += "/"
            text += component.description
        }
        return text
    }

    /// `/a/b~1c` for reference tokens that are all keys or indices as text.
    static func text(of tokens: [String]) -> String {
        text(of: tokens.map { PathComponent.key($0) })
    }

    /// The reference tokens of `pointer` (which starts with `/` or is empty), unescaped.
    static func tokens(of pointer: Substring) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.first == "/" else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacingAll("~1", with: "/").replacingAll("~0", with: "~")
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` (non-empty) without needing Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
