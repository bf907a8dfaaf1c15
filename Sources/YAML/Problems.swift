/// Limits that bound the time and memory a parse may take, whatever the input.
public struct YAMLLimits: Sendable {
    /// Inputs larger than this are refused before parsing (`tooLarge`).
    public var maxBytes = 1_048_576
    /// Deepest allowed nesting of collections; the root collection is depth 1 (`depth`).
    /// Keep it in the hundreds: the builder is iterative, but releasing a tree is recursive.
    public var maxDepth = 128
    /// Most nodes (scalars and collections, aliases excluded) in the whole input (`tooManyNodes`).
    public var maxNodes = 300_000
    /// Most nodes that aliases may stand for in one document, each alias counting the full
    /// size of the tree it refers to (`aliasBudget`).
    public var maxAliasExpansion = 100_000

    /// The default limits.
    public init() {}
}

/// Something wrong with the input, with its position.
public struct YAMLProblem: Sendable, Hashable, Error {
    /// The category of a problem.
    public enum Kind: String, Sendable {
        /// libyaml rejected the text (also used for a scalar whose text does not fit its
        /// explicit core tag, such as `!!int abc`).
        case syntax
        /// A mapping repeats a scalar key.
        case duplicateKey
        /// Aliases in one document stand for more nodes than `maxAliasExpansion`.
        case aliasBudget
        /// Collections nest deeper than `maxDepth`.
        case depth
        /// The input is larger than `maxBytes` (or libyaml ran out of memory).
        case tooLarge
        /// The input holds more nodes than `maxNodes`.
        case tooManyNodes
        /// The input is not valid UTF-8 or holds characters YAML forbids.
        case encoding
        /// The input holds a NUL byte.
        case binary
        /// An alias names an anchor that is not defined (yet) in its document.
        case unknownAlias
    }

    /// The category.
    public let kind: Kind
    /// A sentence for people.
    public let message: String
    /// Where the problem is.
    public let mark: Mark
    /// A second position that explains the problem (the first key of a duplicate, the anchor
    /// of an alias, the context libyaml was parsing), when there is one.
    public let relatedMark: Mark?

    /// Creates a problem.
    public init(kind: Kind, message: String, mark: Mark, relatedMark: Mark? = nil) {
        self.kind = kind
        self.message = message
        self.mark = mark
        self.relatedMark = relatedMark
    }
}

/// The outcome of a parse: every document that could be built, and every problem found.
public struct YAMLParseResult: Sendable {
    /// Documents completed, in order. A document abandoned for a problem is not included, but
    /// documents completed before it (and, after an alias-budget problem, after it) are.
    public let documents: [Document]
    /// Problems in the order they were found.
    public let problems: [YAMLProblem]

    /// Creates a result.
    public init(documents: [Document], problems: [YAMLProblem]) {
        self.documents = documents
        self.problems = problems
    }
}

/// Byte sizes in the units people read: "512 bytes", "3.5 KiB", "20.0 MiB".
enum ByteSize {
    static func describe(_ count: Int) -> String {
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (name, size) in units where count >= size {
            // One decimal without Foundation: round to tenths in integer arithmetic.
            let tenths = (count * 10 + size / 2) / size
            return "\(tenths / 10).\(tenths % 10) \(name)"
        }
        return count == 1 ? "1 byte" : "\(count) bytes"
    }

    /// Both sizes, exact when the rounded forms would read the same.
    static func compare(_ size: Int, limit: Int) -> (String, String) {
        let (sizeText, limitText) = (describe(size), describe(limit))
        if sizeText == limitText { return ("\(size) bytes", "\(limit) bytes") }
        return (sizeText, limitText)
    }
}
