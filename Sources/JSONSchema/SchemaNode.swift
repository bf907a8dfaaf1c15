import Foundation
import Model

/// The JSON types a `type` keyword admits.
struct TypeSet: OptionSet, Sendable {
    let rawValue: UInt8

    static let null = TypeSet(rawValue: 1 << 0)
    static let boolean = TypeSet(rawValue: 1 << 1)
    static let integer = TypeSet(rawValue: 1 << 2)
    static let number = TypeSet(rawValue: 1 << 3)
    static let string = TypeSet(rawValue: 1 << 4)
    static let array = TypeSet(rawValue: 1 << 5)
    static let object = TypeSet(rawValue: 1 << 6)

    /// The member named as JSON Schema spells it.
    static func named(_ name: String) -> TypeSet? {
        switch name {
        case "null": .null
        case "boolean": .boolean
        case "integer": .integer
        case "number": .number
        case "string": .string
        case "array": .array
        case "object": .object
        default: nil
        }
    }

    static let allNames = ["null", "boolean", "integer", "number", "string", "array", "object"]

    /// Whether `instance` has one of these types ("integer" admits integral numbers, "number" admits integers).
    func admits(_ instance: JSONValue) -> Bool {
        switch instance {
        case .null: contains(.null)
        case .bool: contains(.boolean)
        case .integer: contains(.integer) || contains(.number)
        case .number(let value):
            contains(.number) || (contains(.integer) && value.isFinite && value.rounded() == value)
        case .string: contains(.string)
        case .array: contains(.array)
        case .object: contains(.object)
        }
    }
}

/// A numeric limit, kept exact when the schema wrote an integer.
enum Bound: Sendable {
    case integer(Int64)
    case number(Double)

    var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        }
    }

    /// `instance` compared to this bound: negative, zero or positive; nil for non-numbers.
    func compare(_ instance: JSONValue) -> Int? {
        switch (instance, self) {
        case (.integer(let value), .integer(let limit)):
            return value < limit ? -1 : (value == limit ? 0 : 1)
        case (.integer, _), (.number, _):
            guard let value = instance.doubleValue else { return nil }
            let limit = doubleValue
            return value < limit ? -1 : (value == limit ? 0 : 1)
        default:
            return nil
        }
    }

    /// Whether `instance` is an integral multiple of this (positive) bound.
    func divides(_ instance: JSONValue) -> Bool {
        if case .integer(let value) = instance, case .integer(let divisor) = self {
            return value % divisor == 0
        }
        guard let value = instance.doubleValue else { return true }
        let quotient = value / doubleValue
        guard quotient.isFinite else { return false }
        return abs(quotient - quotient.rounded()) <= 1e-9 * max(1, abs(quotient))
    }

    /// The bound as users read it: no `.0` when integral.
    var text: String {
        switch self {
        case .integer(let value): String(value)
        case .number(let value): Messages.number(value)
        }
    }
}

/// The string formats the validator checks; other formats are annotations.
enum StringFormat: String, Sendable {
    case dateTime = "date-time"
    case date
    case uri
    case email
}

/// A compiled `pattern` or `patternProperties` regular expression.
///
/// `NSRegularExpression` is immutable after creation, thread-safe, and `Sendable`.
struct CompiledPattern: Sendable {
    let source: String
    let expression: NSRegularExpression

    /// Whether the pattern matches anywhere in `text` (JSON Schema patterns are not anchored).
    func matches(_ text: String) -> Bool {
        let range = NSRange(location: 0, length: text.utf16.count)
        return expression.rangeOfFirstMatch(in: text, options: [], range: range).location != NSNotFound
    }
}

/// The keywords of one (sub)schema after compilation; children are indices into the node table.
struct SchemaKeywords: Sendable {
    /// The boolean schema `false`.
    var isFalse = false
    /// Only annotations (or `true`): nothing to check.
    var isTrivial = true
    /// `title`, used to name the forms of `oneOf`/`anyOf`.
    var title: String?
    /// The schema's `description`: pattern failures quote it, since a raw regular expression
    /// tells users little.
    var description: String?

    var reference: Int?
    var types: TypeSet?
    var typeNames: [String] = []
    var enumValues: [JSONValue]?
    var constValue: JSONValue?

    var properties: [String: Int] = [:]
    var propertyKeys: [String] = []
    var patternProperties: [(pattern: Int, node: Int)] = []
    var additionalProperties: Int?
    var propertyNames: Int?
    var required: [String] = []
    var minProperties: Int?
    var maxProperties: Int?

    var prefixItems: [Int] = []
    var items: Int?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false

    var minLength: Int?
    var maxLength: Int?
    var pattern: Int?
    var format: StringFormat?

    var minimum: Bound?
    var maximum: Bound?
    var exclusiveMinimum: Bound?
    var exclusiveMaximum: Bound?
    var multipleOf: Bound?

    var allOf: [Int] = []
    var anyOf: [Int] = []
    var oneOf: [Int] = []
    var not: Int?
    var ifNode: Int?
    var thenNode: Int?
    var elseNode: Int?

    /// Child nodes evaluated against the same instance (for `$ref` cycle detection).
    var sameInstanceChildren: [Int] {
        var children = allOf + anyOf + oneOf
        for child in [reference, not, ifNode, thenNode, elseNode] {
            if let child { children.append(child) }
        }
        return children
    }
}

/// A compiled schema node. A class so the evaluator reads fields without copying the keyword struct.
final class SchemaNode: Sendable {
    let keywords: SchemaKeywords
    /// `#/…` location in the schema, for error messages about the schema itself.
    let location: String

    init(keywords: SchemaKeywords, location: String) {
        self.keywords = keywords
        self.location = location
    }
}

/// The immutable result of compilation: node 0 is the root.
struct CompiledSchema: Sendable {
    let nodes: [SchemaNode]
    let patterns: [CompiledPattern]
}
