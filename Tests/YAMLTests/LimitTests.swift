import Testing
@testable import YAML

@Suite struct LimitTests {
    @Test func billionLaughsFailsWithAliasBudget() throws {
        let result = parse(billionLaughs())
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.kind == .aliasBudget)
        #expect(problem.relatedMark != nil)
        #expect(result.documents.isEmpty)
    }

    @Test func aliasBudgetAbandonsOnlyItsDocument() {
        let result = parse("first: 1\n---\n" + billionLaughs() + "---\nlast: 2\n")
        #expect(result.problems.map(\.kind) == [.aliasBudget])
        #expect(result.documents.count == 2)
        #expect(result.documents.last?.root["last"]?.scalar?.value == .integer(2))
    }

    @Test func moderateAliasUseFitsTheBudget() {
        var limits = YAMLLimits()
        limits.maxAliasExpansion = 30
        // Each alias of a 3-node list costs 3: ten of them cost 30.
        let text = "a: &a [1, 2]\nb: [" + Array(repeating: "*a", count: 10).joined(separator: ", ") + "]\n"
        #expect(parse(text, limits: limits).problems.isEmpty)
        #expect(parse(text + "c: *a\n", limits: limits).problems.map(\.kind) == [.aliasBudget])
    }

    @Test func deepSequenceNestingStopsWithDepth() throws {
        let result = parse(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000))
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.kind == .depth)
        #expect(problem.mark == Mark(line: 1, column: 129, offset: 128))
        #expect(result.documents.isEmpty)
    }

    @Test func unclosedDeepNestingStopsWithDepth() {
        let result = parse(String(repeating: "[", count: 10_000))
        #expect(result.problems.map(\.kind) == [.depth])
    }

    @Test func deepMappingNestingStopsWithDepth() throws {
        let flow = String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(parse(flow).problems.map(\.kind) == [.depth])
        // Block mappings indent one more space a level: 1,000 levels are already 0.5 MB.
        var block = ""
        for level in 0..<1_000 {
            block += String(repeating: " ", count: level) + "k:\n"
        }
        let problem = try #require(parse(block).problems.first)
        #expect(problem.kind == .depth)
        #expect(problem.mark.line == 129)  // the mapping on line L is at depth L
    }

    @Test func deepBlockSequenceNestingStopsWithDepth() throws {
        let problem = try #require(parse(String(repeating: "- ", count: 10_000) + "x\n").problems.first)
        #expect(problem.kind == .depth)
        #expect(problem.mark == Mark(line: 1, column: 257, offset: 256))
    }

    @Test func depthLimitIsInclusive() {
        var limits = YAMLLimits()
        limits.maxDepth = 3
        #expect(parse("[[[1]]]", limits: limits).problems.isEmpty)
        #expect(parse("[[[[1]]]]", limits: limits).problems.map(\.kind) == [.depth])
    }

    @Test func tooLargeInputIsRefusedWithoutParsing() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 20 * 1_048_576)
        let result = YAMLParser.parse(bytes)
        let problem = try #require(result.problems.first)
        #expect(problem.kind == .tooLarge)
        #expect(problem.message == "file is 20.0 MiB; the limit is 1.0 MiB")
        #expect(result.documents.isEmpty)
    }

    @Test func tooManyNodesStops() {
        var limits = YAMLLimits()
        limits.maxNodes = 10
        let result = parse("- 1\n- 2\n- 3\n- 4\n- 5\n- 6\n- 7\n- 8\n- 9\n- 10\n", limits: limits)
        #expect(result.problems.map(\.kind) == [.tooManyNodes])
        #expect(result.problems.first?.mark.line == 10)
        #expect(result.documents.isEmpty)
    }

    @Test func hundredThousandKeysParse() throws {
        var text = ""
        text.reserveCapacity(1_300_000)
        for index in 0..<100_000 {
            text += "key\(index): value \(index)\n"
        }
        var limits = YAMLLimits()
        limits.maxBytes = 4 << 20
        limits.maxNodes = 1_000_000
        let result = parse(text, limits: limits)
        #expect(result.problems.isEmpty)
        let entries = try #require(result.documents.first?.root.mapping)
        #expect(entries.count == 100_000)
        #expect(entries[99_999].value.scalar?.text == "value 99999")
        #expect(entries[99_999].key.start.line == 100_000)
    }
}
