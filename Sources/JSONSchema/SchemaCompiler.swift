import Foundation
import Model

/// Turns a schema `JSONValue` into a `CompiledSchema`: every subschema becomes one node, `$ref`s
/// point straight at their target node, and every pattern is compiled once.
struct SchemaCompiler {
    static let annotations: Set<String> = [
        "$schema", "$id", "$comment", "title", "description", "default", "examples",
        "deprecated", "readOnly", "writeOnly", "markdownDescription",
    ]
    static let assertions: Set<String> = [
        "$ref", "$defs", "type", "enum", "const",
        "properties", "required", "additionalProperties", "patternProperties", "propertyNames",
        "minProperties", "maxProperties", "items", "prefixItems", "minItems", "maxItems", "uniqueItems",
        "minLength", "maxLength", "pattern", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    ]

    let root: JSONValue
    private var slots: [SchemaKeywords?] = []
    private var locations: [String] = []
    private var indexByLocation: [[String]: Int] = [:]
    private var patterns: [CompiledPattern] = []
    private var patternIndex: [String: Int] = [:]

    init(root: JSONValue) {
        self.root = root
    }

    /// Compiles the whole schema and rejects `$ref` cycles that never descend into the instance.
    mutating func compile() throws(SchemaError) -> CompiledSchema {
        _ = try compile(root, at: [])
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(slots.count)
        for (index, slot) in slots.enumerated() {
            guard let slot else { throw SchemaError(message: "internal error: node \(index) not compiled") }
            nodes.append(SchemaNode(keywords: slot, location: locations[index]))
        }
        try Self.rejectCycles(nodes)
        return CompiledSchema(nodes: nodes, patterns: patterns)
    }

    /// Compiles the subschema `value` found at `tokens`, once per location.
    mutating func compile(_ value: JSONValue, at tokens: [String]) throws(SchemaError) -> Int {
        if let existing = indexByLocation[tokens] { return existing }
        let index = slots.count
        let location = "#" + JSONPointer.text(of: tokens)
        slots.append(nil)
        locations.append(location)
        indexByLocation[tokens] = index
        var keywords = SchemaKeywords()
        switch value {
        case .bool(true):
            break
        case .bool(false):
            keywords.isFalse = true
            keywords.isTrivial = false
        case .object(let members):
            for name in members.keys.sorted() {
                try compile(keyword: name, value: members[name]!, at: tokens, into: &keywords)
            }
            keywords.title = members["title"]?.stringValue
            keywords.description = members["description"]?.stringValue
        default:
            throw SchemaError(message: "a schema must be an object or a boolean, found \(value.typeName) at `\(location)`")
        }
        slots[index] = keywords
        return index
    }

    private mutating func compile(
        keyword name: String, value: JSONValue, at tokens: [String], into keywords: inout SchemaKeywords
    ) throws(SchemaError) {
        if Self.annotations.contains(name) { return }
        guard Self.assertions.contains(name) else {
            var message = "unsupported keyword `\(name)` at `#\(JSONPointer.text(of: tokens))`"
            if let close = Suggestion.closest(to: name, among: Self.assertions.union(Self.annotations).sorted()) {
                message += "; did you mean `\(close)`?"
            }
            throw SchemaError(message: message)
        }
        let here = tokens + [name]
        if name != "$defs" { keywords.isTrivial = false }
        let reader = KeywordReader(name: name, value: value, location: "#" + JSONPointer.text(of: here))
        switch name {
        case "$ref": keywords.reference = try compileReference(reader)
        case "$defs":
            for (key, schema) in try reader.object().sorted(by: { $0.key < $1.key }) {
                _ = try compile(schema, at: here + [key])
            }
        case "type":
            let names = try reader.typeNames()
            keywords.typeNames = names
            keywords.types = names.reduce(into: TypeSet()) { $0.formUnion(TypeSet.named($1)!) }
        case "enum": keywords.enumValues = try reader.array()
        case "const": keywords.constValue = value
        case "properties":
            let members = try reader.object()
            keywords.propertyKeys = members.keys.sorted()
            for key in keywords.propertyKeys {
                keywords.properties[key] = try compile(members[key]!, at: here + [key])
            }
        case "patternProperties":
            for (key, schema) in try reader.object().sorted(by: { $0.key < $1.key }) {
                let pattern = try compilePattern(key, location: reader.location)
                keywords.patternProperties.append((pattern, try compile(schema, at: here + [key])))
            }
        case "additionalProperties": keywords.additionalProperties = try compile(value, at: here)
        case "propertyNames": keywords.propertyNames = try compile(value, at: here)
        case "required": keywords.required = try reader.strings()
        case "minProperties": keywords.minProperties = try reader.count()
        case "maxProperties": keywords.maxProperties = try reader.count()
        case "items": keywords.items = try compile(value, at: here)
        case "prefixItems": keywords.prefixItems = try compileList(reader, at: here)
        case "minItems": keywords.minItems = try reader.count()
        case "maxItems": keywords.maxItems = try reader.count()
        case "uniqueItems": keywords.uniqueItems = try reader.boolean()
        case "minLength": keywords.minLength = try reader.count()
        case "maxLength": keywords.maxLength = try reader.count()
        case "pattern": keywords.pattern = try compilePattern(try reader.string(), location: reader.location)
        case "format": keywords.format = StringFormat(rawValue: try reader.string())
        case "minimum": keywords.minimum = try reader.bound()
        case "maximum": keywords.maximum = try reader.bound()
        case "exclusiveMinimum": keywords.exclusiveMinimum = try reader.bound()
        case "exclusiveMaximum": keywords.exclusiveMaximum = try reader.bound()
        case "multipleOf":
            let bound = try reader.bound()
            guard bound.doubleValue > 0 else { throw reader.error("must be a number greater than 0") }
            keywords.multipleOf = bound
        case "allOf": keywords.allOf = try compileList(reader, at: here)
        case "anyOf": keywords.anyOf = try compileList(reader, at: here)
        case "oneOf": keywords.oneOf = try compileList(reader, at: here)
        case "not": keywords.not = try compile(value, at: here)
        case "if": keywords.ifNode = try compile(value, at: here)
        case "then": keywords.thenNode = try compile(value, at: here)
        case "else": keywords.elseNode = try compile(value, at: here)
        default: throw reader.error("is not implemented")
        }
    }

