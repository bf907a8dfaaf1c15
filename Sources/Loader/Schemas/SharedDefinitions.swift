import Model

/// Schema pieces every kind shares: names, metadata, durations.
enum SharedDefinitions {
    static let schemaDialect: JSONValue = "https://json-schema.org/draft/2020-12/schema"

    static let name: JSONValue = [
        "type": "string", "pattern": .string(Naming.resourceNamePattern), "maxLength": 63,
        "description": "Lower-case letters, digits and '-', starting and ending with a letter or digit (at most 63).",
    ]

    static let duration: JSONValue = [
        "type": "string", "pattern": .string(TimeSpan.pattern),
        "description": "A duration: numbers of at most 9 digits, each with a unit (ms, s, m, h, d), such as 30s or 1h30m.",
    ]

    static let metadata: JSONValue = [
        "type": "object", "additionalProperties": false, "required": ["name"],
        "properties": [
            "name": ["$ref": "#/$defs/name"],
            "title": ["type": "string"],
            "description": ["type": "string"],
            "labels": ["type": "object", "additionalProperties": ["type": "string"]],
        ],
    ]

    static let freeObject: JSONValue = ["type": "object"]

    /// The envelope every document has: apiVersion, kind, metadata, spec.
    static func document(kind: ResourceKind, title: String, spec: JSONValue, extraDefinitions: [String: JSONValue] = [:])
        -> JSONValue
    {
        var definitions: [String: JSONValue] = ["name": name, "duration": duration, "metadata": metadata]
        definitions.merge(extraDefinitions) { _, new in new }
        return [
            "$schema": schemaDialect,
            "$id": .string("urn:sovereign:schema:v1:\(kind.rawValue.lowercased())"),
            "title": .string(title),
            "type": "object", "additionalProperties": false,
            "required": ["apiVersion", "kind", "metadata", "spec"],
            "properties": [
                "apiVersion": ["const": .string(sovereignAPIVersion)],
                "kind": ["const": .string(kind.rawValue)],
                "metadata": ["$ref": "#/$defs/metadata"],
                "spec": spec,
            ],
            "$defs": .object(definitions),
        ]
    }
}
