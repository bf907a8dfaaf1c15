import JSONSchema
import Model
import Testing

@Suite struct TypeKeywordTests {
    @Test func singleType() throws {
        #expect(try passes(#"{"type":"string"}"#, #""a""#))
        #expect(try messages(#"{"type":"string"}"#, "1") == ["expected string, found integer"])
        #expect(try violations(#"{"type":"string"}"#, "1").first?.keyword == "type")
    }

    @Test func typeArray() throws {
        #expect(try passes(#"{"type":["string","null"]}"#, "null"))
        #expect(try messages(#"{"type":["string","null"]}"#, "true") == ["expected string or null, found boolean"])
        #expect(try messages(#"{"type":["string","array","object"]}"#, "1") == ["expected string, array or object, found integer"])
    }

    @Test func integerAcceptsIntegralNumbers() throws {
        #expect(try passes(#"{"type":"integer"}"#, "3"))
        #expect(try passes(#"{"type":"integer"}"#, "3.0"))
        #expect(try JSONSchemaValidator(jsonText: #"{"type":"integer"}"#).validate(.number(3)).isEmpty)
        #expect(try JSONSchemaValidator(jsonText: #"{"type":"integer"}"#).validate(.number(3.5)).count == 1)
        #expect(try messages(#"{"type":"integer"}"#, "3.5") == ["expected integer, found number"])
    }

    @Test func numberAcceptsIntegers() throws {
        #expect(try passes(#"{"type":"number"}"#, "3"))
        #expect(try passes(#"{"type":"number"}"#, "3.25"))
        #expect(try messages(#"{"type":"number"}"#, #""3""#) == ["expected number, found string"])
    }

    @Test func booleanSchemas() throws {
        #expect(try passes("true", #"{"anything":[1]}"#))
        #expect(try messages("false", "1") == ["no value is allowed here"])
    }
}

@Suite struct ValueKeywordTests {
    @Test func enumeration() throws {
        let schema = #"{"enum":["allow","skip","queue","cancelPrevious"]}"#
        #expect(try passes(schema, #""skip""#))
        #expect(try messages(schema, #""sometimes""#) == ["`sometimes` is not one of: allow, skip, queue, cancelPrevious"])
        #expect(try messages(schema, #""skpi""#) == ["`skpi` is not one of: allow, skip, queue, cancelPrevious; did you mean `skip`?"])
        #expect(try violations(schema, "1").first?.keyword == "enum")
    }

    @Test func enumComparesNumbersByValue() throws {
        #expect(try passes(#"{"enum":[1,2]}"#, "2.0"))
        #expect(try passes(#"{"enum":[{"a":[1]}]}"#, #"{"a":[1.0]}"#))
    }

    @Test func constant() throws {
        #expect(try passes(#"{"const":"sovereign/v1"}"#, #""sovereign/v1""#))
        #expect(try messages(#"{"const":"sovereign/v1"}"#, #""v2""#) == ["must be `sovereign/v1`"])
        #expect(try messages(#"{"const":null}"#, "0") == ["must be `null`"])
        #expect(try passes(#"{"const":null}"#, "null"))
    }
}

@Suite struct StringKeywordTests {
    @Test func lengthCountsUnicodeCharacters() throws {
        #expect(try passes(#"{"maxLength":3}"#, #""äöü""#))
        #expect(try passes(#"{"minLength":2}"#, #""😀😀""#))
        #expect(try messages(#"{"maxLength":3}"#, #""abcd""#) == ["must be at most 3 characters long (found 4)"])
        #expect(try messages(#"{"minLength":1}"#, #""""#) == ["must not be empty"])
        #expect(try messages(#"{"minLength":3}"#, #""ab""#) == ["must be at least 3 characters long"])
        #expect(try passes(#"{"minLength":3}"#, "12"))
    }

    @Test func pattern() throws {
        let schema = #"{"pattern":"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"}"#
        #expect(try passes(schema, #""customer-onboarding""#))
        #expect(try messages(schema, #""Bad_Name""#) == ["must match pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"])
        #expect(try passes(#"{"pattern":"b+"}"#, #""abbc""#))
        #expect(try passes(#"{"pattern":"^x"}"#, "12"))
    }

    @Test func invalidPatternIsSchemaError() {
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: #"{"pattern":"(["}"#) }
    }

    @Test func dateTime() throws {
        let schema = #"{"format":"date-time"}"#
        for good in ["2024-05-01T12:00:00Z", "2024-02-29t23:59:60.123+02:00", "2024-05-01T12:00:00-05:30"] {
            #expect(try passes(schema, "\"\(good)\""), "\(good)")
        }
        for bad in ["2024-05-01", "2023-02-29T12:00:00Z", "2024-13-01T12:00:00Z", "2024-05-01T24:00:00Z",
                    "2024-05-01 12:00:00Z", "2024-05-01T12:00:00", "2024-05-01T12:00:00.Z"] {
            #expect(try messages(schema, "\"\(bad)\"") == ["must be a date-time (RFC 3339), e.g. `2024-05-01T12:00:00Z`"], "\(bad)")
        }
    }

    @Test func uriAndEmail() throws {
        #expect(try passes(#"{"format":"uri"}"#, #""https://crm.example/api?x=1""#))
        #expect(try passes(#"{"format":"uri"}"#, #""urn:isbn:0451450523""#))
        #expect(try !passes(#"{"format":"uri"}"#, #""/relative/path""#))
        #expect(try !passes(#"{"format":"uri"}"#, #""https://a b""#))
        #expect(try passes(#"{"format":"email"}"#, #""ops@example.com""#))
        #expect(try violations(#"{"format":"email"}"#, #""ops.example.com""#).first?.keyword == "format")
        #expect(try !passes(#"{"format":"email"}"#, #""a@b@c""#))
    }

    @Test func unknownFormatIsAnnotation() throws {
        #expect(try passes(#"{"format":"duration-ish"}"#, #""whatever""#))
    }
}

@Suite struct NumberKeywordTests {
    @Test func bounds() throws {
        #expect(try messages(#"{"minimum":1}"#, "0") == ["must be at least 1"])
        #expect(try passes(#"{"minimum":1}"#, "1"))
        #expect(try messages(#"{"maximum":10.0}"#, "11") == ["must be at most 10"])
        #expect(try messages(#"{"maximum":2.5}"#, "3") == ["must be at most 2.5"])
        #expect(try messages(#"{"exclusiveMinimum":0}"#, "0") == ["must be greater than 0"])
        #expect(try passes(#"{"exclusiveMinimum":0}"#, "0.001"))
        #expect(try messages(#"{"exclusiveMaximum":5}"#, "5.0") == ["must be less than 5"])
        #expect(try passes(#"{"minimum":1}"#, #""0""#))
    }

    @Test func exactIntegerComparison() throws {
        let validator = try JSONSchemaValidator(jsonText: #"{"maximum":9007199254740993}"#)
        #expect(validator.validate(.integer(9_007_199_254_740_993)).isEmpty)
        #expect(validator.validate(.integer(9_007_199_254_740_994)).count == 1)
    }

    @Test func multipleOf() throws {
        #expect(try passes(#"{"multipleOf":5}"#, "15"))
        #expect(try messages(#"{"multipleOf":5}"#, "7") == ["must be a multiple of 5"])
        #expect(try passes(#"{"multipleOf":0.1}"#, "0.3"))
        #expect(try !passes(#"{"multipleOf":0.1}"#, "0.35"))
        #expect(throws: SchemaError.self) { try JSONSchemaValidator(jsonText: #"{"multipleOf":0}"#) }
    }
}
