import Engine
import Foundation
import HTTPServer
import Model
import Scheduling
import Store

extension APIOperation {
    /// `GET /api/v1/schedules`
    static let listSchedules = APIOperation(
        "GET", "/api/v1/schedules", operationId: "listSchedules", summary: "List schedules: next 5 fire times, last fire and its execution, state, override and git source",
        tag: "schedules", scope: Scopes.workflowsRead,
        openAPI: [
            "parameters": .array(OpenAPISchemas.pagingParameters),
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.page(of: OpenAPISchemas.reference("Schedule")), "A page of schedules, by id.")],
                extra: ["400"]),
        ]
    ) { request throws(Problem) in
        let entries = request.context.catalog.current.schedules.values.sorted { $0.definition.metadata.name < $1.definition.metadata.name }
        let page = try Paging.page(entries, request: request) { $0.definition.metadata.name }
        var items: [JSONValue] = []
        for entry in page.items {
            let status = await request.context.scheduler.status(entry.definition.metadata.name, fireTimes: 5)
            items.append(ScheduleDocuments.schedule(entry, status: status))
        }
        return Paging.response(items, next: page.next)
    }
}

enum ScheduleDocuments {
    /// A schedule: its definition and source, and, from the scheduler, its state, override, next
    /// fire times (nominal, in UTC), last fire and running executions.
    static func schedule(_ entry: DefinitionCatalog.Entry<Schedule>, status: ScheduleStatus?) -> JSONValue {
        let schedule = entry.definition
        let enabled = status?.enabled ?? schedule.enabled
        // No status: published in the catalog a moment before the scheduler has it.
        let next: [Date] = status?.nextFireTimes ?? []
        var document: [String: JSONValue] = [
            "id": .string(schedule.metadata.name), "title": schedule.metadata.title.map(JSONValue.string) ?? .null,
            "workflow": .string(schedule.workflow),
            "configuration": schedule.configuration.map(JSONValue.string) ?? .null, "cron": .string(schedule.cron),
            "timezone": .string(schedule.timezone), "overlap": .string(schedule.overlap.rawValue),
            "catchup": ["policy": .string(schedule.catchup.rawValue), "window": schedule.catchupWindow.map { .string($0.description) } ?? .null],
            "jitter": schedule.jitter.map { .string($0.description) } ?? .null,
            "enabled": .bool(enabled), "enabledInGit": .bool(schedule.enabled), "state": .string(enabled ? "Active" : "Disabled"),
            "overridden": .bool(status?.overrideEnabled != nil),
            "overriddenBy": status?.overriddenBy.map(JSONValue.string) ?? .null,
            "overriddenAt": status?.overriddenAt.map { .string(Timestamps.text($0)) } ?? .null,
            "nextFireTimes": .array(next.map { .string(Timestamps.text($0)) }),
            "path": .string(entry.path), "commit": entry.commit.map(JSONValue.string) ?? .null,
            "source": DefinitionDocuments.source(entry),
        ]
        if let status {
            document["running"] = .array(status.running.map(JSONValue.string))
            document["queued"] = .array(status.queued.map { .string(Timestamps.text($0)) })
            document["lastFire"] = status.lastFire.map(fire) ?? .null
        }
        return .object(document)
    }

    /// One recorded fire.
    static func fire(_ record: ScheduleFireRecord) -> JSONValue {
        [
            "fireTime": .string(Timestamps.text(record.fireTime)), "kind": .string(record.kind.rawValue),
            "outcome": .string(record.outcome.rawValue), "executionId": record.executionId.map(JSONValue.string) ?? .null,
            "message": record.message.map(JSONValue.string) ?? .null, "recordedAt": .string(Timestamps.text(record.recordedAt)),
        ]
    }

    /// The outcome of a trigger or a backfilled tick.
    static func result(_ result: FireResult) -> JSONValue {
        [
            "scheduleId": .string(result.scheduleId), "fireTime": .string(Timestamps.text(result.fireTime)),
            "kind": .string(result.kind.rawValue), "outcome": .string(result.outcome),
            "executionId": result.executionId.map(JSONValue.string) ?? .null, "message": result.message.map(JSONValue.string) ?? .null,
        ]
    }

    /// `ScheduleError` → problem document.
    static func problem(_ error: ScheduleError) -> Problem {
        switch error {
        case .notFound(let message): Problem.notFound(message)
        case .invalid(let message): Problem.unprocessable(message)
        case .conflict(let message): Problem.conflict(message)
        case .unavailable: Problem.unavailable("the scheduler could not complete the request; try again")
        }
    }
}
