/// The `http` connector.
enum HTTPActions {
    static let request = ActionDescriptor(
        name: "http.request", connector: "http",
        summary: "Sends an HTTP request; JSON responses are parsed. Private addresses are blocked unless allowed.",
        inputSchema: [
            "type": "object", "additionalProperties": false, "required": ["url"],
            "properties": [
                "method": [
                    "type": "string", "enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                    "default": "GET",
                ],
                "url": ["type": "string", "pattern": "^https?://", "description": "An http or https URL."],
                "headers": ["type": "object", "additionalProperties": ["type": "string"]],
                "query": [
                    "type": "object", "additionalProperties": ["type": ["string", "number", "integer", "boolean"]],
                ],
                "body": ["description": "An object or array is sent as JSON; a string as text."],
                "form": [
                    "type": "object", "additionalProperties": ["type": ["string", "number", "integer", "boolean"]],
                    "description": "Sent as application/x-www-form-urlencoded; excludes `body`.",
                ],
                "timeout": SchemaFragments.duration,
                "maxRedirects": ["type": "integer", "minimum": 0, "maximum": 20, "default": 5],
                "failOn": [
                    "type": "string", "enum": ["4xx-5xx", "5xx", "never"], "default": "4xx-5xx",
                    "description": "Which response statuses fail the step.",
                ],
            ],
            "not": ["required": ["body", "form"]],
        ],
        outputSchema: [
            "type": "object",
            "properties": [
                "status": ["type": "integer"],
                "headers": ["type": "object", "additionalProperties": ["type": "string"]],
                "body": ["description": "Parsed JSON when the response is JSON, otherwise text."],
                "url": ["type": "string", "description": "The final URL after redirects."],
            ],
        ])
}

/// The `human` connector.
enum HumanActions {
    static let gate = ActionDescriptor(
        name: "human.gate", connector: "human",
        summary: "Waits for a person to approve or reject (a Human Gate).",
        inputSchema: [
            "type": "object", "additionalProperties": false, "required": ["title"],
            "properties": [
                "title": ["type": "string", "minLength": 1],
                "description": ["type": "string"],
                "approvers": [
                    "type": "object", "additionalProperties": false,
                    "properties": [
                        "users": ["type": "array", "items": ["type": "string"]],
                        "groups": ["type": "array", "items": ["type": "string"]],
                    ],
                ],
                "timeout": SchemaFragments.duration,
                "onTimeout": ["type": "string", "enum": ["reject", "approve", "fail"], "default": "reject"],
            ],
        ],
        outputSchema: [
            "type": "object",
            "properties": [
                "decision": ["type": "string", "enum": ["approved", "rejected"]],
                "decidedBy": ["type": "string"],
                "comment": ["type": "string"],
                "decidedAt": ["type": "string", "format": "date-time"],
            ],
        ])
}

/// The `workflow` connector.
enum WorkflowActions {
    static let run = ActionDescriptor(
        name: "workflow.run", connector: "workflow",
        summary: "Starts a child workflow and waits for it; its outputs become this step's output.",
        inputSchema: [
            "type": "object", "additionalProperties": false, "required": ["workflow"],
            "properties": [
                "workflow": [
                    "type": "string", "pattern": .string(Naming.resourceNamePattern),
                    "description": "The name of a workflow: lower-case letters, digits and `-`.",
                ],
                "configuration": [
                    "type": "string", "pattern": .string(Naming.resourceNamePattern),
                    "description": "The name of a configuration: lower-case letters, digits and `-`.",
                ],
                "trigger": ["type": "object"],
                "vars": ["type": "object"],
            ],
        ],
        outputSchema: [
            "type": "object",
            "properties": [
                "executionId": ["type": "string"],
                "status": ["type": "string"],
                "outputs": ["type": "object"],
            ],
        ])
}
