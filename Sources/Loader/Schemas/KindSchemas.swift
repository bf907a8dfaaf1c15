import JSONSchema
import Model

/// The JSON Schema of each kind, as documents and as ready validators.
public enum KindSchemas {
    /// The schema document of `kind`.
    public static func document(for kind: ResourceKind) -> JSONValue {
        switch kind {
        case .workflow: WorkflowSchema.document
        case .configuration: ConfigurationSchema.document
        case .schedule: ScheduleSchema.document
        }
    }

    /// The file name under `schemas/` that holds the exported schema of `kind`.
    public static func fileName(for kind: ResourceKind) -> String {
        "\(kind.rawValue.lowercased()).schema.json"
    }

    /// Compiled once; our own schemas are tested to compile, so a failure here is a programming error.
    static let validators: [ResourceKind: JSONSchemaValidator] = Dictionary(
        uniqueKeysWithValues: ResourceKind.allCases.map { kind in
            do {
                return (kind, try JSONSchemaValidator(schema: document(for: kind)))
            } catch {
                fatalError("built-in schema of \(kind.rawValue) does not compile: \(error)")
            }
        })

    /// The validator of `kind`.
    static func validator(for kind: ResourceKind) -> JSONSchemaValidator { validators[kind]! }
}
