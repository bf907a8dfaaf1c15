/// Builds the node tree from events with an explicit stack (no recursion), enforcing the limits.
///
/// Decisions:
/// - Depth and node-count overruns stop the whole parse: such input is hostile or broken, and
///   reading on would only make libyaml chew through it. Documents completed before are kept.
/// - An alias-budget overrun abandons only its document; the next documents are still built.
/// - Duplicate scalar keys (compared by text, whatever the style) keep the first entry; the
///   duplicate's value is parsed but dropped. Non-scalar keys are not compared.
/// - An unknown (or recursive) alias is reported and replaced by a null scalar at the alias,
///   so that the rest of the document still gets checked.
/// - Merge keys (`<<`) are not implemented: `<<` is an ordinary string key.
/// - A node's `end` is its end event's mark for flow collections (past the bracket), and the
///   end of its last child for block collections (libyaml puts the block end at the next token).
struct TreeBuilder {
    private enum Stop: Error {
        case document
        case stream
    }

    /// A collection under construction. A class so that updating the innermost one through
    /// the stack does not copy it (debug builds copy structs read through an array subscript).
    private final class Frame {
        let isMapping: Bool
        let isFlow: Bool
        let anchor: String?
        let tag: String?
        let start: Mark
        var items: [Node] = []
        var entries: [MappingEntry] = []
        var pendingKey: Node?
        var pendingKeyIsDuplicate = false
        var firstKeyMarks: [String: Mark] = [:]
        /// Nodes this collection stands for, counting aliases at their full size.
        var expandedSize = 1
        var lastEnd: Mark?

        init(isMapping: Bool, isFlow: Bool, anchor: String?, tag: String?, start: Mark) {
            self.isMapping = isMapping
            self.isFlow = isFlow
            self.anchor = anchor
            self.tag = tag
            self.start = start
        }
    }

    private struct Anchored {
        let node: Node
        let expandedSize: Int
    }

    private let limits: YAMLLimits
    private(set) var documents: [Document] = []
    private(set) var problems: [YAMLProblem] = []
    private var nodeCount = 0
    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    /// Anchors of collections still open: an alias to one of them would be a cycle.
    private var openAnchors: [String: Mark] = [:]
    private var aliasExpansion = 0
    private var documentStart = Mark(line: 1, column: 1, offset: 0)
    private var root: Node?
    private var skippingDocument = false

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    /// Records a problem that ended the stream (a libyaml error).
    mutating func record(_ problem: YAMLProblem) {
        problems.append(problem)
    }

    /// Applies one event; false when parsing must stop.
    mutating func handle(_ event: ParseEvent) -> Bool {
        do {
            try apply(event)
            return true
        } catch Stop.document {
            resetDocument()
            skippingDocument = true
            return true
        } catch {
            return false
        }
    }

    private mutating func apply(_ event: ParseEvent) throws {
        switch event {
        case .streamStart, .streamEnd:
            return
        case .documentStart(let mark):
            resetDocument()
            skippingDocument = false
            documentStart = mark
            return
        case .documentEnd(let mark):
            if !skippingDocument, let root {
                documents.append(Document(root: root, start: documentStart, end: mark))
            }
            resetDocument()
            skippingDocument = false
            return
        default:
            if skippingDocument { return }
        }
        switch event {
        case .scalar(let parts, let start, let end):
            try addScalar(parts, start: start, end: end)
        case .alias(let name, let start, let end):
            try addAlias(name, start: start, end: end)
        case .collectionStart(let isMapping, let isFlow, let anchor, let tag, let start):
            try countNode(at: start)
            if stack.count >= limits.maxDepth {
                problems.append(YAMLProblem(
                    kind: .depth,
                    message: "collections nest deeper than the limit of \(limits.maxDepth) levels",
                    mark: start))
                throw Stop.stream
            }
            if let anchor { openAnchors[anchor] = start }
            stack.append(Frame(isMapping: isMapping, isFlow: isFlow, anchor: anchor, tag: tag, start: start))
        case .collectionEnd(let eventEnd):
            guard let frame = stack.popLast() else { return }
            let end = frame.isFlow ? eventEnd : (frame.lastEnd ?? eventEnd)
            let content: Node.Content = frame.isMapping ? .mapping(frame.entries) : .sequence(frame.items)
            let node = Node(content: content, start: frame.start, end: end, tag: frame.tag)
            if let anchor = frame.anchor {
                openAnchors.removeValue(forKey: anchor)
                anchors[anchor] = Anchored(node: node, expandedSize: frame.expandedSize)
            }
            attach(node, expandedSize: frame.expandedSize, start: frame.start, end: end)
        default:
            return
        }
    }

