import HTTPServer
import Model
import Scheduling

extension APIOperation {
    /// `POST /api/v1/schedules/{scheduleId}/trigger`
    static let triggerSchedule = APIOperation(
        "POST", "/api/v1/schedules/{scheduleId}/trigger", operationId: "triggerSchedule",
        summary: "Fire a schedule now, as a tick would (its overlap policy applies)", tag: "schedules", scope: Scopes.schedulesWrite,
        openAPI: [
            "parameters": [OpenAPISchemas.pathParameter("scheduleId", "The schedule's name.")],
            "responses": OpenAPISchemas.withErrors(
                ["202": OpenAPISchemas.json(OpenAPISchemas.reference("ScheduleFire"), "Started, or queued behind the running execution.")],
                extra: ["404", "409", "422", "503"]),
        ]
    ) { request throws(Problem) in
        let id = request.parameter("scheduleId")
        guard request.context.catalog.current.schedules[id] != nil else { throw Problem.notFound("no schedule `\(id)`") }
        let scheduler = request.context.scheduler
        let result: FireResult
        do throws(ScheduleError) {
            result = try await scheduler.trigger(id)
        } catch {
            throw ScheduleDocuments.problem(error)
        }
        switch result.outcome {
        case "skipped": throw Problem.conflict(result.message ?? "skipped by the overlap policy")
        case "failed": throw Problem.unprocessable(result.message ?? "the execution could not be created")
        default:
            var response = JSONResponse.make(202, ScheduleDocuments.result(result))
            if let executionId = result.executionId { response.headers.add("Location", "/api/v1/executions/\(executionId)") }
            return response
        }
    }
}
