import Foundation
import Testing
import TestSupport

/// `sovereign sync` against a real git repository made by the test.
@Suite struct SyncCommandTests {
    func git(_ arguments: [String], in folder: URL) throws {
        try Subprocess.run("/usr/bin/git", ["-c", "user.name=Ada", "-c", "user.email=ada@example.com"] + arguments, in: folder.path)
    }

    @Test func onceDryRunAndARefusedCommit() throws {
        let directory = try TemporaryDirectory()
        let repository = directory.url.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repository.appendingPathComponent("workflows"), withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: repository)
        let valid = "apiVersion: sovereign/v1\nkind: Workflow\nmetadata: {name: hello}\nspec: {steps: [{id: a, action: core.noop}]}\n"
        try valid.write(to: repository.appendingPathComponent("workflows/hello.yaml"), atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "first"], in: repository)
        let environment = SovereignProcess.environment([
            "Data__Path": directory.url.appendingPathComponent("data").path, "Git__Repository": repository.path,
        ])
        let dry = try SovereignProcess.run(["sync", "--dry-run"], environment: environment)
        #expect(dry.status == 0)
        #expect(dry.standardOutput.contains("Workflow: 1 created"))
        #expect(dry.standardOutput.contains("dry run"))
        let once = try SovereignProcess.run(["sync", "--once"], environment: environment)
        #expect(once.status == 0)
        #expect(once.standardOutput.contains("Workflow: 1 created"))
        try (valid + "  neds: []\n").write(to: repository.appendingPathComponent("workflows/hello.yaml"), atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "break it"], in: repository)
        let refused = try SovereignProcess.run(["sync", "--once"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.standardOutput.contains("Failed"))
        #expect(refused.standardOutput.contains("workflows/hello.yaml:"))
    }
}
