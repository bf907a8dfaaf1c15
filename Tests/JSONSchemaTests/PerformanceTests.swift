import Foundation
import JSONSchema
import Model
import Testing

@Suite struct PerformanceTests {
    static let workflowSchema = ##"""
    {"type":"object","required":["apiVersion","kind","metadata","spec"],"additionalProperties":false,
     "properties":{
       "apiVersion":{"const":"sovereign/v1"},"kind":{"const":"Workflow"},
       "metadata":{"type":"object","required":["name"],"additionalProperties":false,
         "properties":{"name":{"$ref":"#/$defs/name"},"title":{"type":"string"},
                       "labels":{"type":"object","additionalProperties":{"type":"string"}}}},
       "spec":{"type":"object","required":["steps"],"additionalProperties":false,
         "properties":{"timeout":{"$ref":"#/$defs/duration"},"vars":{"type":"object"},
                       "steps":{"type":"array","minItems":1,"items":{"$ref":"#/$defs/step"}}}}},
     "$defs":{
       "name":{"type":"string","pattern":"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$","maxLength":63},
       "duration":{"type":"string","pattern":"^[0-9]+(ms|s|m|h|d)$"},
       "step":{"type":"object","required":["id","action"],"additionalProperties":false,
         "properties":{"id":{"$ref":"#/$defs/name"},"action":{"type":"string","minLength":1},
           "with":{"type":"object"},"needs":{"type":"array","items":{"type":"string"},"uniqueItems":true},
           "if":{"anyOf":[{"type":"boolean"},{"type":"string"}]},"timeout":{"$ref":"#/$defs/duration"},
           "retry":{"type":"object","additionalProperties":false,
             "properties":{"maxAttempts":{"type":"integer","minimum":1},
                           "backoff":{"enum":["fixed","exponential"]}}}}}}}
    """##

    static func document(_ number: Int) -> JSONValue {
        let steps: [JSONValue] = (0..<20).map { index in
            var step: [String: JSONValue] = [
                "id": .string("step-\(index)"), "action": .string("http.request"),
                "with": .object(["url": .string("https://example.com/\(number)"), "method": .string("GET")]),
                "retry": .object(["maxAttempts": .integer(3), "backoff": .string("exponential")]),
                "timeout": .string("30s"), "if": .string("${ .trigger.ok }"),
            ]
            if index > 0 { step["needs"] = .array([.string("step-\(index - 1)")]) }
            return .object(step)
        }
        return .object([
            "apiVersion": .string("sovereign/v1"), "kind": .string("Workflow"),
            "metadata": .object(["name": .string("workflow-\(number)"), "labels": .object(["team": .string("a")])]),
            "spec": .object(["timeout": .string("1h"), "steps": .array(steps)]),
        ])
    }

    @Test func twentyThousandWorkflows() throws {
        let validator = try JSONSchemaValidator(jsonText: Self.workflowSchema)
        #if DEBUG
            let count = 5_000  // unoptimised builds: keep the suite quick; release runs the full 20,000
        #else
            let count = 20_000
        #endif
        let documents = (0..<count).map(Self.document)
        let clock = ContinuousClock()
        var failures = 0
        let elapsed = clock.measure {
            for document in documents where !validator.validate(document).isEmpty { failures += 1 }
        }
        #expect(failures == 0)
        // Generous bound for a shared CI machine: release builds take about 1.5 s for 20,000.
        #expect(elapsed < .seconds(15), "validating \(count) workflows took \(elapsed)")
        print("validated \(count) workflows of 20 steps in \(elapsed)")
    }

    @Test func validatorIsUsableConcurrently() async throws {
        let validator = try JSONSchemaValidator(jsonText: Self.workflowSchema)
        let results = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var count = 0
                    for number in 0..<100 {
                        var document = Self.document(task * 100 + number)
                        if number % 2 == 0, case .object(var members) = document {
                            members["kind"] = .string("Workflw")
                            document = .object(members)
                        }
                        count += validator.validate(document).count
                    }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(results == 400)
    }
}
