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

    /// Many realistic documents validate cleanly; speed is measured in bench/, not asserted here.
    @Test func manyWorkflowsValidate() throws {
        let validator = try JSONSchemaValidator(jsonText: Self.workflowSchema)
        let failures = (0..<500).map(Self.document).filter { !validator.validate($0).isEmpty }
        #expect(failures.isEmpty)
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
