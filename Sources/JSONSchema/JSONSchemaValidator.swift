import Foundation
import Model

/// A JSON Schema 2020-12 validator for the subset Sovereign uses, compiled once and reusable from any thread.
///
/// Supported: `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`,
/// `patternProperties`, `propertyNames`, `minProperties`, `maxProperties`, `items`, `prefixItems`,
/// `minItems`, `maxItems`, `uniqueItems`, `minLength`, `maxLength`, `pattern`, `format`
/// (`date-time`, `date`, `uri`, `email`; others are annotations), `minimum`, `maximum`,
/// `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, `allOf`, `anyOf`, `oneOf`, `not`,
/// `if`/`then`/`else`, local `$ref`, `$defs`, and annotations. Any other keyword is a `SchemaError`.
public struct JSONSchemaValidator: Sendable {
    private let compiled: CompiledSchema

    /// Compiles `schema`; throws for unsupported keywords, malformed keyword values, invalid patterns,
    /// unresolvable or non-local `$ref`s, and `$ref` cycles that never descend into the instance.
    public init(schema: JSONValue) throws(SchemaError) {
        var compiler = SchemaCompiler(root: schema)
        compiled = try compiler.compile()
    }

    /// Parses `jsonText` as JSON and compiles it as a schema.
    public init(jsonText: String) throws(SchemaError) {
        let schema: JSONValue
        do {
            schema = try JSONDecoder().decode(JSONValue.self, from: Data(jsonText.utf8))
        } catch {
            throw SchemaError(message: "the schema is not valid JSON: \(error)")
        }
        try self.init(schema: schema)
    }

    /// The violations of `instance`, sorted by path (object keys in sorted order, array indices in
    /// order); empty when it conforms.
    ///
    /// `isOpaque`: values the validator must accept whatever the schema says (used for strings that
    /// are `${ jq }` expressions whose type is only known at run time). It is asked about the root
    /// and about every member and element the schema descends into.
    public func validate(_ instance: JSONValue, isOpaque: (JSONValue) -> Bool = { _ in false }) -> [SchemaViolation] {
        var issues: [Issue] = []
        withoutActuallyEscaping(isOpaque) { isOpaque in
            var evaluator = Evaluator(schema: compiled, isOpaque: isOpaque)
            evaluator.validate(0, instance, into: &issues)
        }
        if issues.isEmpty { return [] }
        var seen = Set<Issue>()
        let unique = issues.filter { seen.insert(Issue(path: $0.path, message: $0.message, keyword: $0.keyword)).inserted }
        let ordered = unique.enumerated().sorted { left, right in
            switch Self.compare(left.element.path, right.element.path) {
            case .orderedAscending: true
            case .orderedDescending: false
            case .orderedSame: left.offset < right.offset
            }
        }
        return ordered.map(\.element.violation)
    }

    /// Whether `instance` conforms (same rules as `validate`).
    public func isValid(_ instance: JSONValue, isOpaque: (JSONValue) -> Bool = { _ in false }) -> Bool {
        validate(instance, isOpaque: isOpaque).isEmpty
    }

    /// Document order: component by component, keys by string order, indices numerically, parents first.
    static func compare(_ left: [PathComponent], _ right: [PathComponent]) -> ComparisonResult {
        for (a, b) in zip(left, right) {
            switch (a, b) {
            case (.key(let x), .key(let y)) where x != y: return x < y ? .orderedAscending : .orderedDescending
            case (.index(let x), .index(let y)) where x != y: return x < y ? .orderedAscending : .orderedDescending
            case (.index, .key): return .orderedAscending
            case (.key, .index): return .orderedDescending
            default: continue
            }
        }
        if left.count == right.count { return .orderedSame }
        return left.count < right.count ? .orderedAscending : .orderedDescending
    }
}
