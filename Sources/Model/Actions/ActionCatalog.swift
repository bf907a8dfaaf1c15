/// A built-in action: its name and the JSON Schemas of its `with` inputs and of its output.
///
/// The catalog is the single description that lint, the engine and the API share.
public struct ActionDescriptor: Sendable, Hashable {
    /// Dotted name used in `action:`, e.g. `http.request`.
    public var name: String
    /// The connector it belongs to (`core`, `http`, `human`, `workflow`).
    public var connector: String
    /// One line for humans.
    public var summary: String
    /// JSON Schema 2020-12 of `with`.
    public var inputSchema: JSONValue
    /// JSON Schema 2020-12 of the step's `output`.
    public var outputSchema: JSONValue

    /// Creates a descriptor.
    public init(name: String, connector: String, summary: String, inputSchema: JSONValue, outputSchema: JSONValue) {
        self.name = name
        self.connector = connector
        self.summary = summary
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
    }
}

/// Every built-in action.
public enum ActionCatalog {
    /// All actions, sorted by name.
    public static let all: [ActionDescriptor] =
        (CoreActions.all + [HTTPActions.request, HumanActions.gate, WorkflowActions.run]).sorted { $0.name < $1.name }

    private static let byName: [String: ActionDescriptor] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The action called `name`, if there is one.
    public static func action(named name: String) -> ActionDescriptor? { byName[name] }

    /// Every action name.
    public static var names: [String] { all.map(\.name) }
}

/// Schema fragments shared by several actions.
enum SchemaFragments {
    static let duration: JSONValue = [
        "type": "string", "pattern": .string(TimeSpan.pattern), "description": "A duration such as 30s, 5m or 1h30m.",
    ]
    static let anyObject: JSONValue = ["type": "object"]
    static let emptyObject: JSONValue = ["type": "object", "additionalProperties": false]
}
