@testable import Expressions
import Foundation
import Testing

@Suite struct CheckTests {
    @Test func reportsEachProgramsOwnMessage() {
        let programs = [
            ".a.b", "1 +", ".a | foo", "$x", "{a: .x} | .a", "def f(g; $v): g + $v; f(.; 1)",
            "reduce .[] as $x (0; . + $x)", ".a # comment", "§", "(.a", ".a)", "$__loc__", "$ENV.HOME",
            #""\(.a) and \("x")""#, "map(.)", "map", "@base64", "@nope", ".[] as [$a, {b: $c}] | $a + $c",
            "label $out | 1, break $out", "", "{a, $__loc__, b: 1}",
        ]
        let results = JQCompiler().check(programs)
        // jq 1.6 rejects an unknown `@format` only at run time, so `@nope` compiles.
        let expected: [String?] = [
            nil, "syntax error, unexpected $end", "foo/0 is not defined", "$x is not defined", nil, nil,
            nil, nil, "syntax error, unexpected INVALID_CHARACTER, expecting $end", "syntax error, unexpected $end",
            "syntax error, unexpected INVALID_CHARACTER, expecting $end", nil, nil,
            nil, nil, "map/0 is not defined", nil, nil, nil,
            nil, nil, "syntax error, unexpected __loc__, expecting IDENT",
        ]
        for (index, program) in programs.enumerated() {
            #expect(results[index] == expected[index], "program: \(program)")
        }
    }

    @Test func batchAndSingleAgree() {
        // Bisecting must find the failing programs in a large batch.
        var programs = (0..<3_000).map { ".steps.fetch.output.body.items[\($0)]" }
        programs[17] = ".a | [1,"
        programs[2_500] = ".a | 1 +* 2"
        let results = JQCompiler().check(programs)
        #expect(results.enumerated().filter { $0.element != nil }.map(\.offset) == [17, 2_500])
        #expect(results[2_500] == "syntax error, unexpected '*'")
    }

    @Test func throughputOfFortyThousandSimplePrograms() {
        let programs = (0..<40_000).map { ".steps.fetch.output.body.items[\($0)]" }
        let compiler = JQCompiler()
        let clock = ContinuousClock()
        var results: [String?] = []
        let duration = clock.measure { results = compiler.check(programs) }
        print("check() of \(programs.count) programs took \(duration)")
        #expect(results.allSatisfy { $0 == nil })
    }
}

@Suite struct ShapeTests {
    @Test func programsOfOneShapeShareAVerdictButNotAcrossShapes() {
        let programs = [
            ".steps.a.output.items[0]", ".steps.b.output.rows[12]",  // one shape, both fine
            #"{name: .x, note: "plain"}"#, #"{name: .y, note: "other text"}"#,  // one shape, both fine
            #""\q""#,  // an invalid escape is not abstracted away
            ".a | 1.2.3",  // odd number spellings keep their text
            ".a | [1,", ".b | [2,",  // one shape, both broken
        ]
        let results = JQCompiler().check(programs)
        #expect(results[0] == nil && results[1] == nil && results[2] == nil && results[3] == nil)
        #expect(results[4] != nil, "invalid escape must fail")
        #expect(results[5] != nil, "1.2.3 must fail")
        #expect(results[6] == "syntax error, unexpected $end")
        #expect(results[7] == results[6])
    }

    @Test func shapeAbstractsOnlyNamesTextAndIntegers() {
        let first = JQCompiler.shape(of: JQLexer.tokens(of: ".a.b[1] | \"x\"").tokens, in: ".a.b[1] | \"x\"")
        let second = JQCompiler.shape(of: JQLexer.tokens(of: ".c.d[22] | \"yy\"").tokens, in: ".c.d[22] | \"yy\"")
        let third = JQCompiler.shape(of: JQLexer.tokens(of: ".c.d[22] | \"yy\" | length").tokens, in: ".c.d[22] | \"yy\" | length")
        #expect(first == second)
        #expect(first != third)
    }
}
