import Model

/// `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, and how failed alternatives are summarised.
extension Evaluator {
    mutating func applyCombinators(_ instance: JSONValue, _ node: SchemaNode, into issues: inout [Issue]) {
        for branch in node.keywords.allOf {
            evaluate(branch, instance, into: &issues)
        }
        if !node.keywords.anyOf.isEmpty {
            var failures: [[Issue]] = []
            for branch in node.keywords.anyOf {
                var branchIssues: [Issue] = []
                evaluate(branch, instance, into: &branchIssues)
                if branchIssues.isEmpty {
                    failures.removeAll()
                    break
                }
                failures.append(branchIssues)
            }
            if !failures.isEmpty { issues += summarise(failures, instance) }
        }
        if !node.keywords.oneOf.isEmpty {
            var failures: [[Issue]] = []
            var matches: [Int] = []
            for (offset, branch) in node.keywords.oneOf.enumerated() {
                var branchIssues: [Issue] = []
                evaluate(branch, instance, into: &branchIssues)
                if branchIssues.isEmpty { matches.append(offset) } else { failures.append(branchIssues) }
            }
            if matches.isEmpty {
                issues += summarise(failures, instance)
            } else if matches.count > 1 {
                var message = "matches more than one of the allowed forms"
                let titles = matches.compactMap { schema.nodes[node.keywords.oneOf[$0]].keywords.title }
                if titles.count == matches.count { message += ": " + titles.map { "`\($0)`" }.joined(separator: ", ") }
                issues.append(Issue(path: path, message: message, keyword: "oneOf"))
            }
        }
        if let forbidden = node.keywords.not {
            var inner: [Issue] = []
            evaluate(forbidden, instance, into: &inner)
            if inner.isEmpty {
                let message = Messages.forbidden(schema.nodes[forbidden].keywords)
                issues.append(Issue(path: path, message: message, keyword: "not"))
            }
        }
        if let condition = node.keywords.ifNode {
            var inner: [Issue] = []
            evaluate(condition, instance, into: &inner)
            if let branch = inner.isEmpty ? node.keywords.thenNode : node.keywords.elseNode {
                evaluate(branch, instance, into: &issues)
            }
        }
    }

    /// What to report when no alternative matched.
    ///
    /// - Every alternative rejected the instance's type → one `type` issue naming all accepted types.
    /// - Every alternative only rejected the value (`const`/`enum`) → one `enum` issue listing all values.
    /// - Otherwise the alternative that got furthest: fewest failed discriminators (`type`/`const`/`enum`
    ///   at this level or on a direct member), then the deepest issue, then the fewest issues.
    /// - When the best alternatives tie and each only misses one required field → "missing required field
    ///   `a` or `b`".
    func summarise(_ failures: [[Issue]], _ instance: JSONValue) -> [Issue] {
        let depth = path.count
        var expected: [String] = []
        var everyBranchRejectsType = true
        for branchIssues in failures {
            let typeIssues = branchIssues.filter { $0.keyword == "type" && $0.path.count == depth }
            if typeIssues.isEmpty {
                everyBranchRejectsType = false
                break
            }
            for issue in typeIssues {
                for name in issue.expectedTypes where !expected.contains(name) { expected.append(name) }
            }
        }
        if everyBranchRejectsType {
            let message = Messages.type(expected: Self.ordered(expected), found: instance)
            return [Issue(path: path, message: message, keyword: "type", expectedTypes: expected)]
        }
        if let allowed = Self.allowedValuesIfOnlyValuesDiffer(failures, depth: depth) {
            let message = Messages.notInEnum(instance, allowed: allowed)
            return [Issue(path: path, message: message, keyword: "enum", allowedValues: allowed)]
        }
        let candidates = failures.filter { branch in
            !branch.contains { $0.keyword == "type" && $0.path.count == depth }
        }
        let scored = candidates.map { branch in
            (
                issues: branch,
                misses: branch.filter { ["type", "const", "enum"].contains($0.keyword) && $0.path.count <= depth + 1 }
                    .count,
                deepest: branch.map(\.path.count).max() ?? depth,
                count: branch.count
            )
        }
        let best = scored.min { left, right in
            if left.misses != right.misses { return left.misses < right.misses }
            if left.deepest != right.deepest { return left.deepest > right.deepest }
            return left.count < right.count
        }!
        let tied = scored.filter { $0.misses == best.misses && $0.deepest == best.deepest && $0.count == best.count }
        let missingOne = tied.compactMap { entry -> String? in
            guard entry.issues.count == 1, let issue = entry.issues.first, issue.keyword == "required",
                issue.path.count == depth
            else { return nil }
            return issue.message.split(separator: "`").dropFirst().first.map(String.init)
        }
        if tied.count > 1, missingOne.count == tied.count {
            let names = missingOne.map { "`\($0)`" }
            let message = "missing required field " + Messages.alternatives(names)
            return [Issue(path: path, message: message, keyword: "required")]
        }
        return best.issues
    }

    /// When every alternative failed only on `const`/`enum` at this level (a documented enumeration such as
    /// `oneOf: [{const: a, description: …}, …]`), all the values they allow.
    static func allowedValuesIfOnlyValuesDiffer(_ failures: [[Issue]], depth: Int) -> [JSONValue]? {
        var allowed: [JSONValue] = []
        for branch in failures {
            for issue in branch {
                guard issue.keyword == "const" || issue.keyword == "enum", issue.path.count == depth else { return nil }
                for value in issue.allowedValues where !allowed.contains(value) { allowed.append(value) }
            }
        }
        return allowed.isEmpty ? nil : allowed
    }

    /// Type names in a stable, readable order (the order JSON Schema lists them, object-ish last).
    static func ordered(_ names: [String]) -> [String] {
        var result = names
        if result.contains("integer") && result.contains("number") { result.removeAll { $0 == "integer" } }
        return result
    }
}

/// JSON Schema equality: numbers compare by value (`1 == 1.0`), objects regardless of key order.
enum JSONEquality {
    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.integer(let a), .integer(let b)): return a == b
        case (.integer, .number), (.number, .integer), (.number, .number):
            return left.doubleValue == right.doubleValue
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        default:
            return left == right
        }
    }

    /// The value with integral numbers as `.integer`, so that `Hashable` agrees with `equal`.
    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let number) where number.rounded() == number && abs(number) < 9.2e18:
            return .integer(Int64(number))
        case .array(let elements): return .array(elements.map(normalized))
        case .object(let members): return .object(members.mapValues(normalized))
        default: return value
        }
    }
}
