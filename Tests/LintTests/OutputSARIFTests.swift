import Foundation
@testable import Lint
import Model
import Testing

@Suite struct OutputSARIFTests {
    private func log(
        _ report: LintReport, _ options: LintOutputOptions = LintOutputOptions(toolVersion: "0.1.0")
    ) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(LintFormat.sarif.render(report, options: options).utf8))
    }

    private func run(_ log: JSONValue) throws -> JSONValue {
        let runs = try #require(log["runs"]?.arrayValue)
        #expect(runs.count == 1)
        return runs[0]
    }

    @Test func topLevelAndDriver() throws {
        let options = LintOutputOptions(toolVersion: "0.1.0", informationURI: "https://example.org/sovereign")
        let log = try log(OutputFixtures.mixedReport, options)
        #expect(log["$schema"] == .string("https://json.schemastore.org/sarif-2.1.0.json"))
        #expect(log["version"] == .string("2.1.0"))
        let driver = try #require(try run(log)["tool"]?["driver"])
        #expect(driver["name"] == .string("sovereign"))
        #expect(driver["version"] == .string("0.1.0"))
        #expect(driver["informationUri"] == .string("https://example.org/sovereign"))
        #expect(try run(log)["columnKind"] == .string("unicodeCodePoints"))
    }

    @Test func oneRulePerCodeAndResultsPointAtThem() throws {
        var report = OutputFixtures.mixedReport
        report.diagnostics.append(Diagnostic(
            code: "SW203", message: "again", location: OutputLocation(path: "b.yaml", line: 1, column: 1)))
        let options = LintOutputOptions(
            ruleTitles: ["SW203": "Unknown step in needs"],
            ruleHelpURIs: ["SW203": "https://example.org/docs#sw203"])
        let run = try run(try log(report, options))
        let rules = try #require(run["tool"]?["driver"]?["rules"]?.arrayValue)
        #expect(rules.map { $0["id"] } == [.string("SW203"), .string("SW310")])
        #expect(rules[0]["name"] == .string("SW203"))
        #expect(rules[0]["shortDescription"]?["text"] == .string("Unknown step in needs"))
        #expect(rules[0]["helpUri"] == .string("https://example.org/docs#sw203"))
        #expect(rules[0]["defaultConfiguration"]?["level"] == .string("error"))
        #expect(rules[1]["shortDescription"]?["text"] == .string("SW310"))
        #expect(rules[1]["helpUri"] == nil)
        #expect(rules[1]["defaultConfiguration"]?["level"] == .string("warning"))

        let results = try #require(run["results"]?.arrayValue)
        #expect(results.count == 3)
        for result in results {
            guard case .integer(let index) = result["ruleIndex"] else { Issue.record("no ruleIndex"); continue }
            #expect(rules[Int(index)]["id"] == result["ruleId"])
        }
    }

    @Test func resultCarriesLevelMessageAndLocation() throws {
        let results = try #require(try run(try log(OutputFixtures.mixedReport))["results"]?.arrayValue)
        let error = results[0]
        #expect(error["level"] == .string("error"))
        #expect(error["message"]?["text"] == .string(#"step "approve" needs unknown step "fetchh""#))
        let physical = try #require(error["locations"]?.arrayValue?.first?["physicalLocation"])
        #expect(physical["artifactLocation"] == .object([
            "uri": .string("workflows/onboarding.yaml"), "uriBaseId": .string("%SRCROOT%"),
        ]))
        #expect(physical["region"] == .object([
            "startLine": .integer(7), "startColumn": .integer(15), "endLine": .integer(7), "endColumn": .integer(21),
        ]))

        let warning = results[1]
        #expect(warning["level"] == .string("warning"))
        let region = try #require(warning["locations"]?.arrayValue?.first?["physicalLocation"]?["region"])
        #expect(region == .object(["startLine": .integer(8), "startColumn": .integer(16)]))
    }

    @Test func emptyReportHasEmptyRulesAndResults() throws {
        let run = try run(try log(LintReport(files: 4, diagnostics: [])))
        #expect(run["results"] == .array([]))
        #expect(run["tool"]?["driver"]?["rules"] == .array([]))
    }

    @Test func sourceRootBecomesTheBaseAndPathsBelowItRelative() throws {
        let report = OutputFixtures.single(nil, at: OutputLocation(path: "/repo/flows/a b.yaml", line: 1, column: 1))
        let run = try run(try log(report, LintOutputOptions(sourceRoot: "/repo")))
        #expect(run["originalUriBaseIds"]?["%SRCROOT%"]?["uri"] == .string("file:///repo/"))
        let artifact = run["results"]?.arrayValue?.first?["locations"]?.arrayValue?.first?["physicalLocation"]?["artifactLocation"]
        #expect(artifact == .object(["uri": .string("flows/a%20b.yaml"), "uriBaseId": .string("%SRCROOT%")]))
    }

    @Test(arguments: [
        ("workflows/a.yaml", nil, SARIFPath.Reference.relative("workflows/a.yaml")),
        ("./workflows//./a.yaml", nil, .relative("workflows/a.yaml")),
        ("my flows/ä#1.yaml", nil, .relative("my%20flows/%C3%A4%231.yaml")),
        ("x:y.yaml", nil, .relative("x%3Ay.yaml")),
        ("/tmp/a.yaml", nil, .absolute("file:///tmp/a.yaml")),
        ("/repo/sub/a.yaml", "/repo", .relative("sub/a.yaml")),
        ("sub/../a.yaml", "/repo/", .relative("a.yaml")),
        ("../other/a.yaml", "/repo", .absolute("file:///other/a.yaml")),
        ("/repository/a.yaml", "/repo", .absolute("file:///repository/a.yaml")),
    ] as [(String, String?, SARIFPath.Reference)])
    func artifactURIs(path: String, root: String?, expected: SARIFPath.Reference) {
        #expect(SARIFPath.reference(for: path, sourceRoot: root) == expected)
    }
}
