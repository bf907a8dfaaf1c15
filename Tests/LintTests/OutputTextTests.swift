@testable import Lint
import Model
import Testing

@Suite struct OutputTextTests {
    private func render(_ report: LintReport, color: Bool = false) -> String {
        LintFormat.text.render(report, options: LintOutputOptions(color: color))
    }

    /// The two snippet lines (source and marker) of a one-diagnostic report.
    private func snippet(_ source: String, _ location: OutputLocation) -> [Substring] {
        let lines = render(OutputFixtures.single(source, at: location)).split(separator: "\n", omittingEmptySubsequences: false)
        return Array(lines[1...2])
    }

    @Test func headerSnippetAndSummary() {
        let expected = """
            workflows/onboarding.yaml:7:15: error[SW203]: step "approve" needs unknown step "fetchh"
             7 |       needs: [fetchh]
               |               ^~~~~~

            workflows/onboarding.yaml:8:16: warning[SW310]: timeout "1 hour" is not a duration; use 1h
             8 |       timeout: 1 hour
               |                ^

            1 error, 1 warning in 3 files

            """
        #expect(render(OutputFixtures.mixedReport) == expected)
    }

    @Test func caretUnderColumnAfterTabKeepsTheTab() {
        // "\tkey: [x]": the tab is column 1, "x" is column 8.
        let lines = snippet("\tkey: [x]", OutputLocation(path: "a.yaml", line: 1, column: 8))
        #expect(lines[0] == " 1 | \tkey: [x]")
        #expect(lines[1] == "   | \t      ^")
    }

    @Test func caretAfterWideCharactersTakesTwoCellsEach() {
        // "title: 日本 x": 日 and 本 are columns 8 and 9 and two cells wide; "x" is column 11.
        let lines = snippet("title: 日本 x", OutputLocation(path: "a.yaml", line: 1, column: 11))
        #expect(lines[1] == "   | " + String(repeating: " ", count: 12) + "^")
    }

    @Test func rangeOverWideCharactersAndEmojiCountsCells() {
        let lines = snippet("name: 日本🚀!", OutputLocation(path: "a.yaml", line: 1, column: 7, endLine: 1, endColumn: 10))
        #expect(lines[1] == "   |       ^~~~~~")  // 日本🚀: six cells
    }

    @Test func combiningMarksTakeNoCell() {
        // "cafe\u{301}: [x]" is 9 scalars; "x" is column 9 but the eighth cell.
        let lines = snippet("cafe\u{301}: [x]", OutputLocation(path: "a.yaml", line: 1, column: 9))
        #expect(lines[1] == "   |        ^")
    }

    @Test func rangeContinuingOnLaterLinesUnderlinesToEndOfLine() {
        let lines = snippet("key: value\nnext: 1", OutputLocation(path: "a.yaml", line: 1, column: 6, endLine: 2, endColumn: 3))
        #expect(lines[1] == "   |      ^~~~~")
    }

    @Test func columnJustPastEndOfLinePutsCaretAfterLastCharacter() {
        let lines = snippet("key:", OutputLocation(path: "a.yaml", line: 1, column: 5))
        #expect(lines[1] == "   |     ^")
    }

    @Test func carriageReturnsOfCRLFFilesAreNotPrinted() {
        let lines = snippet("a: 1\r\nb: [\r\n", OutputLocation(path: "a.yaml", line: 2, column: 4))
        #expect(lines[0] == " 2 | b: [")
        #expect(!render(OutputFixtures.single("a: 1\r\nb: [\r\n", at: OutputLocation(path: "a.yaml", line: 2, column: 4))).contains("\r"))
    }

    @Test func controlCharactersInSourceAndMessageAreNeutralised() {
        let report = OutputFixtures.single(
            "a: \u{1B}[31mred", at: OutputLocation(path: "a.yaml", line: 1, column: 1), message: "bad \u{1B}[2J byte")
        #expect(!render(report).contains("\u{1B}"))
        #expect(render(report).contains("a: \u{FFFD}[31mred"))
    }

    @Test func gutterWidthFollowsTheLineNumber() {
        let source = String(repeating: "x: 1\n", count: 11) + "bad: ["
        let lines = snippet(source, OutputLocation(path: "a.yaml", line: 12, column: 6))
        #expect(lines[0] == " 12 | bad: [")
        #expect(lines[1] == "    |      ^")
    }

    @Test func noSnippetWithoutSourceOrForMissingLine() {
        let withoutSource = OutputFixtures.single(nil, at: OutputLocation(path: "a.yaml", line: 3, column: 1))
        #expect(render(withoutSource) == "a.yaml:3:1: error[SW100]: problem\n\n1 error in 1 file\n")
        let pastEnd = OutputFixtures.single("a: 1", at: OutputLocation(path: "a.yaml", line: 9, column: 1))
        #expect(render(pastEnd) == "a.yaml:9:1: error[SW100]: problem\n\n1 error in 1 file\n")
    }

    @Test(arguments: [
        (0, 0, 14, "No problems found in 14 files"),
        (0, 0, 1, "No problems found in 1 file"),
        (2, 1, 14, "2 errors, 1 warning in 14 files"),
        (1, 0, 2, "1 error in 2 files"),
        (0, 3, 1, "3 warnings in 1 file"),
    ])
    func summaryLine(errors: Int, warnings: Int, files: Int, expected: String) {
        let location = OutputLocation(path: "a.yaml", line: 1, column: 1)
        let diagnostics = (0..<errors).map { _ in Diagnostic(code: "SW1", severity: .error, message: "e", location: location) }
            + (0..<warnings).map { _ in Diagnostic(code: "SW2", severity: .warning, message: "w", location: location) }
        let output = render(LintReport(files: files, diagnostics: diagnostics))
        #expect(output.hasSuffix("\n" + expected + "\n") || output == expected + "\n")
    }

    @Test func colourOnlyWhenAsked() {
        let plain = render(OutputFixtures.mixedReport, color: false)
        #expect(!plain.contains("\u{1B}"))

        let coloured = render(OutputFixtures.mixedReport, color: true)
        #expect(coloured.contains("\u{1B}[1;31merror[SW203]:\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;33mwarning[SW310]:\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;31m^~~~~~\u{1B}[0m"))
        // Without the escapes, the coloured text is the plain text.
        #expect(coloured.replacing(#/\x1B\[[0-9;]*m/#, with: "") == plain)
    }

    @Test func cellWidths() {
        #expect(SourceSnippet.cellWidth(of: "a") == 1)
        #expect(SourceSnippet.cellWidth(of: "日") == 2)
        #expect(SourceSnippet.cellWidth(of: "🚀") == 2)
        #expect(SourceSnippet.cellWidth(of: "\u{301}") == 0)
        #expect(SourceSnippet.cellWidth(of: "\u{200D}") == 0)
    }
}
