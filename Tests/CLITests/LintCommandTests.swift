import Foundation
import Testing

/// `sovereign lint`, run as a subprocess: options, formats, exit statuses and colour.
@Suite struct LintCommandTests {
    /// YAML of another apiVersion, which lint ignores: a clean file with or without the real Linter.
    private static let unrelatedYAML = "name: not a sovereign resource\nitems: [1, 2]\n"

    private func cleanFile() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        return (directory, try directory.write("unrelated.yaml", Self.unrelatedYAML))
    }

    @Test func withoutPathIsAUsageError() throws {
        let result = try SovereignProcess.run(["lint"])
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("sovereign: error: no paths given"))
    }

    @Test func unknownOptionIsNamedWithASuggestion() throws {
        let (directory, file) = try cleanFile()
        defer { withExtendedLifetime(directory) {} }
        let result = try SovereignProcess.run(["lint", "--fromat", "json", file])
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("sovereign: error: unknown option '--fromat'; did you mean '--format'?"))
    }

    @Test(arguments: [["--format", "xml"], ["--format=jsno"], ["-f", "SARIF"]])
    func unknownFormatValueIsAUsageError(option: [String]) throws {
        let (directory, file) = try cleanFile()
        defer { withExtendedLifetime(directory) {} }
        let result = try SovereignProcess.run(["lint"] + option + [file])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("sovereign: error: unknown format"))
        #expect(result.standardError.contains("text, json, sarif, github"))
    }

    @Test func formatWithoutValueIsAUsageError() throws {
        let (directory, file) = try cleanFile()
        defer { withExtendedLifetime(directory) {} }
        let result = try SovereignProcess.run(["lint", file, "--format"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("option '--format' needs a value"))
    }

    @Test func flagWithValueIsAUsageError() throws {
        let (directory, file) = try cleanFile()
        defer { withExtendedLifetime(directory) {} }
        let result = try SovereignProcess.run(["lint", "--strict=yes", file])
        #expect(result.status == 2)
        #expect(result.standardError.contains("option '--strict' takes no value"))
    }

    // Needs the real Linter: the placeholder returns an empty report for any path.
    @Test func nonexistentPathIsAnInputError() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.url.appendingPathComponent("no-such-dir").path
        let result = try SovereignProcess.run(["lint", missing])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("sovereign: error: "))
        #expect(result.standardError.contains("no-such-dir"))
    }

    @Test func cleanFileExitsZeroWithSummary() throws {
        let (directory, file) = try cleanFile()
        defer { withExtendedLifetime(directory) {} }
        let result = try SovereignProcess.run(["lint", file])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("No problems found in "))
        #expect(result.standardError.isEmpty)
    }

    @Test(arguments: [["--format", "json"], ["--format=json"], ["-f", "json"], ["-fjson"]])
    func jsonFormatSpellings(option: [String]) throws {
        let (directory, file) = try cleanFile()
        defer { withExtendedLifetime(directory) {} }
        let result = try SovereignProcess.run(["lint"] + option + ["--strict", file])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["files", "errors", "warnings", "diagnostics"])
    }

    @Test func sarifFormatIsSARIF() throws {
        let (directory, file) = try cleanFile()
        defer { withExtendedLifetime(directory) {} }
        let result = try SovereignProcess.run(["lint", "--format", "sarif", file])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(object?["version"] as? String == "2.1.0")
        let runs = object?["runs"] as? [[String: Any]]
        let driver = (runs?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any]
        #expect(driver?["name"] as? String == "sovereign")
        #expect(driver?["version"] as? String == "0.1.0")
    }

    @Test func optionsAfterDoubleDashArePaths() throws {
        let result = try SovereignProcess.run(["lint", "--", "--format"])
        // "--format" is a path here, not an option; whether it exists is the Linter's business.
        #expect(!result.standardError.contains("needs a value"))
    }

    // Needs the real Linter: the placeholder finds nothing in any file.
    @Test func errorsExitOneWithFileLineColumn() throws {
        let directory = try TemporaryDirectory()
        try directory.write("broken.yaml", "apiVersion: sovereign/v1\nkind: Workflow\nmetadata: {name: [unclosed\n")
        let result = try SovereignProcess.run(["lint", "--no-color", directory.url.path])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains(#/broken\.yaml:\d+:\d+: error\[[A-Z]+\d+\]: /#))
        #expect(result.standardOutput.contains(#/\d+ errors? in 1 file\n$/#))
    }

    // MARK: Colour

    @Test func colourOnATerminal() throws {
        let (directory, file) = try cleanFile()
        defer { withExtendedLifetime(directory) {} }
        let result = try SovereignProcess.runOnTerminal(["lint", file])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("No problems found"))
        #expect(result.standardOutput.contains("\u{1B}["))
    }

    @Test(arguments: [
        (["NO_COLOR": "1"], [String]()),
        (["NO_COLOR": "anything"], []),
        (["TERM": "dumb"], []),
        ([:], ["--no-color"]),
        ([:], ["--format", "json"]),
        ([:], ["--format", "github"]),
    ] as [([String: String], [String])])
    func noColourOnATerminalWhenTurnedOff(environment: [String: String], options: [String]) throws {
        let (directory, file) = try cleanFile()
        defer { withExtendedLifetime(directory) {} }
        let result = try SovereignProcess.runOnTerminal(
            ["lint"] + options + [file], environment: SovereignProcess.environment(environment))
        #expect(result.status == 0)
        #expect(!result.standardOutput.isEmpty)
        #expect(!result.standardOutput.contains("\u{1B}"))
    }

    @Test func noColourWhenOutputIsNotATerminal() throws {
        let (directory, file) = try cleanFile()
        defer { withExtendedLifetime(directory) {} }
        let result = try SovereignProcess.run(["lint", file])
        #expect(!result.standardOutput.contains("\u{1B}"))
    }
}