    private mutating func compileList(_ reader: KeywordReader, at tokens: [String]) throws(SchemaError) -> [Int] {
        let elements = try reader.array()
        guard !elements.isEmpty else { throw reader.error("must be a non-empty array of schemas") }
        var indices: [Int] = []
        for (offset, element) in elements.enumerated() {
            indices.append(try compile(element, at: tokens + [String(offset)]))
        }
        return indices
    }

    private mutating func compilePattern(_ source: String, location: String) throws(SchemaError) -> Int {
        if let existing = patternIndex[source] { return existing }
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(pattern: source, options: [])
        } catch {
            throw SchemaError(message: "invalid regular expression `\(source)` at `\(location)`")
        }
        patterns.append(CompiledPattern(source: source, expression: expression))
        patternIndex[source] = patterns.count - 1
        return patterns.count - 1
    }

    /// Resolves a local `$ref` (`#`, `#/$defs/name`, any JSON pointer into the root) and compiles its target.
    private mutating func compileReference(_ reader: KeywordReader) throws(SchemaError) -> Int {
        let reference = try reader.string()
        guard reference.hasPrefix("#") else {
            throw reader.error("`\(reference)` is not supported: only local references (`#/…`) are")
        }
        let fragment = reference.dropFirst().removingPercentEncoding ?? String(reference.dropFirst())
        guard let tokens = JSONPointer.tokens(of: fragment[...]) else {
            throw reader.error("`\(reference)` is not a JSON pointer (anchors are not supported)")
        }
        var target = root
        for (depth, token) in tokens.enumerated() {
            var next: JSONValue?
            var candidates: [String] = []
            switch target {
            case .object(let members):
                next = members[token]
                candidates = members.keys.sorted()
            case .array(let elements):
                if let offset = Int(token), elements.indices.contains(offset) { next = elements[offset] }
            default: break
            }
            guard let next else {
                let prefix = "#" + JSONPointer.text(of: Array(tokens[..<depth]))
                var message = "`\(reference)` does not resolve: `\(prefix)` has no `\(token)`"
                if let close = Suggestion.closest(to: token, among: candidates) {
                    message += "; did you mean `\(close)`?"
                }
                throw reader.error(message)
            }
            target = next
        }
        return try compile(target, at: tokens)
    }

    /// Rejects schemas whose `$ref`/applicators loop back to a node without moving into the instance.
    static func rejectCycles(_ nodes: [SchemaNode]) throws(SchemaError) {
        var state = [UInt8](repeating: 0, count: nodes.count)  // 0 new, 1 on stack, 2 done
        for start in nodes.indices where state[start] == 0 {
            var stack: [(node: Int, children: [Int], next: Int)] = [
                (start, nodes[start].keywords.sameInstanceChildren, 0)
            ]
            state[start] = 1
            while let top = stack.last {
                if top.next == top.children.count {
                    state[top.node] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let child = top.children[top.next]
                if state[child] == 1 {
                    throw SchemaError(
                        message: "`$ref` cycle at `\(nodes[child].location)`: the schema refers to itself without "
                            + "descending into a property or item")
                }
                if state[child] == 0 {
                    state[child] = 1
                    stack.append((child, nodes[child].keywords.sameInstanceChildren, 0))
                }
            }
        }
    }
}
