import Model

/// Reads the value of one schema keyword, with errors that name the keyword and its location.
struct KeywordReader {
    let name: String
    let value: JSONValue
    let location: String

    func error(_ problem: String) -> SchemaError {
        SchemaError(message: "`\(name)` \(problem) at `\(location)`")
    }

    func object() throws(SchemaError) -> [String: JSONValue] {
        guard let members = value.objectValue else { throw error("must be an object, found \(value.typeName)") }
        return members
    }

    func array() throws(SchemaError) -> [JSONValue] {
        guard let elements = value.arrayValue else { throw error("must be an array, found \(value.typeName)") }
        return elements
    }

    func string() throws(SchemaError) -> String {
        guard let text = value.stringValue else { throw error("must be a string, found \(value.typeName)") }
        return text
    }

    func boolean() throws(SchemaError) -> Bool {
        guard case .bool(let flag) = value else { throw error("must be a boolean, found \(value.typeName)") }
        return flag
    }

    /// An array of distinct strings (`required`).
    func strings() throws(SchemaError) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for element in try array() {
            guard let text = element.stringValue else { throw error("must be an array of strings") }
            guard seen.insert(text).inserted else { throw error("lists `\(text)` twice") }
            result.append(text)
        }
        return result
    }

    /// A non-negative integer (`minLength`, `maxItems`, …); integral numbers such as `1.0` are accepted.
    func count() throws(SchemaError) -> Int {
        switch value {
        case .integer(let number) where number >= 0 && number <= Int64(Int32.max):
            return Int(number)
        case .number(let number) where number >= 0 && number <= Double(Int32.max) && number.rounded() == number:
            return Int(number)
        default:
            throw error("must be a non-negative integer, found \(Messages.quoted(value))")
        }
    }

    /// A number (`minimum`, `multipleOf`, …).
    func bound() throws(SchemaError) -> Bound {
        switch value {
        case .integer(let number): return .integer(number)
        case .number(let number) where number.isFinite: return .number(number)
        default: throw error("must be a number, found \(Messages.quoted(value))")
        }
    }

    /// `type`: one type name or a non-empty array of distinct type names.
    func typeNames() throws(SchemaError) -> [String] {
        let names: [String]
        switch value {
        case .string(let single):
            names = [single]
        case .array(let elements) where !elements.isEmpty:
            names = try elements.map { (element: JSONValue) throws(SchemaError) -> String in
                guard let text = element.stringValue else { throw error("must list type names as strings") }
                return text
            }
        default:
            throw error("must be a type name or a non-empty array of type names")
        }
        for typeName in names where TypeSet.named(typeName) == nil {
            var problem = "names unknown type `\(typeName)`"
            if let close = Suggestion.closest(to: typeName, among: TypeSet.allNames) {
                problem += "; did you mean `\(close)`?"
            }
            throw error(problem)
        }
        guard Set(names).count == names.count else { throw error("lists a type twice") }
        return names
    }
}
