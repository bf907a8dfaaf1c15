import Foundation
import JSONSchema
import Model
import Testing

/// Parses JSON text (test fixtures are written as JSON literals).
func json(_ text: String) -> JSONValue {
    do {
        return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    } catch {
        Issue.record("bad JSON fixture: \(text)")
        return .null
    }
}

/// Validates `instance` (JSON text) against `schema` (JSON text).
func violations(_ schema: String, _ instance: String) throws -> [SchemaViolation] {
    try JSONSchemaValidator(jsonText: schema).validate(json(instance))
}

/// The messages of the violations, as `pointer: message`.
func messages(_ schema: String, _ instance: String) throws -> [String] {
    try violations(schema, instance).map(\.description)
}

/// Whether `instance` passes `schema`.
func passes(_ schema: String, _ instance: String) throws -> Bool {
    try violations(schema, instance).isEmpty
}
