import JSONSchema
import Model
import YAML

/// Turns a YAML tree into JSON, reporting what JSON cannot hold (non-scalar keys).
struct NodeConversion {
    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String) { self.path = path }

    mutating func json(of node: Node) -> JSONValue {
        switch node.content {
        case .scalar(let scalar):
            return Self.json(of: scalar)
        case .sequence(let elements):
            return .array(elements.map { json(of: $0) })
        case .mapping(let entries):
            var members: [String: JSONValue] = [:]
            members.reserveCapacity(entries.count)
            for entry in entries {
                guard case .scalar(let keyScalar) = entry.key.content else {
                    diagnostics.append(
                        LoaderCodes.structure(
                            "mapping keys must be plain scalars (text); this key is a collection",
                            at: NodeLocator.sourceLocation(of: entry.key, path: path)))
                    continue
                }
                // Duplicates were already reported by the YAML layer; the first one wins.
                if members[keyScalar.text] == nil {
                    members[keyScalar.text] = json(of: entry.value)
                }
            }
            return .object(members)
        }
    }

    static func json(of scalar: Scalar) -> JSONValue {
        switch scalar.value {
        case .null: .null
        case .bool(let value): .bool(value)
        case .integer(let value): .integer(value)
        case .float(let value): .number(value)
        case .string(let value): .string(value)
        }
    }
}
