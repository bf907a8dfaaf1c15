import Model

/// Shared OpenAPI 3.1 component schemas and response fragments.
enum OpenAPISchemas {
    static func reference(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func json(_ schema: JSONValue, _ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    static let problemResponse: JSONValue = [
        "description": "A problem document (RFC 9457).",
        "content": ["application/problem+json": ["schema": reference("Problem")]],
    ]

    /// Responses every authenticated operation may give besides its own.
    static func withErrors(_ responses: [String: JSONValue], authenticated: Bool = true, extra: [String] = []) -> JSONValue {
        var all = responses
        for code in extra + (authenticated ? ["401", "403"] : []) + ["503"] { all[code] = problemResponse }
        return .object(all)
    }

    static func pathParameter(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": ["type": "string"]]
    }

    static func queryParameter(_ name: String, _ description: String, schema: JSONValue = ["type": "string"]) -> JSONValue {
        ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": schema]
    }

    static let pagingParameters: [JSONValue] = [
        queryParameter("limit", "At most this many items (1–500, default 50).", schema: ["type": "integer", "minimum": 1, "maximum": 500]),
        queryParameter("cursor", "The `nextCursor` of the previous page."),
    ]

    static func page(of item: JSONValue) -> JSONValue {
        [
            "type": "object", "required": ["items", "nextCursor"],
            "properties": ["items": ["type": "array", "items": item], "nextCursor": ["type": ["string", "null"]]],
        ]
    }

    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let nullableTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
    static let anything: JSONValue = [:]
    static let failure: JSONValue = [
        "type": ["object", "null"], "required": ["message"],
        "properties": ["message": ["type": "string"], "code": ["type": "string"], "stepId": ["type": "string"]],
    ]

    static let components: [String: JSONValue] = [
        "Problem": [
            "type": "object", "required": ["type", "title", "status", "detail"],
            "properties": [
                "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
                "detail": ["type": "string"], "instance": ["type": "string"],
                "errors": ["type": "array", "items": ["type": "string"]],
            ],
        ],
        "ExecutionSummary": [
            "type": "object", "required": ["id", "workflowId", "version", "status", "createdAt"],
            "properties": [
                "id": ["type": "string"], "workflowId": ["type": "string"], "version": ["type": "string"],
                "status": ["type": "string", "enum": ["Queued", "Running", "Waiting", "Succeeded", "Failed", "Cancelled", "TimedOut"]],
                "createdAt": ["type": "string", "format": "date-time"], "startedAt": nullableTime, "finishedAt": nullableTime,
                "parentExecutionId": ["type": "string"],
            ],
        ],
        "Step": [
            "type": "object", "required": ["id", "action", "status", "attempts"],
            "properties": [
                "id": ["type": "string"], "action": ["type": "string"], "status": ["type": "string"],
                "attempts": ["type": "integer", "minimum": 0], "startedAt": nullableTime, "finishedAt": nullableTime,
                "durationMs": ["type": ["integer", "null"]], "output": anything, "error": failure,
                "attemptHistory": ["type": "array", "items": ["type": "object"]], "items": ["type": "array", "items": ["type": "object"]],
            ],
        ],
        "Execution": [
            "type": "object",
            "required": ["id", "workflowId", "version", "status", "trigger", "vars", "createdAt", "steps"],
            "properties": [
                "id": ["type": "string"], "workflowId": ["type": "string"], "version": ["type": "string"],
                "status": ["type": "string"], "trigger": ["type": "object"], "vars": ["type": "object"],
                "createdAt": ["type": "string", "format": "date-time"], "startedAt": nullableTime, "finishedAt": nullableTime,
                "durationMs": ["type": ["integer", "null"]], "outputs": anything, "error": failure,
                "configuration": ["type": "string"], "parent": ["type": "object"],
                "steps": ["type": "array", "items": reference("Step")],
            ],
        ],
        "Workflow": [
            "type": "object", "required": ["id", "version", "path", "steps"],
            "properties": [
                "id": ["type": "string"], "title": nullableString, "description": nullableString, "version": ["type": "string"],
                "path": ["type": "string"], "labels": ["type": "object", "additionalProperties": ["type": "string"]],
                "inputs": anything, "steps": ["type": "array", "items": ["type": "object"]], "definition": ["type": "object"],
            ],
        ],
        "Accepted": [
            "type": "object", "required": ["executionId", "status", "workflowId", "version"],
            "properties": [
                "executionId": ["type": "string"], "status": ["type": "string"], "workflowId": ["type": "string"],
                "version": ["type": "string"], "createdAt": ["type": "string", "format": "date-time"], "location": ["type": "string"],
            ],
        ],
        "Schedule": [
            "type": "object",
            "required": ["id", "workflow", "cron", "timezone", "overlap", "enabled", "enabledInGit", "state", "nextFireTimes", "path"],
            "properties": [
                "id": ["type": "string"], "title": nullableString, "workflow": ["type": "string"], "configuration": nullableString,
                "cron": ["type": "string"], "timezone": ["type": "string"],
                "overlap": ["type": "string", "enum": ["allow", "skip", "queue", "cancelPrevious"]],
                "catchup": ["type": "object"], "jitter": nullableString, "enabled": ["type": "boolean"],
                "enabledInGit": ["type": "boolean"], "state": ["type": "string", "enum": ["Active", "Disabled"]],
                "overridden": ["type": "boolean"], "overriddenBy": nullableString, "overriddenAt": nullableTime,
                "nextFireTimes": ["type": "array", "items": ["type": "string", "format": "date-time"]],
                "lastFire": ["oneOf": [reference("ScheduleFire"), ["type": "null"]]],
                "running": ["type": "array", "items": ["type": "string"]],
                "queued": ["type": "array", "items": ["type": "string", "format": "date-time"]],
                "path": ["type": "string"], "commit": nullableString, "source": ["type": "object"],
            ],
        ],
        "ScheduleFire": [
            "type": "object", "required": ["fireTime", "kind", "outcome"],
            "properties": [
                "scheduleId": ["type": "string"], "fireTime": ["type": "string", "format": "date-time"],
                "kind": ["type": "string", "enum": ["scheduled", "catchup", "manual", "backfill"]],
                "outcome": ["type": "string", "enum": ["started", "skipped", "failed", "queued"]],
                "executionId": nullableString, "message": nullableString, "recordedAt": ["type": "string", "format": "date-time"],
            ],
        ],
        "Approval": [
            "type": "object", "required": ["id", "executionId", "stepId", "status", "title"],
            "properties": [
                "id": ["type": "string"], "executionId": ["type": "string"], "stepId": ["type": "string"],
                "status": ["type": "string"], "title": ["type": "string"], "description": nullableString,
                "approvers": ["type": "object"], "createdAt": ["type": "string", "format": "date-time"],
                "timeoutAt": nullableTime, "decidedBy": nullableString, "decidedAt": nullableTime, "comment": nullableString,
            ],
        ],
    ]
}
