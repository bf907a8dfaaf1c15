import JSONSchema
import Model
import YAML

/// One YAML document of ours (`apiVersion: sovereign/v1`), as loaded from a file.
public struct LoadedDocument: Sendable {
    /// The file's path as the user named it.
    public let path: String
    /// 0-based position of the document in its file.
    public let index: Int
    /// The document's kind.
    public let kind: ResourceKind
    /// `metadata.name`, when it is a string.
    public let name: String?
    /// The decoded resource; nil when the document broke its kind's schema.
    public let resource: Resource?
    /// The document as JSON.
    public let json: JSONValue
    /// The YAML tree, kept to locate diagnostics.
    public let root: Node

    /// Where the value at `jsonPath` starts (or its key, when `key` is true); falls back to the
    /// deepest ancestor that exists.
    public func location(of jsonPath: [PathComponent], key: Bool = false) -> SourceLocation {
        NodeLocator.location(of: jsonPath, in: root, path: path, key: key)
    }

    /// Where character `offset` of the string at `jsonPath` is, when the scalar sits on one line
    /// (so the column is exact); otherwise where the scalar starts.
    public func location(of jsonPath: [PathComponent], characterOffset offset: Int) -> SourceLocation {
        NodeLocator.location(of: jsonPath, in: root, path: path, characterOffset: offset)
    }

    /// Where the document's `metadata.name` is written (or the document's start).
    public var nameLocation: SourceLocation { location(of: [.key("metadata"), .key("name")]) }
}

/// Walks a YAML tree by JSON path to find source positions.
enum NodeLocator {
    static func location(of jsonPath: [PathComponent], in root: Node, path: String, key: Bool) -> SourceLocation {
        let (node, keyNode) = find(jsonPath, in: root)
        let located = key ? (keyNode ?? node) : node
        return sourceLocation(of: located, path: path)
    }

    static func location(of jsonPath: [PathComponent], in root: Node, path: String, characterOffset: Int)
        -> SourceLocation
    {
        let (node, _) = find(jsonPath, in: root)
        guard case .scalar(let scalar) = node.content, node.start.line == node.end.line else {
            return sourceLocation(of: node, path: path)
        }
        let quoteWidth = (scalar.style == .singleQuoted || scalar.style == .doubleQuoted) ? 1 : 0
        let column = node.start.column + quoteWidth + characterOffset
        return SourceLocation(path: path, line: node.start.line, column: column)
    }

    static func sourceLocation(of node: Node, path: String) -> SourceLocation {
        SourceLocation(
            path: path, line: node.start.line, column: node.start.column,
            endLine: node.end.line, endColumn: node.end.column)
    }

    /// The deepest node along `jsonPath`, and the key node of the last mapping step taken.
    static func find(_ jsonPath: [PathComponent], in root: Node) -> (node: Node, key: Node?) {
        var current = root
        var lastKey: Node?
        for component in jsonPath {
            switch (component, current.content) {
            case (.key(let name), .mapping(let entries)):
                guard let entry = entries.first(where: { keyText($0.key) == name }) else { return (current, nil) }
                lastKey = entry.key
                current = entry.value
            case (.index(let position), .sequence(let elements)) where position < elements.count:
                lastKey = nil
                current = elements[position]
            default:
                return (current, nil)
            }
        }
        return (current, lastKey)
    }

    static func keyText(_ node: Node) -> String? {
        if case .scalar(let scalar) = node.content { return scalar.text }
        return nil
    }
}
