import Foundation
import Testing

/// `sovereign` itself: help, version, dispatch and its usage errors, run as a subprocess.
@Suite struct CommandLineToolTests {
    @Test(arguments: [["--help"], ["-h"], ["help"]])
    func helpListsCommandsAndExitsZero(arguments: [String]) throws {
        let result = try SovereignProcess.run(arguments)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE: sovereign <command>"))
        #expect(result.standardOutput.contains("lint"))
        for planned in ["serve", "run", "sync", "clients"] {
            #expect(result.standardOutput.contains(planned))
        }
        #expect(result.standardError.isEmpty)
    }

    @Test func versionPrintsNameAndVersion() throws {
        let result = try SovereignProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "sovereign 0.1.0\n")
    }

    @Test func noArgumentsIsAUsageError() throws {
        let result = try SovereignProcess.run([])
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("sovereign: error: "))
    }

    @Test func unknownCommandSuggestsTheClosest() throws {
        let result = try SovereignProcess.run(["lnt", "x.yaml"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("sovereign: error: unknown command 'lnt'"))
        #expect(result.standardError.contains("did you mean 'lint'?"))
    }

    @Test func unknownCommandFarFromAnyHasNoSuggestion() throws {
        let result = try SovereignProcess.run(["frobnicate"])
        #expect(result.status == 2)
        #expect(!result.standardError.contains("did you mean"))
    }

    @Test func misspelledCommandSuggestsTheClosest() throws {
        let result = try SovereignProcess.run(["synk"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("did you mean 'sync'"))
    }

    @Test func unknownGlobalOptionSuggestsTheClosest() throws {
        let result = try SovereignProcess.run(["--verison"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("unknown option '--verison'; did you mean '--version'?"))
    }

    @Test(arguments: [["lint", "--help"], ["lint", "-h"], ["help", "lint"], ["lint", "x.yaml", "--help"]])
    func lintHelpDescribesOptionsAndExitStatus(arguments: [String]) throws {
        let result = try SovereignProcess.run(arguments)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE: sovereign lint"))
        for word in ["--format", "--strict", "--no-color", "sarif", "github", "EXIT STATUS"] {
            #expect(result.standardOutput.contains(word))
        }
    }
}
