import Model

/// A violation while evaluating, with what `anyOf`/`oneOf` summaries need to merge type errors.
struct Issue: Hashable {
    var path: [PathComponent]
    var message: String
    var keyword: String
    /// For `type` issues: the types that would have been accepted.
    var expectedTypes: [String] = []
    /// For `enum`/`const` issues: the values that would have been accepted.
    var allowedValues: [JSONValue] = []

    var violation: SchemaViolation { SchemaViolation(path: path, message: message, keyword: keyword) }
}

/// Walks an instance against the compiled node table, collecting issues. `path` is a stack that
/// always holds the location of the instance being evaluated.
struct Evaluator {
    let schema: CompiledSchema
    let isOpaque: (JSONValue) -> Bool
    var path: [PathComponent] = []

    init(schema: CompiledSchema, isOpaque: @escaping (JSONValue) -> Bool) {
        self.schema = schema
        self.isOpaque = isOpaque
        path.reserveCapacity(16)
    }

    /// Validates an instance reached by descending (root, member, element): opaque values pass.
    mutating func validate(_ node: Int, _ instance: JSONValue, into issues: inout [Issue]) {
        if isOpaque(instance) { return }
        evaluate(node, instance, into: &issues)
    }

    private mutating func validateChild(
        _ node: Int, _ instance: JSONValue, at component: PathComponent, into issues: inout [Issue]
    ) {
        if schema.nodes[node].keywords.isTrivial { return }
        path.append(component)
        validate(node, instance, into: &issues)
        path.removeLast()
    }

    /// Applies every keyword of `node` to `instance` (already at `path`).
    mutating func evaluate(_ index: Int, _ instance: JSONValue, into issues: inout [Issue]) {
        let node = schema.nodes[index]
        if node.keywords.isTrivial { return }
        if node.keywords.isFalse {
            issues.append(Issue(path: path, message: "no value is allowed here", keyword: "false"))
            return
        }
        if let reference = node.keywords.reference {
            evaluate(reference, instance, into: &issues)
        }
        if let types = node.keywords.types, !types.admits(instance) {
            issues.append(
                Issue(
                    path: path, message: Messages.type(expected: node.keywords.typeNames, found: instance),
                    keyword: "type", expectedTypes: node.keywords.typeNames))
            return
        }
        if let allowed = node.keywords.enumValues, !allowed.contains(where: { JSONEquality.equal($0, instance) }) {
            let message = Messages.notInEnum(instance, allowed: allowed)
            issues.append(Issue(path: path, message: message, keyword: "enum", allowedValues: allowed))
        }
        if let constant = node.keywords.constValue, !JSONEquality.equal(constant, instance) {
            let message = "must be \(Messages.quoted(constant))"
            issues.append(Issue(path: path, message: message, keyword: "const", allowedValues: [constant]))
        }
        switch instance {
        case .string(let text): checkString(text, node, into: &issues)
        case .integer, .number: checkNumber(instance, node, into: &issues)
        case .object(let members): checkObject(members, node, into: &issues)
        case .array(let elements): checkArray(elements, node, into: &issues)
        case .null, .bool: break
        }
        applyCombinators(instance, node, into: &issues)
    }

    private func checkString(_ text: String, _ node: SchemaNode, into issues: inout [Issue]) {
        if node.keywords.minLength != nil || node.keywords.maxLength != nil {
            let length = text.unicodeScalars.count
            if let minimum = node.keywords.minLength, length < minimum {
                let message = minimum == 1 ? "must not be empty" : "must be at least \(minimum) characters long"
                issues.append(Issue(path: path, message: message, keyword: "minLength"))
            }
            if let maximum = node.keywords.maxLength, length > maximum {
                let message = "must be at most \(Messages.counted(maximum, "character")) long (found \(length))"
                issues.append(Issue(path: path, message: message, keyword: "maxLength"))
            }
        }
        if let index = node.keywords.pattern, !schema.patterns[index].matches(text) {
            let message = node.keywords.description.map { "`\(text)` is not valid: \($0)" }
                ?? "must match pattern \(schema.patterns[index].source)"
            issues.append(Issue(path: path, message: message, keyword: "pattern"))
        }
        if let format = node.keywords.format, !Formats.check(text, format) {
            issues.append(Issue(path: path, message: Messages.format(format), keyword: "format"))
        }
    }

