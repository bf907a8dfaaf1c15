import JSONSchema
import Model
import Testing

@Suite struct ReferenceTests {
    /// A JSON-Schema-like "inputs" definition, recursive through `$defs`.
    static let inputsSchema = ##"""
    {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://sovereign.dev/inputs.json",
     "$ref":"#/$defs/schema",
     "$defs":{
       "schema":{"type":"object","additionalProperties":false,
         "properties":{
           "type":{"enum":["string","integer","number","boolean","object","array","null"]},
           "description":{"type":"string"},
           "required":{"type":"array","items":{"type":"string"},"uniqueItems":true},
           "properties":{"type":"object","additionalProperties":{"$ref":"#/$defs/schema"}},
           "items":{"$ref":"#/$defs/schema"},
           "enum":{"type":"array","minItems":1}}}}}
    """##

    @Test func recursiveDefinition() throws {
        let validator = try JSONSchemaValidator(jsonText: Self.inputsSchema)
        let good = json(##"""
        {"type":"object","required":["customer_id"],
         "properties":{"customer_id":{"type":"string"},
                       "tags":{"type":"array","items":{"type":"object","properties":{"k":{"type":"string"}}}}}}
        """##)
        #expect(validator.validate(good).isEmpty)
        let bad = json(##"""
        {"type":"object","properties":{"tags":{"type":"array","items":{"type":"strng","descripton":"x"}}}}
        """##)
        #expect(validator.validate(bad).map(\.description) == [
            "/properties/tags/items/descripton: unknown field `descripton`; did you mean `description`?",
            "/properties/tags/items/type: `strng` is not one of: string, integer, number, boolean, object, array, null; did you mean `string`?",
        ])
    }

    @Test func referenceToRootAndPointer() throws {
        let tree = ##"{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#"}}}}"##
        #expect(try passes(tree, ##"{"name":"a","children":[{"name":"b","children":[]}]}"##))
        #expect(try messages(tree, ##"{"children":[{"children":[{"name":1}]}]}"##) == ["/children/0/children/0/name: expected string, found integer"])
        let pointer = ##"{"properties":{"a":{"type":"integer"},"b":{"$ref":"#/properties/a"}}}"##
        #expect(try messages(pointer, ##"{"b":"x"}"##) == ["/b: expected integer, found string"])
        let escaped = ##"{"$defs":{"a/b":{"type":"null"},"c~d":{"type":"boolean"}},"properties":{"x":{"$ref":"#/$defs/a~1b"},"y":{"$ref":"#/$defs/c~0d"}}}"##
        #expect(try messages(escaped, ##"{"x":1,"y":1}"##) == ["/x: expected null, found integer", "/y: expected boolean, found integer"])
    }

    @Test func referenceWithSiblingKeywords() throws {
        let schema = ##"{"$defs":{"name":{"type":"string"}},"$ref":"#/$defs/name","maxLength":3}"##
        #expect(try messages(schema, #""abcd""#) == ["must be at most 3 characters long (found 4)"])
        #expect(try messages(schema, "1") == ["expected string, found integer"])
    }

    @Test func badReferences() {
        #expect(throws: SchemaError(message: "`$ref` `#/$defs/nme` does not resolve: `#/$defs` has no `nme`; did you mean `name`? at `#/$ref`")) {
            try JSONSchemaValidator(jsonText: ##"{"$defs":{"name":{}},"$ref":"#/$defs/nme"}"##)
        }
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: ##"{"$ref":"https://example.com/s.json"}"##) }
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: ##"{"$ref":"#anchor"}"##) }
    }

    @Test func referenceCyclesAreRejected() {
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: ##"{"$ref":"#"}"##) }
        #expect(throws: SchemaError.self) {
            try JSONSchemaValidator(jsonText: ##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"anyOf":[{"$ref":"#/$defs/a"}]}},"$ref":"#/$defs/a"}"##)
        }
    }
}

@Suite struct SchemaErrorTests {
    @Test func unsupportedKeyword() {
        #expect(throws: SchemaError(message: "unsupported keyword `requried` at `#/properties/a`; did you mean `required`?")) {
            try JSONSchemaValidator(jsonText: ##"{"properties":{"a":{"requried":["x"]}}}"##)
        }
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: ##"{"unevaluatedProperties":false}"##) }
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: ##"{"$defs":{"x":{"dependentRequired":{}}}}"##) }
    }

    @Test func malformedKeywordValues() {
        #expect(throws: SchemaError(message: "`type` names unknown type `strng`; did you mean `string`? at `#/type`")) {
            try JSONSchemaValidator(jsonText: ##"{"type":"strng"}"##)
        }
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: ##"{"minLength":-1}"##) }
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: ##"{"required":"a"}"##) }
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: ##"{"anyOf":[]}"##) }
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: ##"{"properties":{"a":3}}"##) }
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: "{not json") }
    }

    @Test func annotationsAreIgnored() throws {
        #expect(try passes(##"""
        {"$schema":"x","$id":"y","$comment":"c","title":"t","description":"d","default":1,"examples":[1],
         "deprecated":true,"readOnly":false,"writeOnly":false,"markdownDescription":"**m**"}
        """##, #""anything""#))
    }
}
