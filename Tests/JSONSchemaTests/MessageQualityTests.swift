import JSONSchema
import Model
import Testing

@Suite struct AlternativeMessageTests {
    @Test func differentTypesGiveOneTypeMessage() throws {
        let schema = #"{"anyOf":[{"type":"string"},{"type":"object","properties":{"a":{}}}]}"#
        let found = try violations(schema, "1")
        #expect(found.map(\.message) == ["expected string or object, found integer"])
        #expect(found.first?.keyword == "type")
    }

    @Test func nestedAlternativesMergeTypes() throws {
        let schema = #"{"oneOf":[{"anyOf":[{"type":"string"},{"type":"null"}]},{"type":"array"}]}"#
        #expect(try messages(schema, "true") == ["expected string, null or array, found boolean"])
    }

    @Test func integerAndNumberCollapse() throws {
        #expect(try messages(#"{"anyOf":[{"type":"integer"},{"type":"number"},{"type":"string"}]}"#, "true")
            == ["expected number or string, found boolean"])
    }

    @Test func branchWithMatchingTypeIsReported() throws {
        let schema = #"""
        {"anyOf":[{"type":"string","pattern":"^[0-9]+[smhd]$"},
                  {"type":"object","additionalProperties":false,
                   "properties":{"maxAttempts":{"type":"integer"},"backoff":{"enum":["fixed","exponential"]}}}]}
        """#
        #expect(try messages(schema, #"{"maxAttemps":3}"#) == ["/maxAttemps: unknown field `maxAttemps`; did you mean `maxAttempts`?"])
        #expect(try messages(schema, #""10x""#) == ["must match pattern ^[0-9]+[smhd]$"])
        #expect(try messages(schema, #"{"backoff":"linear"}"#) == ["/backoff: `linear` is not one of: fixed, exponential"])
    }

    @Test func discriminatorChoosesBranch() throws {
        let schema = #"""
        {"oneOf":[
          {"type":"object","required":["action","with"],
           "properties":{"action":{"const":"http.request"},
                         "with":{"type":"object","required":["url"],"properties":{"url":{"type":"string"}}}}},
          {"type":"object","required":["action","with"],
           "properties":{"action":{"const":"human.gate"},
                         "with":{"type":"object","required":["title"],"properties":{"title":{"type":"string"}}}}}]}
        """#
        #expect(try messages(schema, #"{"action":"human.gate","with":{"title":1}}"#) == ["/with/title: expected string, found integer"])
        #expect(try messages(schema, #"{"action":"http.request","with":{}}"#) == ["/with: missing required field `url`"])
    }

    @Test func documentedEnumerationViaConstBranches() throws {
        let schema = #"""
        {"oneOf":[{"const":"allow","description":"run side by side"},{"const":"skip"},
                  {"enum":["queue","cancelPrevious"]}]}
        """#
        #expect(try passes(schema, #""queue""#))
        let found = try violations(schema, #""sometimes""#)
        #expect(found.map(\.message) == ["`sometimes` is not one of: allow, skip, queue, cancelPrevious"])
        #expect(found.first?.keyword == "enum")
        #expect(try messages(schema, #""alow""#) == ["`alow` is not one of: allow, skip, queue, cancelPrevious; did you mean `allow`?"])
    }

    @Test func alternativeRequiredFields() throws {
        let schema = #"{"oneOf":[{"required":["cron"]},{"required":["interval"]}]}"#
        let found = try violations(schema, "{}")
        #expect(found.map(\.message) == ["missing required field `cron` or `interval`"])
        #expect(found.first?.keyword == "required")
    }
}

@Suite struct OrderingAndPointerTests {
    @Test func violationsSortedByPath() throws {
        let schema = #"""
        {"type":"object","required":["z"],"properties":{
          "b":{"type":"string"},"a":{"type":"array","items":{"type":"string"}},"c":{"type":"string"}}}
        """#
        #expect(try messages(schema, #"{"c":1,"a":[1,"x",2,3,4,5,6,7,8,9,10],"b":2}"#) == [
            "missing required field `z`",
            "/a/0: expected string, found integer", "/a/2: expected string, found integer",
            "/a/3: expected string, found integer", "/a/4: expected string, found integer",
            "/a/5: expected string, found integer", "/a/6: expected string, found integer",
            "/a/7: expected string, found integer", "/a/8: expected string, found integer",
            "/a/9: expected string, found integer", "/a/10: expected string, found integer",
            "/b: expected string, found integer", "/c: expected string, found integer",
        ])
    }

    @Test func pointerEscaping() throws {
        let violation = SchemaViolation(path: [.key("a/b"), .key("m~n"), .index(0)], message: "x", keyword: "type")
        #expect(violation.pointer == "/a~1b/m~0n/0")
        #expect(SchemaViolation(path: [], message: "x", keyword: "type").pointer == "")
        let found = try violations(#"{"additionalProperties":{"type":"string"}}"#, #"{"a/b~c":1}"#)
        #expect(found.first?.pointer == "/a~1b~0c")
    }

    @Test func duplicateViolationsAreMerged() throws {
        #expect(try messages(#"{"allOf":[{"required":["a"]},{"required":["a"]}]}"#, "{}") == ["missing required field `a`"])
    }

    @Test func nonIntegralNumbersInMessages() throws {
        #expect(try messages(#"{"const":1.5}"#, "2") == ["must be `1.5`"])
        #expect(try messages(#"{"const":2.0}"#, "3") == ["must be `2`"])
    }
}

@Suite struct OpaqueTests {
    static let isExpression: @Sendable (JSONValue) -> Bool = { value in
        guard case .string(let text) = value else { return false }
        return text.hasPrefix("${") && text.hasSuffix("}")
    }

    @Test func opaqueValuesPassWhateverTheSchema() throws {
        let validator = try JSONSchemaValidator(jsonText: #"""
        {"type":"object","properties":{"limit":{"type":"integer","minimum":1},"mode":{"enum":["a","b"]},
          "items":{"type":"array","items":{"type":"integer"}}}}
        """#)
        let instance = json(#"{"limit":"${ .vars.limit }","mode":"${ .vars.mode }","items":[1,"${ .x }"]}"#)
        #expect(validator.validate(instance, isOpaque: Self.isExpression).isEmpty)
        #expect(validator.validate(instance).count == 3)
        #expect(validator.validate(json(#"{"limit":"five"}"#), isOpaque: Self.isExpression).map(\.message)
            == ["expected integer, found string"])
    }

    @Test func opaqueRootAndNot() throws {
        let validator = try JSONSchemaValidator(jsonText: #"{"type":"object","not":{"type":"string"}}"#)
        #expect(validator.validate(.string("${ .trigger }"), isOpaque: Self.isExpression).isEmpty)
        let inArray = try JSONSchemaValidator(jsonText: #"{"items":{"not":{"type":"string"}}}"#)
        #expect(inArray.validate(json(#"["${ .a }"]"#), isOpaque: Self.isExpression).isEmpty)
    }
}
