import Testing
@testable import YAML

@Suite struct StructureTests {
    @Test func emptyInputHasNoDocumentsAndNoProblems() {
        for text in ["", "   \n", "# only a comment\n"] {
            let result = parse(text)
            #expect(result.documents.isEmpty)
            #expect(result.problems.isEmpty)
        }
    }

    @Test func emptyExplicitDocumentIsANullScalar() throws {
        let result = parse("---\n# nothing\n")
        #expect(result.problems.isEmpty)
        let document = try #require(result.documents.first)
        #expect(result.documents.count == 1)
        #expect(document.root.scalar?.value == .null)
    }

    @Test func multipleDocuments() throws {
        let result = parse("a: 1\n---\nb: 2\n...\n---\n- c\n")
        #expect(result.problems.isEmpty)
        #expect(result.documents.count == 3)
        #expect(result.documents[0].root["a"]?.scalar?.value == .integer(1))
        #expect(result.documents[1].root["b"]?.scalar?.value == .integer(2))
        #expect(result.documents[2].root.sequence?.first?.scalar?.text == "c")
        #expect(result.documents[0].start == Mark(line: 1, column: 1, offset: 0))
        #expect(result.documents[1].start == Mark(line: 2, column: 1, offset: 5))
        #expect(result.documents[1].end == Mark(line: 4, column: 4, offset: 17))
        #expect(result.documents[2].start.line == 5)
    }

    @Test func duplicateKeysReportBothMarksAndKeepTheFirst() throws {
        let result = parse("name: first\nother: x\n'name': second\n")
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.kind == .duplicateKey)
        #expect(problem.message.contains("\"name\""))
        #expect(problem.mark == Mark(line: 3, column: 1, offset: 21))
        #expect(problem.relatedMark == Mark(line: 1, column: 1, offset: 0))
        let entries = try #require(result.documents.first?.root.mapping)
        #expect(entries.count == 2)
        #expect(entries[0].value.scalar?.text == "first")
    }

    @Test func duplicateKeysInFlowAndNestedMappings() throws {
        let result = parse("outer:\n  inner: {k: 1, j: 2, k: 3}\nother: {k: 1}\n")
        #expect(result.problems.map(\.kind) == [.duplicateKey])
        #expect(result.problems.first?.mark == Mark(line: 2, column: 23, offset: 29))
        #expect(result.problems.first?.relatedMark?.column == 11)
    }

    @Test func aliasReusesTheAnchoredNode() throws {
        let node = try #require(root("base: &base {image: alpine, tags: [a, b]}\nfirst: *base\nsecond: *base\n"))
        let base = try #require(node["base"])
        #expect(node["first"] === base)
        #expect(node["second"] === base)
        #expect(node["first"]?["image"]?.scalar?.text == "alpine")
        // A node starts at its anchor; the alias keeps the anchored node's marks.
        #expect(base.start == Mark(line: 1, column: 7, offset: 6))
        #expect(node["first"]?.start.line == 1)
    }

    @Test func scalarAliasAndRedefinedAnchor() throws {
        let node = try #require(root("a: &x one\nb: *x\nc: &x two\nd: *x\n"))
        #expect(node["b"]?.scalar?.text == "one")
        #expect(node["d"]?.scalar?.text == "two")
    }

    @Test func unknownAliasIsReportedAndReplacedByNull() throws {
        let result = parse("a: 1\nb: *missing\n")
        let problem = try #require(result.problems.first)
        #expect(problem.kind == .unknownAlias)
        #expect(problem.message.contains("missing"))
        #expect(problem.mark == Mark(line: 2, column: 4, offset: 8))
        #expect(result.documents.first?.root["b"]?.scalar?.value == .null)
    }

    @Test func anchorsDoNotCrossDocuments() {
        let result = parse("a: &x 1\n---\nb: *x\n")
        #expect(result.problems.map(\.kind) == [.unknownAlias])
        #expect(result.documents.count == 2)
    }

    @Test func recursiveAliasIsReported() throws {
        let result = parse("a: &loop [1, *loop]\n")
        let problem = try #require(result.problems.first)
        #expect(problem.kind == .unknownAlias)
        #expect(problem.relatedMark == Mark(line: 1, column: 4, offset: 3))
    }

    @Test func mergeKeyIsAnOrdinaryKey() {
        let node = root("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n")
        #expect(node?["use"]?.mapping?.count == 2)
        #expect(node?["use"]?["<<"]?["x"]?.scalar?.value == .integer(1))
    }
}
