import Testing
@testable import YAML

@Suite struct ErrorTests {
    @Test func syntaxErrorHasMessageAndMark() throws {
        let result = parse("ok: 1\nbad: value: more\n")
        let problem = try #require(result.problems.first)
        #expect(problem.kind == .syntax)
        #expect(problem.message == "mapping values are not allowed in this context")
        #expect(problem.mark == Mark(line: 2, column: 11, offset: 16))
    }

    @Test func syntaxErrorWithContext() throws {
        let result = parse("a: {b: 1\nc: 2\n")
        let problem = try #require(result.problems.first)
        #expect(problem.kind == .syntax)
        #expect(problem.message.hasPrefix("while parsing a flow mapping: "))
        #expect(problem.relatedMark == Mark(line: 1, column: 4, offset: 3))
        let simpleKey = try #require(parse("a: 1\nb\nc: 2\n").problems.first)
        #expect(simpleKey.message == "while scanning a simple key: could not find expected ':'")
        #expect(simpleKey.mark.line == 3)
    }

    @Test func documentsBeforeASyntaxErrorAreKept() {
        let result = parse("a: 1\n---\nb: 2\n---\nc: [\n")
        #expect(result.documents.count == 2)
        #expect(result.problems.map(\.kind) == [.syntax])
    }

    @Test func invalidUTF8IsAnEncodingProblemWithLineAndColumn() throws {
        let bytes = Array("first: ok\nsé: ".utf8) + [0xFF] + Array("\n".utf8)
        let result = YAMLParser.parse(bytes)
        let problem = try #require(result.problems.first)
        #expect(problem.kind == .encoding)
        #expect(problem.message.contains("UTF-8"))
        #expect(problem.mark == Mark(line: 2, column: 5, offset: 15))
    }

    @Test func truncatedUTF8Sequence() throws {
        let result = YAMLParser.parse(Array("a: b".utf8) + [0xE2, 0x82])
        let problem = try #require(result.problems.first)
        #expect(problem.kind == .encoding)
        #expect(problem.mark.line == 1)
        #expect(problem.mark.column == 5)
    }

    @Test func controlCharacterIsAnEncodingProblem() throws {
        let problem = try #require(YAMLParser.parse(Array("a: \"x\u{1}\"\n".utf8)).problems.first)
        #expect(problem.kind == .encoding)
        #expect(problem.mark == Mark(line: 1, column: 6, offset: 5))
    }

    @Test func nulByteIsBinary() throws {
        let bytes = Array("a: 1\nbc".utf8) + [0] + Array("rest".utf8)
        let result = YAMLParser.parse(bytes)
        let problem = try #require(result.problems.first)
        #expect(problem.kind == .binary)
        #expect(problem.message == "file looks binary (NUL byte at line 2, column 3); YAML files are text")
        #expect(problem.mark == Mark(line: 2, column: 3, offset: 7))
        #expect(result.documents.isEmpty)
    }

    @Test func utf16IsRefused() {
        let result = YAMLParser.parse([0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00])
        #expect(result.problems.map(\.kind) == [.encoding])
    }

    @Test func crlfLineBreaksCountOnce() throws {
        let problem = try #require(YAMLParser.parse(Array("a: 1\r\nb: 2\r\nc".utf8) + [0xFF]).problems.first)
        #expect(problem.mark.line == 3)
        #expect(problem.mark.column == 2)
    }
}
