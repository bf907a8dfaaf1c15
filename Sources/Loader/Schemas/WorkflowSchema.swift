import Model

/// JSON Schema of `kind: Workflow`; `schemas/workflow.schema.json` is this, exported.
enum WorkflowSchema {
    static let document = SharedDefinitions.document(
        kind: .workflow, title: "Sovereign Workflow",
        spec: [
            "type": "object", "additionalProperties": false, "required": ["steps"],
            "properties": [
                "inputs": [
                    "type": "object",
                    "description": "JSON Schema of the execute request's trigger (type, properties, required, …).",
                ],
                "vars": ["type": "object", "description": "Default variables; a request's vars override them."],
                "timeout": ["$ref": "#/$defs/duration"],
                "concurrency": [
                    "type": "object", "additionalProperties": false, "required": ["limit"],
                    "properties": [
                        "limit": ["type": "integer", "minimum": 1],
                        "key": ["type": "string", "description": "An expression that groups executions."],
                    ],
                ],
                "steps": ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/step"]],
                "outputs": ["type": "object"],
            ],
        ],
        extraDefinitions: ["step": step, "retry": retry])

    static let step: JSONValue = [
        "type": "object", "additionalProperties": false, "required": ["id", "action"],
        "properties": [
            "id": [
                "type": "string", "pattern": .string(Naming.stepIdPattern), "maxLength": 63,
                "description": "Letters, digits, `_` and `-`, starting with a letter or `_`, at most 63; unique in the workflow; read in expressions as .steps.<id>.",
            ],
            "name": ["type": "string"],
            "action": [
                "type": "string", "pattern": "^[a-z][a-z0-9]*(\\.[a-zA-Z][a-zA-Z0-9]*)+$",
                "description": "A catalog action: a lower-case connector, a dot and a name, such as http.request or core.log.",
            ],
            "with": ["type": "object", "description": "The action's inputs."],
            "needs": ["type": "array", "items": ["type": "string"], "uniqueItems": true],
            "if": ["type": "string", "description": "A ${ … } condition; the step is skipped when false."],
            "retry": ["$ref": "#/$defs/retry"],
            "timeout": ["$ref": "#/$defs/duration"],
            "connection": ["$ref": "#/$defs/name"],
            "foreach": [
                "type": ["string", "array"], "description": "A ${ … } expression or a literal array of items.",
            ],
            "concurrency": ["type": "integer", "minimum": 1, "description": "How many foreach items run at once."],
            "continueOnError": ["type": "boolean"],
        ],
    ]

    static let retry: JSONValue = [
        "type": "object", "additionalProperties": false, "required": ["maxAttempts"],
        "properties": [
            "maxAttempts": ["type": "integer", "minimum": 1, "maximum": 100],
            "backoff": ["type": "string", "enum": ["fixed", "exponential"]],
            "initialInterval": ["$ref": "#/$defs/duration"],
            "maxInterval": ["$ref": "#/$defs/duration"],
            "multiplier": ["type": "number", "minimum": 1, "maximum": 10],
            "jitter": ["type": "boolean"],
        ],
    ]
}