    private mutating func addScalar(_ parts: Scalar.Parts, start: Mark, end: Mark) throws {
        try countNode(at: start)
        let (value, mismatchedTag) = CoreSchema.resolve(text: parts.text, style: parts.style, tag: parts.tag)
        if let mismatchedTag {
            problems.append(YAMLProblem(
                kind: .syntax,
                message: "\(Self.quote(parts.text)) is not a valid \(mismatchedTag) value; it is kept as a string",
                mark: start))
        }
        let node = Node(content: .scalar(Scalar(text: parts.text, style: parts.style, value: value)),
                        start: start, end: end, tag: parts.tag)
        if let anchor = parts.anchor {
            openAnchors.removeValue(forKey: anchor)
            anchors[anchor] = Anchored(node: node, expandedSize: 1)
        }
        attach(node, expandedSize: 1, start: start, end: end)
    }

    private mutating func addAlias(_ name: String, start: Mark, end: Mark) throws {
        guard openAnchors[name] == nil, let anchored = anchors[name] else {
            let message: String
            if let open = openAnchors[name] {
                message = "alias *\(name) refers to a node that contains it (anchor at line \(open.line), column \(open.column)); recursive aliases are not supported"
            } else {
                message = "unknown alias *\(name): no anchor &\(name) before it in this document"
            }
            problems.append(YAMLProblem(kind: .unknownAlias, message: message, mark: start,
                                        relatedMark: openAnchors[name]))
            let null = Node(content: .scalar(Scalar(text: "", style: .plain, value: .null)), start: start, end: end)
            attach(null, expandedSize: 1, start: start, end: end)
            return
        }
        // Check before materialising: each alias costs the full size of what it stands for.
        let (total, overflow) = aliasExpansion.addingReportingOverflow(anchored.expandedSize)
        if overflow || total > limits.maxAliasExpansion {
            problems.append(YAMLProblem(
                kind: .aliasBudget,
                message: "alias *\(name) stands for \(anchored.expandedSize) nodes; with the aliases before it this document would expand to more than the limit of \(limits.maxAliasExpansion) nodes (a \"billion laughs\" pattern?)",
                mark: start, relatedMark: anchored.node.start))
            throw Stop.document
        }
        aliasExpansion = total
        attach(anchored.node, expandedSize: anchored.expandedSize, start: start, end: end)
    }

    private mutating func countNode(at mark: Mark) throws {
        nodeCount += 1
        if nodeCount > limits.maxNodes {
            problems.append(YAMLProblem(kind: .tooManyNodes,
                                        message: "the file has more than the limit of \(limits.maxNodes) nodes",
                                        mark: mark))
            throw Stop.stream
        }
    }

    /// Adds a finished node to the open collection, or makes it the root.
    private mutating func attach(_ node: Node, expandedSize: Int, start: Mark, end: Mark) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let frame = stack[stack.count - 1]
        let (size, overflow) = frame.expandedSize.addingReportingOverflow(expandedSize)
        frame.expandedSize = overflow ? Int.max : size
        frame.lastEnd = end
        guard frame.isMapping else {
            frame.items.append(node)
            return
        }
        if let key = frame.pendingKey {
            if !frame.pendingKeyIsDuplicate {
                frame.entries.append(MappingEntry(key: key, value: node))
            }
            frame.pendingKey = nil
            return
        }
        frame.pendingKey = node
        frame.pendingKeyIsDuplicate = false
        guard case .scalar(let scalar) = node.content else { return }
        if let first = frame.firstKeyMarks[scalar.text] {
            frame.pendingKeyIsDuplicate = true
            problems.append(YAMLProblem(
                kind: .duplicateKey,
                message: "duplicate key \(Self.quote(scalar.text)); the first one (line \(first.line), column \(first.column)) is kept",
                mark: start, relatedMark: first))
        } else {
            frame.firstKeyMarks[scalar.text] = start
        }
    }

    private mutating func resetDocument() {
        stack.removeAll()
        anchors.removeAll()
        openAnchors.removeAll()
        aliasExpansion = 0
        root = nil
    }

    /// Text in double quotes for messages, shortened so a huge key cannot flood the output.
    static func quote(_ text: String) -> String {
        let limit = 60
        let shown = text.count > limit ? text.prefix(limit) + "…" : Substring(text)
        return "\"" + shown + "\""
    }
}
