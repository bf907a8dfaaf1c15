import Cron
import Engine
import Foundation
import HTTPServer
import Model

extension APIOperation {
    /// `GET /api/v1/schedules`
    static let listSchedules = APIOperation(
        "GET", "/api/v1/schedules", operationId: "listSchedules", summary: "List schedules with their next fire times",
        tag: "schedules", scope: Scopes.workflowsRead,
        openAPI: [
            "parameters": .array(OpenAPISchemas.pagingParameters),
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.page(of: ["type": "object"]), "A page of schedules, by id.")], extra: ["400"]),
        ]
    ) { request throws(Problem) in
        let entries = request.context.catalog.current.schedules.values.sorted { $0.definition.metadata.name < $1.definition.metadata.name }
        let page = try Paging.page(entries, request: request) { $0.definition.metadata.name }
        return Paging.response(page.items.map { ScheduleDocuments.schedule($0, fireTimes: 1) }, next: page.next)
    }
}

enum ScheduleDocuments {
    /// A schedule with its next `fireTimes` fire times, computed in its time zone.
    static func schedule(_ entry: DefinitionCatalog.Entry<Schedule>, fireTimes: Int) -> JSONValue {
        let schedule = entry.definition
        var next: [JSONValue] = []
        if schedule.enabled, let expression = try? CronExpression.parse(schedule.cron),
            let zone = TimeZone(identifier: schedule.timezone)
        {
            var after = Date()
            for _ in 0..<fireTimes {
                guard let date = expression.next(after: after, in: zone) else { break }
                next.append(.string(Timestamps.text(date)))
                after = date
            }
        }
        return [
            "id": .string(schedule.metadata.name), "workflow": .string(schedule.workflow),
            "configuration": schedule.configuration.map(JSONValue.string) ?? .null, "cron": .string(schedule.cron),
            "timezone": .string(schedule.timezone), "overlap": .string(schedule.overlap.rawValue),
            "catchup": ["policy": .string(schedule.catchup.rawValue), "window": schedule.catchupWindow.map { .string($0.description) } ?? .null],
            "enabled": .bool(schedule.enabled), "nextFireTimes": .array(next), "path": .string(entry.path),
        ]
    }
}
