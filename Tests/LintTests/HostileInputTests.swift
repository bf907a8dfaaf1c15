import Foundation
import Lint
import Model
import Testing

/// Hostile files on disk, linted end to end: each gets a clear diagnostic and never a crash.
/// (How fast is measured in bench/, not asserted here.)
@Suite struct HostileInputTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func lintFile(_ name: String, _ bytes: [UInt8]) throws -> [Diagnostic] {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try Linter.lint(paths: [url.path]).diagnostics
    }

    func lintFile(_ name: String, _ text: String) throws -> [Diagnostic] {
        try lintFile(name, Array(text.utf8))
    }

    @Test func billionLaughs() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let aliases = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(aliases)]\n"
        }
        let diagnostics = try lintFile("bomb.yaml", text)
        #expect(diagnostics.map(\.code) == ["SW003"])
        #expect(diagnostics.first?.message.contains("alias") == true, "\(diagnostics)")
    }

    @Test func tenThousandDeepNesting() throws {
        let diagnostics = try lintFile("deep.yaml", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000))
        #expect(diagnostics.map(\.code) == ["SW003"])
        #expect(diagnostics.first?.message.contains("deep") == true || diagnostics.first?.message.contains("depth") == true)
    }

    @Test func twentyMegabyteFile() throws {
        let diagnostics = try lintFile("huge.yaml", [UInt8](repeating: UInt8(ascii: "a"), count: 20 * 1_048_576))
        #expect(diagnostics.map(\.code) == ["SW003"])
        #expect(diagnostics.first?.message.contains("20.0 MiB") == true, "\(diagnostics)")
    }

    @Test func hundredThousandKeys() throws {
        // 100,000 keys is over the 1 MiB file limit, so it is refused before parsing.
        let text = (0..<100_000).map { "key\($0): \($0)" }.joined(separator: "\n")
        let diagnostics = try lintFile("keys.yaml", text)
        #expect(diagnostics.map(\.code) == ["SW003"])
    }

    @Test func hundredThousandKeysUnderTheSizeLimitParse() throws {
        // Short keys keep the file under 1 MiB: it parses, and holds no document of ours.
        let text = (0..<100_000).map { String($0, radix: 36) + ": 1" }.joined(separator: "\n")
        #expect(text.utf8.count < 1_048_576)
        let diagnostics = try lintFile("keys.yaml", text)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test func invalidUTF8() throws {
        let diagnostics = try lintFile("latin1.yaml", Array("name: caf".utf8) + [0xE9, 0x0A])
        #expect(diagnostics.map(\.code) == ["SW001"])
        #expect(diagnostics.first?.location.line == 1)
    }

    @Test func binaryFile() throws {
        let diagnostics = try lintFile("image.yaml", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])
        #expect(diagnostics.map(\.code) == ["SW003"])
        #expect(diagnostics.first?.message.contains("binary") == true)
    }

    @Test func emptyFile() throws {
        let diagnostics = try lintFile("empty.yaml", "")
        #expect(diagnostics.map(\.code) == ["SW004"])
        #expect(diagnostics.first?.severity == .warning)
    }

    @Test func fileJustOverTheLimitShowsExactBytes() throws {
        let diagnostics = try lintFile("big.yaml", [UInt8](repeating: UInt8(ascii: "#"), count: 1_048_577))
        #expect(diagnostics.first?.message.contains("1048577 bytes") == true, "\(diagnostics)")
    }

    @Test func hiddenFilesAndLinkedFoldersAreNotRead() throws {
        let hidden = folder.appendingPathComponent(".backup.yaml")
        try Data("apiVersion: sovereign/v1\nkind: Workflow\n".utf8).write(to: hidden)
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("linked"), withDestinationURL: FileManager.default.temporaryDirectory)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try Linter.lint(paths: [folder.path])
        #expect(report.diagnostics.map(\.code) == ["SW005"], "\(report.diagnostics)")
    }

    @Test func missingPathIsAnInputError() {
        #expect(throws: LintInputError.self) { try Linter.lint(paths: [folder.appendingPathComponent("nope").path]) }
    }
}
