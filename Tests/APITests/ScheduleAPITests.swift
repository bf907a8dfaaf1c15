import Foundation
import Model
import Testing

/// Schedules on a real server: a 6-field every-second schedule fires, a restart fires nothing
/// twice, and the schedule operations answer over HTTP.
@Suite("Schedules API")
struct ScheduleAPITests {
    static let definitions = """
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: tick}
        spec:
          inputs: {type: object, properties: {who: {type: string}}, additionalProperties: false}
          steps: [{id: note, action: core.set, with: {who: "${ .trigger.who }"}}]
        ---
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: gated}
        spec:
          steps: [{id: ask, action: human.gate, with: {title: "Go?"}}]
        ---
        apiVersion: sovereign/v1
        kind: Schedule
        metadata: {name: every-second}
        spec: {workflow: tick, trigger: {who: scheduler}, cron: "* * * * * *", overlap: allow}
        ---
        apiVersion: sovereign/v1
        kind: Schedule
        metadata: {name: yearly-gate}
        spec: {workflow: gated, cron: "0 0 1 1 *", timezone: America/New_York, overlap: skip}
        """

    func fireTimes(_ api: APIFixture, token: String) async throws -> [String] {
        let reply = try await api.request("GET", "/api/v1/schedules/every-second/fires?limit=1000", token: token)
        return reply.json?["items"]?.arrayValue?.compactMap { $0["fireTime"]?.stringValue } ?? []
    }

    func waitForFires(_ api: APIFixture, token: String, atLeast count: Int) async throws -> [String] {
        for _ in 0..<300 {
            let times = try await fireTimes(api, token: token)
            if times.count >= count { return times }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FixtureFailure(message: "the schedule did not fire \(count) times")
    }

    @Test func anEverySecondScheduleFiresAndARestartDoublesNothing() async throws {
        let api = try await APIFixture(definitions: Self.definitions)
        let token = try await api.token()
        _ = try await waitForFires(api, token: token, atLeast: 2)
        let schedule = try #require(try await api.request("GET", "/api/v1/schedules/every-second", token: token).json)
        #expect(schedule["state"] == "Active")
        #expect(schedule["nextFireTimes"]?.arrayValue?.count == 5)
        let lastFire = try #require(schedule["lastFire"])
        #expect(lastFire["outcome"] == "started" && lastFire["kind"] == "scheduled")
        let executionId = try #require(lastFire["executionId"]?.stringValue)
        let listed = try await api.request("GET", "/api/v1/schedules", token: token).json?["items"]?.arrayValue ?? []
        #expect(listed.map { $0["id"] } == ["every-second", "yearly-gate"])
        #expect(listed.first?["lastFire"]?["executionId"]?.stringValue != nil)
        #expect(listed.last?["nextFireTimes"]?.arrayValue?.count == 5)
        let execution = try await api.execution(executionId, token: token, until: ["Succeeded"])
        #expect(execution["trigger"] == ["who": "scheduler"])
        // Each fire time is a distinct whole second.
        let before = try await fireTimes(api, token: token)
        #expect(Set(before).count == before.count)
        #expect(before.allSatisfy { $0.hasSuffix(".000Z") })
        // Restart: the ticks go on, none fires twice.
        try await api.restart()
        let after = try await waitForFires(api, token: token, atLeast: before.count + 2)
        #expect(Set(after).count == after.count, "a tick fired twice: \(after)")
        #expect(Set(before).isSubset(of: Set(after)))
        await api.stop()
    }

    @Test func overridesTriggerAndBackfillOverHTTP() async throws {
        let api = try await APIFixture(definitions: Self.definitions)
        let token = try await api.token()
        let path = "/api/v1/schedules/yearly-gate"
        let disabled = try await api.request("POST", path + "/disable", token: token)
        #expect(disabled.status == 200)
        #expect(disabled.json?["state"] == "Disabled" && disabled.json?["enabled"] == false && disabled.json?["enabledInGit"] == true)
        #expect(disabled.json?["overriddenBy"]?.stringValue == api.clientId)
        #expect(disabled.json?["overriddenAt"]?.stringValue != nil)
        #expect(try await api.request("GET", path, token: token).json?["overridden"] == true)
        let reset = try await api.request("POST", path + "/reset", token: token)
        #expect(reset.json?["state"] == "Active" && reset.json?["overriddenBy"] == .null)
        #expect(reset.json?["nextFireTimes"]?.arrayValue?.first?.stringValue?.hasSuffix("-01-01T05:00:00.000Z") == true)

        // Trigger: starts now; a second trigger while the gate waits is refused (overlap: skip).
        let first = try await api.request("POST", path + "/trigger", token: token)
        #expect(first.status == 202)
        #expect(first.json?["kind"] == "manual" && first.json?["outcome"] == "started")
        let executionId = try #require(first.json?["executionId"]?.stringValue)
        #expect(first.header("Location") == "/api/v1/executions/\(executionId)")
        let second = try await api.request("POST", path + "/trigger", token: token)
        #expect(second.status == 409)
        #expect(second.json?["detail"]?.stringValue?.contains(executionId) == true)
        #expect(try await api.request("GET", path, token: token).json?["running"] == [.string(executionId)])

        // Backfill 2025's New Year (in New York time), then again: nothing twice.
        let range: JSONValue = ["from": "2025-01-01T00:00:00Z", "to": "2025-01-02T00:00:00Z"]
        let backfill = try await api.request("POST", path + "/backfill", token: token, json: range)
        #expect(backfill.status == 202)
        #expect(backfill.json?["fireTimes"] == 1)
        #expect(backfill.json?["started"]?.arrayValue?.first?["fireTime"] == "2025-01-01T05:00:00.000Z")
        let again = try await api.request("POST", path + "/backfill", token: token, json: range)
        #expect(again.json?["started"] == [] && again.json?["alreadyFired"] == ["2025-01-01T05:00:00.000Z"])
        let fires = try await api.request("GET", path + "/fires", token: token)
        #expect(fires.json?["items"]?.arrayValue?.map { $0["outcome"] } == ["skipped", "started", "started"])

        // Clear errors.
        #expect(try await api.request("POST", path + "/backfill", token: token, json: ["from": "yesterday", "to": "2025-01-02T00:00:00Z"]).status == 400)
        #expect(try await api.request("POST", path + "/backfill", token: token, json: ["from": "2025-01-01T00:00:00Z"]).status == 400)
        let future = try await api.request("POST", path + "/backfill", token: token, json: ["from": "2025-01-01T00:00:00Z", "to": "2999-01-01T00:00:00Z"])
        #expect(future.status == 422)
        #expect(future.json?["detail"]?.stringValue?.contains("future") == true)
        #expect(try await api.request("POST", "/api/v1/schedules/nope/disable", token: token).status == 404)
        let reader = try await api.token(scope: "workflows:read")
        #expect(try await api.request("POST", path + "/disable", token: reader).status == 403)
        await api.stop()
    }
}
