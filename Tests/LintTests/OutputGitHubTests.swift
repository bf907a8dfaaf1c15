import Lint
import Model
import Testing

@Suite struct OutputGitHubTests {
    @Test func oneCommandPerDiagnosticThenSummary() {
        let expected = """
            ::error file=workflows/onboarding.yaml,line=7,col=15,endLine=7,endColumn=21,title=SW203::step "approve" needs unknown step "fetchh"
            ::warning file=workflows/onboarding.yaml,line=8,col=16,title=SW310::timeout "1 hour" is not a duration; use 1h
            1 error, 1 warning in 3 files

            """
        #expect(LintFormat.github.render(OutputFixtures.mixedReport) == expected)
    }

    @Test func messageEscapesPercentAndLineBreaksButNotColonsOrCommas() {
        let report = OutputFixtures.single(
            nil, at: OutputLocation(path: "a.yaml", line: 1, column: 1),
            message: "100% wrong\r\nsecond line: a, b")
        let line = LintFormat.github.render(report).split(separator: "\n")[0]
        #expect(line.hasSuffix("::100%25 wrong%0D%0Asecond line: a, b"))
    }

    @Test func propertyValuesEscapeColonsCommasAndPercent() {
        let report = OutputFixtures.single(
            nil, at: OutputLocation(path: "./odd:name,50%.yaml", line: 2, column: 3), severity: .warning)
        let line = LintFormat.github.render(report).split(separator: "\n")[0]
        #expect(line == "::warning file=odd%3Aname%2C50%25.yaml,line=2,col=3,title=SW100::problem")
    }

    @Test func cleanReportHasOnlyTheSummary() {
        #expect(LintFormat.github.render(LintReport(files: 2, diagnostics: [])) == "No problems found in 2 files\n")
    }
}
