import Testing
@testable import YAML

@Suite struct MarkTests {
    @Test func marksAreOneBasedAcrossLines() throws {
        let node = try #require(root("first: 1\nsecond:\n  nested: two\n"))
        let entries = try #require(node.mapping)
        #expect(node.start == Mark(line: 1, column: 1, offset: 0))
        #expect(entries[0].key.start == Mark(line: 1, column: 1, offset: 0))
        #expect(entries[0].value.start == Mark(line: 1, column: 8, offset: 7))
        #expect(entries[0].value.end == Mark(line: 1, column: 9, offset: 8))
        #expect(entries[1].key.start == Mark(line: 2, column: 1, offset: 9))
        let nested = try #require(entries[1].value.mapping)
        #expect(nested[0].key.start == Mark(line: 3, column: 3, offset: 19))
        #expect(nested[0].value.start == Mark(line: 3, column: 11, offset: 27))
        // Block collections end with their last child, not at the next token.
        #expect(entries[1].value.end == Mark(line: 3, column: 14, offset: 30))
    }

    @Test func columnsCountCharactersAndOffsetsCountBytes() throws {
        // "é" is 2 bytes, "日本" 6 bytes, "😀" 4 bytes.
        let node = try #require(root("é: ü\n日本: [😀, x]\n"))
        let entries = try #require(node.mapping)
        #expect(entries[0].value.start == Mark(line: 1, column: 4, offset: 4))
        let items = try #require(entries[1].value.sequence)
        #expect(entries[1].value.start == Mark(line: 2, column: 5, offset: 15))
        #expect(items[0].start == Mark(line: 2, column: 6, offset: 16))
        #expect(items[1].start == Mark(line: 2, column: 9, offset: 22))
        // Flow collections end past their closing bracket.
        #expect(entries[1].value.end == Mark(line: 2, column: 11, offset: 24))
    }

    @Test func marksInFlowCollections() throws {
        let node = try #require(root("{a: [1, 2], b: {c: d}}"))
        let entries = try #require(node.mapping)
        #expect(node.start == Mark(line: 1, column: 1, offset: 0))
        #expect(node.end == Mark(line: 1, column: 23, offset: 22))
        #expect(entries[0].value.start.column == 5)
        #expect(entries[0].value.sequence?[1].start.column == 9)
        #expect(entries[1].key.start.column == 13)
        #expect(entries[1].value["c"]?.start.column == 20)
    }

    @Test func byteOrderMarkIsCountedInOffsetsOnly() throws {
        let result = YAMLParser.parse([0xEF, 0xBB, 0xBF] + Array("a: b\n".utf8))
        let node = try #require(result.documents.first?.root)
        #expect(node.mapping?[0].value.start == Mark(line: 1, column: 4, offset: 6))
    }

    @Test func byteSizesReadWell() {
        #expect(ByteSize.describe(20 * 1_048_576) == "20.0 MiB")
        #expect(ByteSize.describe(1536) == "1.5 KiB")
        #expect(ByteSize.describe(12) == "12 bytes")
        #expect(ByteSize.compare(1_048_577, limit: 1_048_576) == ("1048577 bytes", "1048576 bytes"))
    }
}
