import Model

/// JSON Schema of `kind: Configuration`.
enum ConfigurationSchema {
    static let document = SharedDefinitions.document(
        kind: .configuration, title: "Sovereign Configuration (a saved input set)",
        spec: [
            "type": "object", "additionalProperties": false, "required": ["workflow"],
            "properties": [
                "workflow": ["$ref": "#/$defs/name"],
                "trigger": SharedDefinitions.freeObject,
                "vars": SharedDefinitions.freeObject,
            ],
        ])
}

/// JSON Schema of `kind: Schedule`.
enum ScheduleSchema {
    static let document = SharedDefinitions.document(
        kind: .schedule, title: "Sovereign Schedule",
        spec: [
            "type": "object", "additionalProperties": false, "required": ["workflow", "cron"],
            "properties": [
                "workflow": ["$ref": "#/$defs/name"],
                "configuration": ["$ref": "#/$defs/name"],
                "trigger": SharedDefinitions.freeObject,
                "vars": SharedDefinitions.freeObject,
                "cron": [
                    "type": "string", "minLength": 1,
                    "description": "5 fields, 6 with leading seconds, or @yearly/@monthly/@weekly/@daily/@hourly.",
                ],
                "timezone": ["type": "string", "minLength": 1, "description": "An IANA time zone; UTC by default."],
                "overlap": ["type": "string", "enum": .array(Schedule.Overlap.allCases.map { .string($0.rawValue) })],
                "catchup": [
                    "type": "object", "additionalProperties": false,
                    "properties": [
                        "policy": [
                            "type": "string", "enum": .array(Schedule.Catchup.allCases.map { .string($0.rawValue) }),
                        ],
                        "window": ["$ref": "#/$defs/duration"],
                    ],
                ],
                "enabled": ["type": "boolean"],
                "jitter": ["$ref": "#/$defs/duration"],
            ],
        ])
}
