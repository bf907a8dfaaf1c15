import HTTPServer
import Model
import Scheduling

extension APIOperation {
    /// `GET /api/v1/schedules/{scheduleId}/fires?limit=`
    static let listScheduleFires = APIOperation(
        "GET", "/api/v1/schedules/{scheduleId}/fires", operationId: "listScheduleFires",
        summary: "A schedule's fires, newest first: each tick, what it led to and why", tag: "schedules", scope: Scopes.workflowsRead,
        openAPI: [
            "parameters": [
                OpenAPISchemas.pathParameter("scheduleId", "The schedule's name."),
                OpenAPISchemas.queryParameter(
                    "limit", "At most this many (1–1000, default 50).", schema: ["type": "integer", "minimum": 1, "maximum": 1000]),
            ],
            "responses": OpenAPISchemas.withErrors(
                [
                    "200": OpenAPISchemas.json(
                        ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPISchemas.reference("ScheduleFire")]]],
                        "The newest fires.")
                ], extra: ["400", "404", "503"]),
        ]
    ) { request throws(Problem) in
        let id = request.parameter("scheduleId")
        guard request.context.catalog.current.schedules[id] != nil else { throw Problem.notFound("no schedule `\(id)`") }
        var limit = 50
        if let text = request.http.queryValue("limit") {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw Problem.badRequest("`limit` must be a whole number from 1 to 1000")
            }
            limit = value
        }
        let scheduler = request.context.scheduler
        do throws(ScheduleError) {
            let fires = try await scheduler.fires(id, limit: limit)
            return JSONResponse.make(200, ["items": .array(fires.map(ScheduleDocuments.fire))])
        } catch {
            throw ScheduleDocuments.problem(error)
        }
    }
}
