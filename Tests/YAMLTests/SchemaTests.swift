import Testing
@testable import YAML

@Suite struct SchemaTests {
    @Test(arguments: ["NO", "no", "yes", "Yes", "on", "off", "y", "n", "TrUe", "nULL", "1_000", "0x", "0o8", "-0x1F", "1.2.3", ".", "e3", "+", "-.nan", "12:30"])
    func plainWordsStayStrings(text: String) {
        #expect(value(text) == .string(text))
    }

    @Test func nulls() {
        for text in ["~", "null", "Null", "NULL"] { #expect(value(text) == .null) }
        #expect(root("a:")?["a"]?.scalar?.value == .null)
        #expect(root("a: ''")?["a"]?.scalar?.value == .string(""))
    }

    @Test func bools() {
        for text in ["true", "True", "TRUE"] { #expect(value(text) == .bool(true)) }
        for text in ["false", "False", "FALSE"] { #expect(value(text) == .bool(false)) }
    }

    @Test func integers() {
        #expect(value("0") == .integer(0))
        #expect(value("42") == .integer(42))
        #expect(value("-17") == .integer(-17))
        #expect(value("+5") == .integer(5))
        #expect(value("007") == .integer(7))
        #expect(value("0x1F") == .integer(31))
        #expect(value("0xff") == .integer(255))
        #expect(value("0o17") == .integer(15))
        #expect(value("9223372036854775807") == .integer(Int64.max))
        #expect(value("-9223372036854775808") == .integer(Int64.min))
        // Out of Int64 range: the nearest Double.
        #expect(value("9223372036854775808") == .float(9_223_372_036_854_775_808.0))
        #expect(value("0x10000000000000000") == .float(18_446_744_073_709_551_616.0))
    }

    @Test func floats() {
        #expect(value("1.5") == .float(1.5))
        #expect(value("1e3") == .float(1000))
        #expect(value("-2.5E-1") == .float(-0.25))
        #expect(value(".5") == .float(0.5))
        #expect(value("1.") == .float(1))
        #expect(value(".inf") == .float(.infinity))
        #expect(value("-.Inf") == .float(-.infinity))
        #expect(value("+.INF") == .float(.infinity))
        guard case .float(let nan) = value(".nan") else {
            Issue.record(".nan is not a float")
            return
        }
        #expect(nan.isNaN)
    }

    @Test func quotedAndBlockScalarsAreStrings() {
        #expect(value("\"true\"") == .string("true"))
        #expect(value("'42'") == .string("42"))
        #expect(value("\"~\"") == .string("~"))
        #expect(value("|\n  12\n") == .string("12\n"))
        #expect(value(">-\n  null\n") == .string("null"))
        #expect(root("'x'")?.scalar?.style == .singleQuoted)
        #expect(root("\"x\"")?.scalar?.style == .doubleQuoted)
        #expect(root("|\n x\n")?.scalar?.style == .literal)
        #expect(root(">\n x\n")?.scalar?.style == .folded)
        #expect(root("x")?.scalar?.style == .plain)
    }

    @Test func explicitTags() throws {
        let node = try #require(root("a: !!str 12\nb: !!int \"42\"\nc: ! true\nd: !Ref name\ne: !!float 3\n"))
        #expect(node["a"]?.scalar?.value == .string("12"))
        #expect(node["a"]?.tag == "tag:yaml.org,2002:str")
        #expect(node["b"]?.scalar?.value == .integer(42))
        #expect(node["c"]?.scalar?.value == .string("true"))
        #expect(node["c"]?.tag == "!")
        #expect(node["d"]?.scalar?.value == .string("name"))
        #expect(node["d"]?.tag == "!Ref")
        #expect(node["e"]?.scalar?.value == .float(3))
        #expect(root("a: 1")?["a"]?.tag == nil)
    }

    @Test func mismatchedCoreTagIsReported() throws {
        let result = parse("a: !!int abc\n")
        #expect(result.documents.first?.root["a"]?.scalar?.value == .string("abc"))
        let problem = try #require(result.problems.first)
        #expect(problem.kind == .syntax)
        #expect(problem.message.contains("!!int"))
        #expect(problem.mark == Mark(line: 1, column: 4, offset: 3))
    }
}
