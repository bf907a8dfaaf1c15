import Engine
import Foundation
import HTTPServer
import Model
import Scheduling

extension APIOperation {
    /// `POST /api/v1/schedules/{scheduleId}/backfill` with `{"from": …, "to": …}`.
    static let backfillSchedule = APIOperation(
        "POST", "/api/v1/schedules/{scheduleId}/backfill", operationId: "backfillSchedule",
        summary: "Create the executions the schedule would have created between two past instants (bounded count)",
        tag: "schedules", scope: Scopes.schedulesWrite,
        openAPI: [
            "parameters": [OpenAPISchemas.pathParameter("scheduleId", "The schedule's name.")],
            "requestBody": [
                "required": true,
                "content": [
                    "application/json": [
                        "schema": [
                            "type": "object", "required": ["from", "to"], "additionalProperties": false,
                            "properties": [
                                "from": ["type": "string", "format": "date-time", "description": "First instant, inclusive (RFC 3339)."],
                                "to": ["type": "string", "format": "date-time", "description": "Last instant, inclusive; not in the future."],
                            ],
                        ]
                    ]
                ],
            ],
            "responses": OpenAPISchemas.withErrors(
                [
                    "202": OpenAPISchemas.json(
                        [
                            "type": "object", "required": ["scheduleId", "fireTimes", "started", "alreadyFired", "failed"],
                            "properties": [
                                "scheduleId": ["type": "string"], "fireTimes": ["type": "integer"],
                                "started": ["type": "array", "items": OpenAPISchemas.reference("ScheduleFire")],
                                "alreadyFired": ["type": "array", "items": ["type": "string", "format": "date-time"]],
                                "failed": ["type": "array", "items": OpenAPISchemas.reference("ScheduleFire")],
                            ],
                        ], "The executions created; ticks that fired before are not repeated.")
                ], extra: ["400", "404", "422", "503"]),
        ]
    ) { request throws(Problem) in
        let id = request.parameter("scheduleId")
        guard request.context.catalog.current.schedules[id] != nil else { throw Problem.notFound("no schedule `\(id)`") }
        guard case .object(let body) = try request.jsonBody() else {
            throw Problem.badRequest("the body must be a JSON object: {\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-01-02T00:00:00Z\"}")
        }
        if let unknown = body.keys.sorted().first(where: { $0 != "from" && $0 != "to" }) {
            throw Problem.badRequest("unknown field `\(unknown)`: the body has `from` and `to` only")
        }
        let from = try instant(body["from"], field: "from")
        let to = try instant(body["to"], field: "to")
        let scheduler = request.context.scheduler
        do throws(ScheduleError) {
            let result = try await scheduler.backfill(id, from: from, to: to)
            return JSONResponse.make(
                202,
                [
                    "scheduleId": .string(id), "fireTimes": .integer(Int64(result.fireTimes)),
                    "started": .array(result.started.map(ScheduleDocuments.result)),
                    "alreadyFired": .array(result.alreadyFired.map { .string(Timestamps.text($0)) }),
                    "failed": .array(result.failed.map(ScheduleDocuments.result)),
                ])
        } catch {
            throw ScheduleDocuments.problem(error)
        }
    }

    /// An RFC 3339 instant with a zone (`Z` or an offset), with or without fractional seconds.
    private static func instant(_ value: JSONValue?, field: String) throws(Problem) -> Date {
        guard case .string(let text)? = value else {
            throw Problem.badRequest("`\(field)` is required: an RFC 3339 instant such as 2026-01-01T00:00:00Z")
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        throw Problem.badRequest("`\(field)` is not an RFC 3339 instant with a time zone (such as 2026-01-01T00:00:00Z): `\(text.prefix(64))`")
    }
}
