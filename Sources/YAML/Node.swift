/// A position in the source text.
///
/// `line` and `column` are 1-based; `column` counts Unicode characters (scalars), as libyaml does.
/// `offset` is the 0-based byte offset into the input, so callers can slice the original bytes.
public struct Mark: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number.
    public let line: Int
    /// 1-based column, counted in characters (Unicode scalars), not bytes.
    public let column: Int
    /// 0-based byte offset into the parsed input.
    public let offset: Int

    /// Creates a mark; `line` and `column` are 1-based, `offset` is a 0-based byte offset.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The mark as `line:column`, the form editors and compilers print.
    public var description: String { "\(line):\(column)" }
}

/// How a scalar was written in the source.
public enum ScalarStyle: Sendable, Hashable {
    /// Unquoted text; the only style that goes through core-schema resolution.
    case plain
    /// `'text'`
    case singleQuoted
    /// `"text"`
    case doubleQuoted
    /// `|` block scalar.
    case literal
    /// `>` block scalar.
    case folded
}

/// The typed value of a scalar under the YAML 1.2 core schema.
public enum ScalarValue: Sendable, Hashable {
    /// `null`, `Null`, `NULL`, `~` or an empty plain scalar.
    case null
    /// `true`/`True`/`TRUE`/`false`/`False`/`FALSE` only; `yes`, `on`, `NO`… stay strings.
    case bool(Bool)
    /// Decimal (optional sign), `0o` octal or `0x` hexadecimal integer that fits in Int64.
    case integer(Int64)
    /// A float, `.inf`/`-.inf`/`.nan`, or an integer literal too large for Int64 (approximated).
    case float(Double)
    /// Any other text, and every quoted or block scalar.
    case string(String)
}

/// A scalar: its text as parsed (escapes and folding applied), its style and its resolved value.
public struct Scalar: Sendable {
    /// The scalar's content after libyaml's unescaping and folding.
    public let text: String
    /// How the scalar was written.
    public let style: ScalarStyle
    /// The core-schema value (see `ScalarValue`).
    public let value: ScalarValue

    /// Creates a scalar from its parts; no resolution is performed.
    public init(text: String, style: ScalarStyle, value: ScalarValue) {
        self.text = text
        self.style = style
        self.value = value
    }
}

/// One key/value pair of a mapping, in source order.
public struct MappingEntry: Sendable {
    /// The key node (usually a scalar, but YAML allows any node).
    public let key: Node
    /// The value node.
    public let value: Node

    /// Creates an entry.
    public init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }
}

/// A node of the parsed tree. A class so that aliases can share the anchored node instead of
/// copying it (the copy is what makes "billion laughs" expensive).
public final class Node: Sendable {
    /// What the node holds.
    public enum Content: Sendable {
        /// A scalar.
        case scalar(Scalar)
        /// A sequence, in source order.
        case sequence([Node])
        /// A mapping, in source order; for a duplicate key only the first entry is kept.
        case mapping([MappingEntry])
    }

    /// What the node holds.
    public let content: Content
    /// Where the node starts: at its tag or anchor when it has one, else its first character.
    public let start: Mark
    /// Where the node ends (just past its last character).
    public let end: Mark
    /// The explicit tag as resolved by libyaml, e.g. `tag:yaml.org,2002:str` for `!!str`,
    /// `!` for the non-specific tag, `!foo` for a local tag; nil when the node has no tag.
    public let tag: String?

    /// Creates a node.
    public init(content: Content, start: Mark, end: Mark, tag: String? = nil) {
        self.content = content
        self.start = start
        self.end = end
        self.tag = tag
    }

    /// The scalar, when this node is one.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The items, when this node is a sequence.
    public var sequence: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries, when this node is a mapping.
    public var mapping: [MappingEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The value of the first entry whose key is a scalar with this text (linear search).
    public subscript(key: String) -> Node? {
        guard case .mapping(let entries) = content else { return nil }
        for entry in entries {
            if case .scalar(let scalar) = entry.key.content, scalar.text == key { return entry.value }
        }
        return nil
    }
}

/// One YAML document of a stream.
public struct Document: Sendable {
    /// The root node; an empty document (`---` then nothing) has a null plain scalar as root.
    public let root: Node
    /// Where the document starts (`---` when explicit, else its first node).
    public let start: Mark
    /// Where the document ends (past `...` when explicit).
    public let end: Mark

    /// Creates a document.
    public init(root: Node, start: Mark, end: Mark) {
        self.root = root
        self.start = start
        self.end = end
    }
}
