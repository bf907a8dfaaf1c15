import HTTPServer
import Model

extension APIOperation {
    /// `GET /api/v1/schedules/{scheduleId}`
    static let getSchedule = APIOperation(
        "GET", "/api/v1/schedules/{scheduleId}", operationId: "getSchedule",
        summary: "Get a schedule: next 5 fire times, last fire and its execution, state, override and git source",
        tag: "schedules", scope: Scopes.workflowsRead,
        openAPI: [
            "parameters": [OpenAPISchemas.pathParameter("scheduleId", "The schedule's name.")],
            "responses": OpenAPISchemas.withErrors(
                ["200": OpenAPISchemas.json(OpenAPISchemas.reference("Schedule"), "The schedule.")], extra: ["404"]),
        ]
    ) { request throws(Problem) in
        let id = request.parameter("scheduleId")
        guard let entry = request.context.catalog.current.schedules[id] else { throw Problem.notFound("no schedule `\(id)`") }
        let status = await request.context.scheduler.status(id, fireTimes: 5)
        return JSONResponse.make(200, ScheduleDocuments.schedule(entry, status: status))
    }
}
