import Expressions
import Model
import Testing

@Suite struct TemplateTests {
    @Test func plainStringHasNoTemplate() throws {
        #expect(try Template.parse("hello world") == nil)
        #expect(try Template.parse("cost: $5 {x}") == nil)
    }

    @Test func wholeValueExpression() throws {
        let template = try #require(try Template.parse("  ${ .trigger.customer_id }  "))
        #expect(template.isWholeValue)
        #expect(template.expressions == [Template.Expression(source: ".trigger.customer_id", offset: 5)])
    }

    @Test func interpolationWithOffsets() throws {
        let template = try #require(try Template.parse("Onboard ${ .name }? ${.id}"))
        #expect(!template.isWholeValue)
        #expect(template.segments == [
            .text("Onboard "), .expression(.init(source: ".name", offset: 11)), .text("? "),
            .expression(.init(source: ".id", offset: 22)),
        ])
    }

    @Test func nestedBracketsStringsAndComments() throws {
        let source = #"{a: .x, b: [1, (2)], c: "}\(.y | "\("}")" )}", d: "\"}"} # }"#
        let template = try #require(try Template.parse("${ " + source + "\n }tail"))
        #expect(template.expressions.map(\.source) == [source])
        #expect(template.segments.last == .text("tail"))
    }

    @Test func escapedDollarBrace() throws {
        let template = try #require(try Template.parse("literal $${x} and ${ .y }"))
        #expect(template.segments == [.text("literal ${x} and "), .expression(.init(source: ".y", offset: 21))])
        let onlyEscape = try #require(try Template.parse("$${not}"))
        #expect(onlyEscape.segments == [.text("${not}")])
        #expect(!onlyEscape.isWholeValue)
    }

    @Test func unterminatedAndEmpty() {
        #expect(throws: TemplateError(message: "unterminated `${`: no matching `}`", offset: 4)) {
            try Template.parse("abc ${ .a ")
        }
        #expect(throws: TemplateError(message: "unterminated `${`: no matching `}`", offset: 0)) {
            try Template.parse("${ .a # comment hides }")
        }
        #expect(throws: TemplateError(message: "unterminated `${`: a string literal inside it is not closed", offset: 2)) {
            try Template.parse("x ${ \"abc }")
        }
        #expect(throws: TemplateError(message: "empty expression `${ }`", offset: 1)) {
            try Template.parse("a${  }")
        }
    }

    @Test func evaluateWholeValueAndInterpolation() throws {
        let compiler = JQCompiler()
        let input: JSONValue = .object([
            "trigger": .object(["id": .integer(7), "name": .string("Ada")]),
            "list": .array([.integer(1), .string("x")]),
        ])
        let programs: (String) throws -> JQProgram = { try compiler.compile($0) }
        let whole = try #require(try Template.parse("${ .trigger }"))
        #expect(try whole.evaluate(input: input, programs: programs) == input.objectMember("trigger"))
        let none = try #require(try Template.parse("${ empty }"))
        #expect(try none.evaluate(input: input, programs: programs) == .null)
        let text = try #require(try Template.parse("Hi ${ .trigger.name } #${.trigger.id} ${.list} ${empty}!"))
        #expect(try text.evaluate(input: input, programs: programs) == .string(#"Hi Ada #7 [1,"x"] !"#))
    }
}

extension JSONValue {
    func objectMember(_ key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}
