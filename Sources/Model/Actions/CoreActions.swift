/// The `core` connector: actions that need nothing outside the engine.
enum CoreActions {
    static let all: [ActionDescriptor] = [log, set, fail, wait, noop]

    static let log = ActionDescriptor(
        name: "core.log", connector: "core", summary: "Writes a message to the execution log.",
        inputSchema: [
            "type": "object", "additionalProperties": false, "required": ["message"],
            "properties": [
                "message": ["description": "Text (or any value) to log."],
                "level": ["type": "string", "enum": ["debug", "info", "warning", "error"], "default": "info"],
            ],
        ],
        outputSchema: [
            "type": "object", "properties": ["message": ["type": "string"], "level": ["type": "string"]],
        ])

    static let set = ActionDescriptor(
        name: "core.set", connector: "core", summary: "Computes values; its output is the `with` object itself.",
        inputSchema: SchemaFragments.anyObject,
        outputSchema: SchemaFragments.anyObject)

    static let fail = ActionDescriptor(
        name: "core.fail", connector: "core", summary: "Fails the step with a message.",
        inputSchema: [
            "type": "object", "additionalProperties": false, "required": ["message"],
            "properties": [
                "message": ["type": "string"],
                "code": ["type": "string", "description": "A machine-readable error code."],
            ],
        ],
        outputSchema: SchemaFragments.emptyObject)

    static let wait = ActionDescriptor(
        name: "core.wait", connector: "core",
        summary: "Waits durably for a duration or until a timestamp; survives restarts.",
        inputSchema: [
            "type": "object", "additionalProperties": false,
            "properties": [
                "duration": SchemaFragments.duration,
                "until": ["type": "string", "format": "date-time", "description": "An RFC 3339 timestamp."],
            ],
            "oneOf": [["required": ["duration"]], ["required": ["until"]]],
        ],
        outputSchema: ["type": "object", "properties": ["wokeAt": ["type": "string", "format": "date-time"]]])

    static let noop = ActionDescriptor(
        name: "core.noop", connector: "core", summary: "Does nothing; useful to join branches.",
        inputSchema: SchemaFragments.emptyObject,
        outputSchema: SchemaFragments.emptyObject)
}