    private func checkNumber(_ instance: JSONValue, _ node: SchemaNode, into issues: inout [Issue]) {
        func add(_ message: String, _ keyword: String) {
            issues.append(Issue(path: path, message: message, keyword: keyword))
        }
        if let bound = node.keywords.minimum, let order = bound.compare(instance), order < 0 {
            add("must be at least \(bound.text)", "minimum")
        }
        if let bound = node.keywords.maximum, let order = bound.compare(instance), order > 0 {
            add("must be at most \(bound.text)", "maximum")
        }
        if let bound = node.keywords.exclusiveMinimum, let order = bound.compare(instance), order <= 0 {
            add("must be greater than \(bound.text)", "exclusiveMinimum")
        }
        if let bound = node.keywords.exclusiveMaximum, let order = bound.compare(instance), order >= 0 {
            add("must be less than \(bound.text)", "exclusiveMaximum")
        }
        if let bound = node.keywords.multipleOf, !bound.divides(instance) {
            add("must be a multiple of \(bound.text)", "multipleOf")
        }
    }

    private mutating func checkObject(
        _ members: [String: JSONValue], _ node: SchemaNode, into issues: inout [Issue]
    ) {
        for name in node.keywords.required where members[name] == nil {
            issues.append(Issue(path: path, message: "missing required field `\(name)`", keyword: "required"))
        }
        if let minimum = node.keywords.minProperties, members.count < minimum {
            let message = "must have at least \(Messages.counted(minimum, "field"))"
            issues.append(Issue(path: path, message: message, keyword: "minProperties"))
        }
        if let maximum = node.keywords.maxProperties, members.count > maximum {
            let message = "must have at most \(Messages.counted(maximum, "field")) (found \(members.count))"
            issues.append(Issue(path: path, message: message, keyword: "maxProperties"))
        }
        let checksMembers = !node.keywords.properties.isEmpty || !node.keywords.patternProperties.isEmpty
            || node.keywords.additionalProperties != nil || node.keywords.propertyNames != nil
        guard checksMembers else { return }
        for (key, value) in members {
            var matched = false
            if let child = node.keywords.properties[key] {
                matched = true
                validateChild(child, value, at: .key(key), into: &issues)
            }
            for (pattern, child) in node.keywords.patternProperties where schema.patterns[pattern].matches(key) {
                matched = true
                validateChild(child, value, at: .key(key), into: &issues)
            }
            if !matched, let additional = node.keywords.additionalProperties {
                if schema.nodes[additional].keywords.isFalse {
                    let message = Messages.unknownField(
                        key, known: node.keywords.propertyKeys, present: Set(members.keys),
                        patterns: node.keywords.patternProperties.map { schema.patterns[$0.pattern].source })
                    issues.append(Issue(path: path + [.key(key)], message: message, keyword: "additionalProperties"))
                } else {
                    validateChild(additional, value, at: .key(key), into: &issues)
                }
            }
            if let names = node.keywords.propertyNames {
                var nameIssues: [Issue] = []
                evaluate(names, .string(key), into: &nameIssues)
                for issue in nameIssues {
                    let message = "invalid field name `\(key)`: \(issue.message)"
                    issues.append(Issue(path: path + [.key(key)], message: message, keyword: "propertyNames"))
                }
            }
        }
    }

    private mutating func checkArray(_ elements: [JSONValue], _ node: SchemaNode, into issues: inout [Issue]) {
        if let minimum = node.keywords.minItems, elements.count < minimum {
            let message = minimum == 1 ? "must not be empty" : "must have at least \(Messages.counted(minimum, "item"))"
            issues.append(Issue(path: path, message: message, keyword: "minItems"))
        }
        if let maximum = node.keywords.maxItems, elements.count > maximum {
            let message = "must have at most \(Messages.counted(maximum, "item")) (found \(elements.count))"
            issues.append(Issue(path: path, message: message, keyword: "maxItems"))
        }
        for (offset, element) in elements.enumerated() {
            if offset < node.keywords.prefixItems.count {
                validateChild(node.keywords.prefixItems[offset], element, at: .index(offset), into: &issues)
            } else if let items = node.keywords.items {
                if schema.nodes[items].keywords.isFalse {
                    let message = "must have at most \(Messages.counted(node.keywords.prefixItems.count, "item"))"
                    issues.append(Issue(path: path + [.index(offset)], message: message, keyword: "items"))
                    break
                }
                validateChild(items, element, at: .index(offset), into: &issues)
            } else {
                break
            }
        }
        if node.keywords.uniqueItems, elements.count > 1 {
            var firstIndex: [JSONValue: Int] = [:]
            for (offset, element) in elements.enumerated() {
                let normalized = JSONEquality.normalized(element)
                if let first = firstIndex[normalized] {
                    let message = "\(Messages.quoted(element)) is listed more than once (also at index \(first))"
                    issues.append(Issue(path: path + [.index(offset)], message: message, keyword: "uniqueItems"))
                } else {
                    firstIndex[normalized] = offset
                }
            }
        }
    }
}
