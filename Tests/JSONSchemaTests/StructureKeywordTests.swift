import JSONSchema
import Model
import Testing

@Suite struct ObjectKeywordTests {
    let step = #"""
    {"type":"object","required":["id","action"],"additionalProperties":false,
     "properties":{"id":{"type":"string"},"action":{"type":"string"},"needs":{"type":"array"},
                   "with":{"type":"object"},"if":{"type":"string"},"retry":{"type":"object"}}}
    """#

    @Test func required() throws {
        #expect(try messages(step, #"{"id":"a"}"#) == ["missing required field `action`"])
        #expect(try violations(step, #"{"id":"a"}"#).first?.path == [])
        #expect(try violations(step, #"{"id":"a"}"#).first?.keyword == "required")
    }

    @Test func unknownFieldDidYouMean() throws {
        let found = try violations(step, #"{"id":"a","action":"x","neds":["b"]}"#)
        #expect(found.map(\.message) == ["unknown field `neds`; did you mean `needs`?"])
        #expect(found.first?.path == [.key("neds")])
        #expect(found.first?.pointer == "/neds")
        #expect(found.first?.keyword == "additionalProperties")
    }

    @Test func unknownFieldListsExpected() throws {
        #expect(try messages(step, #"{"id":"a","action":"x","zzzzzz":1}"#)
            == ["/zzzzzz: unknown field `zzzzzz`; expected one of: if, needs, retry, with"])
        let many = #"{"additionalProperties":false,"properties":{"a1":1,"a2":1,"a3":1,"a4":1,"a5":1,"a6":1,"a7":1,"a8":1,"a9":1}}"#
            .replacingOccurrences(of: ":1", with: ":{}")
        #expect(try messages(many, #"{"qqqqqqq":1}"#)
            == ["/qqqqqqq: unknown field `qqqqqqq`; expected one of: a1, a2, a3, a4, a5, a6, a7, a8, …"])
    }

    @Test func didYouMeanSkipsFieldsAlreadyPresent() throws {
        #expect(try messages(step, #"{"id":"a","action":"x","needs":[],"need":[]}"#)
            == ["/need: unknown field `need`; expected one of: if, retry, with"])
    }

    @Test func additionalPropertiesSchema() throws {
        let schema = #"{"properties":{"a":{}},"additionalProperties":{"type":"string"}}"#
        #expect(try passes(schema, #"{"a":1,"b":"x"}"#))
        #expect(try messages(schema, #"{"a":1,"b":2}"#) == ["/b: expected string, found integer"])
    }

    @Test func patternProperties() throws {
        let schema = #"{"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}"#
        #expect(try passes(schema, #"{"x-team":"growth"}"#))
        #expect(try messages(schema, #"{"x-team":1}"#) == ["/x-team: expected string, found integer"])
        #expect(try messages(schema, #"{"team":"a"}"#) == ["/team: unknown field `team`; field names must match ^x-"])
    }

    @Test func propertyNames() throws {
        let schema = #"{"propertyNames":{"pattern":"^[a-z]+$"}}"#
        #expect(try passes(schema, #"{"team":1}"#))
        let found = try violations(schema, #"{"Team":1}"#)
        #expect(found.map(\.message) == ["invalid field name `Team`: must match pattern ^[a-z]+$"])
        #expect(found.first?.keyword == "propertyNames")
        #expect(found.first?.pointer == "/Team")
    }

    @Test func propertyCounts() throws {
        #expect(try messages(#"{"minProperties":1}"#, "{}") == ["must have at least 1 field"])
        #expect(try messages(#"{"maxProperties":1}"#, #"{"a":1,"b":2}"#) == ["must have at most 1 field (found 2)"])
        #expect(try passes(#"{"maxProperties":1}"#, #"{"a":1}"#))
    }
}

@Suite struct ArrayKeywordTests {
    @Test func items() throws {
        let schema = #"{"type":"array","items":{"type":"string"}}"#
        #expect(try passes(schema, #"["a","b"]"#))
        #expect(try messages(schema, #"["a",2,"c",true]"#)
            == ["/1: expected string, found integer", "/3: expected string, found boolean"])
    }

    @Test func prefixItems() throws {
        let schema = #"{"prefixItems":[{"type":"string"},{"type":"integer"}],"items":false}"#
        #expect(try passes(schema, #"["a",1]"#))
        #expect(try passes(schema, #"["a"]"#))
        #expect(try messages(schema, #"[1,"a"]"#) == ["/0: expected string, found integer", "/1: expected integer, found string"])
        #expect(try messages(schema, #"["a",1,2]"#) == ["/2: must have at most 2 items"])
        #expect(try passes(#"{"prefixItems":[{"type":"string"}]}"#, #"["a",1,2]"#))
    }

    @Test func itemCounts() throws {
        #expect(try messages(#"{"minItems":1}"#, "[]") == ["must not be empty"])
        #expect(try messages(#"{"minItems":2}"#, "[1]") == ["must have at least 2 items"])
        #expect(try messages(#"{"maxItems":1}"#, "[1,2]") == ["must have at most 1 item (found 2)"])
    }

    @Test func uniqueItems() throws {
        let schema = #"{"uniqueItems":true}"#
        #expect(try passes(schema, #"["a","b",1,{"a":1},{"a":2}]"#))
        let found = try violations(schema, #"["fetch","approve","fetch"]"#)
        #expect(found.map(\.message) == ["`fetch` is listed more than once (also at index 0)"])
        #expect(found.first?.pointer == "/2")
        #expect(try !passes(schema, "[1, 1.0]"))
        #expect(try passes(#"{"uniqueItems":false}"#, "[1,1]"))
    }
}

@Suite struct CombinatorKeywordTests {
    @Test func allOf() throws {
        let schema = #"{"allOf":[{"required":["a"]},{"required":["b"]}]}"#
        #expect(try passes(schema, #"{"a":1,"b":2}"#))
        #expect(try messages(schema, "{}") == ["missing required field `a`", "missing required field `b`"])
    }

    @Test func anyOfPasses() throws {
        #expect(try passes(#"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#, "1"))
    }

    @Test func oneOf() throws {
        let schema = #"{"oneOf":[{"type":"integer"},{"type":"number","minimum":0}]}"#
        #expect(try passes(schema, "-1"))
        #expect(try passes(schema, "0.5"))
        #expect(try messages(schema, "2") == ["matches more than one of the allowed forms"])
        #expect(try violations(schema, "2").first?.keyword == "oneOf")
        let titled = #"{"oneOf":[{"title":"inline trigger","required":["trigger"]},{"title":"configuration","required":["configuration"]}]}"#
        #expect(try messages(titled, #"{"trigger":{},"configuration":"x"}"#)
            == ["matches more than one of the allowed forms: `inline trigger`, `configuration`"])
    }

    @Test func not() throws {
        #expect(try messages(#"{"not":{"type":"string"}}"#, #""a""#) == ["must not match the disallowed form"])
        #expect(try passes(#"{"not":{"type":"string"}}"#, "1"))
        #expect(try messages(#"{"not":{"required":["configuration","trigger"]}}"#, #"{"configuration":1,"trigger":2}"#)
            == ["`configuration` and `trigger` cannot be used together"])
        #expect(try messages(#"{"not":{"required":["foreach"]}}"#, #"{"foreach":1}"#) == ["field `foreach` is not allowed here"])
    }

    @Test func ifThenElse() throws {
        let schema = #"""
        {"if":{"properties":{"kind":{"const":"a"}}},"then":{"required":["x"]},"else":{"required":["y"]}}
        """#
        #expect(try passes(schema, #"{"kind":"a","x":1}"#))
        #expect(try messages(schema, #"{"kind":"a"}"#) == ["missing required field `x`"])
        #expect(try messages(schema, #"{"kind":"b"}"#) == ["missing required field `y`"])
        #expect(try passes(#"{"if":{"type":"string"},"then":{"minLength":1}}"#, "1"))
    }
}
