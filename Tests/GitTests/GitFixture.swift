import Foundation
import TestSupport

/// A real "remote" made with the git CLI in a temp folder: a work repository `source` that pushes to
/// a bare repository `remote.git`, with fixed authors and dates.
final class GitFixture {
    let root: String
    let source: String
    let remote: String
    /// Commit ids in creation order: first, second, third, empty.
    private(set) var commits: [String] = []
    let submoduleCommit = "0123456789abcdef0123456789abcdef01234567"
    static let firstTime = 1_700_000_000
    private var clock = GitFixture.firstTime

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-git-\(UUID().uuidString)").path
        source = root + "/source"
        remote = root + "/remote.git"
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main", source, in: root)
        try git("init", "-q", "--bare", "-b", "main", remote, in: root)
        try write("workflows/a.yaml", "name: a\n")
        try write("workflows/sub/b.yaml", "name: b\n")
        try write("README.md", "# readme\n")
        try FileManager.default.createSymbolicLink(atPath: source + "/workflows/link.yaml", withDestinationPath: "a.yaml")
        try git("add", "README.md", "workflows")
        try git("update-index", "--add", "--cacheinfo", "160000,\(submoduleCommit),workflows/vendor")
        try commit("First")
        try write("workflows/a.yaml", "name: a2\n")
        try git("add", "workflows/a.yaml")
        try commit("Second")
        try write("workflows/sub/b.yaml", "name: b2\n")
        try git("add", "workflows/sub/b.yaml")
        try commit("Third")
        try commit("Empty", allowEmpty: true)
        try git("remote", "add", "origin", remote)
        try git("push", "-q", "origin", "main", "main:feature")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// The file:// URL of the bare remote.
    var remoteURL: String { URL(fileURLWithPath: remote).absoluteString }

    /// A fresh folder path for a mirror (not created).
    func mirrorPath(_ name: String = "mirror.git") -> String { root + "/" + name }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: source + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Commits the index with the next fixed date; returns and records the new commit id.
    @discardableResult
    func commit(_ message: String, allowEmpty: Bool = false) throws -> String {
        clock += 60
        var arguments = ["commit", "-q", "-m", message]
        if allowEmpty { arguments.append("--allow-empty") }
        try run(arguments, in: source, time: clock)
        let id = try git("rev-parse", "HEAD")
        commits.append(id)
        return id
    }

    /// The commit `clock` date of the commit at `index` in `commits`.
    func date(ofCommit index: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(Self.firstTime + 60 * (index + 1)))
    }

    @discardableResult
    func git(_ arguments: String..., in directory: String? = nil) throws -> String {
        try run(arguments, in: directory ?? source, time: clock)
    }

    @discardableResult
    private func run(_ arguments: [String], in directory: String, time: Int) throws -> String {
        let environment = [
            "HOME": root, "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin",
            "GIT_AUTHOR_DATE": "\(time) +0000", "GIT_COMMITTER_DATE": "\(time) +0000",
        ]
        let output = try Subprocess.run(
            "/usr/bin/git", ["-C", directory, "-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com"] + arguments,
            environment: environment)
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let command: String
    let output: String
    var description: String { "git \(command) failed: \(output)" }
}
