import HTTPServer
import Model
import Scheduling

extension APIOperation {
    /// What `POST /api/v1/schedules/{scheduleId}/{enable,disable,reset}` does to the override.
    enum ScheduleOverride: String, CaseIterable {
        case enable, disable, reset

        var enabled: Bool? {
            switch self {
            case .enable: true
            case .disable: false
            case .reset: nil
            }
        }

        var summary: String {
            switch self {
            case .enable: "Enable a schedule at runtime (an override of git, kept until reset)"
            case .disable: "Disable a schedule at runtime (an override of git, kept until reset)"
            case .reset: "Drop the runtime override: `enabled` from git applies again"
            }
        }
    }

    /// `POST /api/v1/schedules/{scheduleId}/enable`, `/disable` and `/reset`.
    static func overrideSchedule(_ action: ScheduleOverride) -> APIOperation {
        APIOperation(
            "POST", "/api/v1/schedules/{scheduleId}/\(action.rawValue)", operationId: "\(action.rawValue)Schedule",
            summary: action.summary, tag: "schedules", scope: Scopes.schedulesWrite,
            openAPI: [
                "parameters": [OpenAPISchemas.pathParameter("scheduleId", "The schedule's name.")],
                "responses": OpenAPISchemas.withErrors(
                    ["200": OpenAPISchemas.json(OpenAPISchemas.reference("Schedule"), "The schedule with its override.")],
                    extra: ["404", "503"]),
            ]
        ) { request throws(Problem) in
            let id = request.parameter("scheduleId")
            guard let entry = request.context.catalog.current.schedules[id] else { throw Problem.notFound("no schedule `\(id)`") }
            let scheduler = request.context.scheduler
            let who = request.token?.clientId ?? request.token?.subject ?? "unknown"
            do throws(ScheduleError) {
                let status = try await scheduler.override(id, enabled: action.enabled, by: who)
                return JSONResponse.make(200, ScheduleDocuments.schedule(entry, status: status))
            } catch {
                throw ScheduleDocuments.problem(error)
            }
        }
    }
}
