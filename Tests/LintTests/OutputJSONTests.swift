import Foundation
import Lint
import Model
import Testing

@Suite struct OutputJSONTests {
    private struct Document: Decodable {
        var files: Int
        var errors: Int
        var warnings: Int
        var diagnostics: [Entry]
    }

    private struct Entry: Decodable, Equatable {
        var path: String
        var line: Int
        var column: Int
        var endLine: Int?
        var endColumn: Int?
        var severity: String
        var code: String
        var message: String
    }

    private func object(_ text: String) throws -> [String: JSONValue] {
        try #require(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)).objectValue)
    }

    @Test func decodesBackWithCountsAndEntries() throws {
        let text = LintFormat.json.render(OutputFixtures.mixedReport)
        let document = try JSONDecoder().decode(Document.self, from: Data(text.utf8))
        #expect(document.files == 3)
        #expect(document.errors == 1)
        #expect(document.warnings == 1)
        #expect(document.diagnostics == [
            Entry(path: "workflows/onboarding.yaml", line: 7, column: 15, endLine: 7, endColumn: 21,
                  severity: "error", code: "SW203", message: #"step "approve" needs unknown step "fetchh""#),
            Entry(path: "workflows/onboarding.yaml", line: 8, column: 16, endLine: nil, endColumn: nil,
                  severity: "warning", code: "SW310", message: "timeout \"1 hour\" is not a duration; use 1h"),
        ])
    }

    @Test func hasExactlyTheDocumentedKeys() throws {
        let top = try object(LintFormat.json.render(OutputFixtures.mixedReport))
        #expect(Set(top.keys) == ["files", "errors", "warnings", "diagnostics"])
        let entries = try #require(top["diagnostics"]?.arrayValue)
        let ranged = try #require(entries[0].objectValue)
        #expect(Set(ranged.keys) == ["path", "line", "column", "endLine", "endColumn", "severity", "code", "message"])
        let point = try #require(entries[1].objectValue)
        #expect(Set(point.keys) == ["path", "line", "column", "severity", "code", "message"])
        #expect(ranged["line"] == .integer(7))
        #expect(ranged["severity"] == .string("error"))
    }

    @Test func emptyReportIsValidAndOneLine() throws {
        let text = LintFormat.json.render(LintReport(files: 14, diagnostics: []))
        #expect(text == #"{"diagnostics":[],"errors":0,"files":14,"warnings":0}"# + "\n")
        let top = try object(text)
        #expect(top["diagnostics"] == .array([]))
    }

    @Test func awkwardTextStaysValidJSON() throws {
        let message = "quote \" backslash \\ newline \n tab \t control \u{1} unicode 日本 🚀"
        let path = "dir with space/ä\"b.yaml"
        let report = OutputFixtures.single(nil, at: OutputLocation(path: path, line: 1, column: 2), message: message)
        let text = LintFormat.json.render(report)
        #expect(text.filter { $0 == "\n" }.count == 1)
        let entry = try #require(try object(text)["diagnostics"]?.arrayValue?.first?.objectValue)
        #expect(entry["message"] == .string(message))
        #expect(entry["path"] == .string(path))
    }
}
