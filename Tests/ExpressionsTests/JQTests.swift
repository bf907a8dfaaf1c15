import Expressions
import Model
import Testing

@Suite struct JQProgramTests {
    @Test func roundTripsValues() throws {
        let value: JSONValue = .object([
            "null": .null, "yes": .bool(true), "no": .bool(false), "int": .integer(-42),
            "big": .integer(9_007_199_254_740_992), "pi": .number(3.25), "text": .string("héllo \u{0}✓"),
            "empty": .string(""), "list": .array([.integer(1), .array([]), .object([:])]),
        ])
        let program = try JQCompiler().compile(".")
        #expect(try program.evaluate(value) == [value])
    }

    @Test func numbersBecomeIntegersWhenIntegral() throws {
        let program = try JQCompiler().compile("1, 2.5, 1e300, 4.0, -0.5, (1/3)")
        #expect(try program.evaluate(.null) == [.integer(1), .number(2.5), .number(1e300), .integer(4), .number(-0.5), .number(1.0 / 3.0)])
    }

    @Test func allOutputsInOrder() throws {
        let program = try JQCompiler().compile(".items[] | select(. > 1) | . * 10")
        let input: JSONValue = .object(["items": .array([.integer(1), .integer(2), .integer(3)])])
        #expect(try program.evaluate(input) == [.integer(20), .integer(30)])
        // The same program evaluates again with a new input.
        #expect(try program.evaluate(.object(["items": .array([])])) == [])
    }

    @Test func runtimeErrorsThrow() throws {
        let program = try JQCompiler().compile(".a.b")
        #expect(throws: JQError(message: "Cannot index number with string \"b\"", call: "jq_next")) {
            try program.evaluate(.object(["a": .integer(1)]))
        }
        let custom = try JQCompiler().compile(#"error({code: 7})"#)
        #expect(throws: JQError(message: #"{"code":7} (not a string)"#, call: "jq_next")) {
            try custom.evaluate(.null)
        }
    }

    @Test func compileErrorsAreCleaned() {
        #expect(throws: JQError(message: "foo/0 is not defined", call: "jq_compile")) {
            try JQCompiler().compile(".a | foo")
        }
        #expect(throws: JQError(message: "$x is not defined", call: "jq_compile")) {
            try JQCompiler().compile("$x")
        }
    }

    @Test func compilingInALoopDoesNotLeak() throws {
        // Each program owns a jq_state that deinit tears down; resident memory must stay flat.
        func residentKilobytes() -> Int {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
            return Int(line.split(separator: " ")[1]) ?? 0
        }
        for _ in 0..<20 { _ = try JQCompiler().compile(".a | map(. + 1)").evaluate(.object(["a": .array([.integer(1)])])) }
        let before = residentKilobytes()
        for _ in 0..<200 { _ = try JQCompiler().compile(".a | map(. + 1)").evaluate(.object(["a": .array([.integer(1)])])) }
        let after = residentKilobytes()
        print("RSS before \(before) kB, after 200 compiles \(after) kB")
        // A leaked jq_state with its builtins is ~1 MB each (200 MB here); other tests running in
        // parallel move RSS by tens of MB, so the bound sits well between the two.
        #expect(after - before < 100_000)
    }
}
