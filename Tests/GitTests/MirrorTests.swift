import Foundation
import Git
import Testing

@Suite("Mirror")
struct MirrorTests {
    @Test func fetchFromFileURLResolvesBranchAndDefaultBranch() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(path: fixture.mirrorPath(), url: fixture.remoteURL)
        #expect(try mirror.defaultBranch() == nil)
        var reports: [FetchProgress] = []
        let changed = try mirror.fetch { reports.append($0) }
        #expect(changed)
        #expect(!reports.isEmpty)
        #expect(reports.last.map { $0.receivedObjects == $0.totalObjects && $0.totalObjects > 0 } == true)
        #expect(try mirror.defaultBranch() == "main")
        let head = try mirror.resolve(branch: "main")
        #expect(head.sha == fixture.commits[3])
        #expect(head.authorName == "Ada Lovelace")
        #expect(head.authorEmail == "ada@example.com")
        #expect(head.message == "Empty\n")
        #expect(head.date == fixture.date(ofCommit: 3))
        #expect(try mirror.branches() == ["main": fixture.commits[3], "feature": fixture.commits[3]])
    }

    @Test func fetchFromPlainPath() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(path: fixture.mirrorPath(), url: fixture.remote)
        #expect(try mirror.fetch())
        #expect(try mirror.resolve(branch: "feature").sha == fixture.commits[3])
        #expect(try mirror.commit(fixture.commits[1]).message == "Second\n")
    }

    @Test func fetchAgainWithoutChangeReturnsFalse() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(path: fixture.mirrorPath(), url: fixture.remoteURL)
        #expect(try mirror.fetch())
        #expect(try mirror.fetch() == false)
        // A reopened mirror keeps what it fetched.
        let reopened = try Mirror(path: fixture.mirrorPath(), url: fixture.remoteURL)
        #expect(try reopened.fetch() == false)
        #expect(try reopened.resolve(branch: "main").sha == fixture.commits[3])
    }

    @Test func deletedBranchIsPrunedAndNewBranchFetched() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(path: fixture.mirrorPath(), url: fixture.remoteURL)
        try mirror.fetch()
        try fixture.git("push", "-q", "origin", ":feature", "main:release/1")
        #expect(try mirror.fetch())
        #expect(try mirror.branches() == ["main": fixture.commits[3], "release/1": fixture.commits[3]])
        let error = #expect(throws: GitError.self) { try mirror.resolve(branch: "feature") }
        #expect(error?.isNotFound == true)
    }

    @Test func changedURLIsUsedOnReopen() throws {
        let first = try GitFixture()
        let second = try GitFixture()
        try second.commit("Only in second", allowEmpty: true)
        try second.git("push", "-q", "origin", "main")
        let path = first.mirrorPath()
        try Mirror(path: path, url: first.remoteURL).fetch()
        let moved = try Mirror(path: path, url: second.remote)
        #expect(try moved.fetch())
        #expect(try moved.resolve(branch: "main").sha == second.commits[4])
    }

    @Test func filesUnderFolderWithKindsAndSizes() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(path: fixture.mirrorPath(), url: fixture.remoteURL)
        try mirror.fetch()
        let head = fixture.commits[3]
        let files = try mirror.files(at: head, under: "workflows")
        let blobA = try fixture.git("rev-parse", "HEAD:workflows/a.yaml")
        let blobB = try fixture.git("rev-parse", "HEAD:workflows/sub/b.yaml")
        let blobLink = try fixture.git("rev-parse", "HEAD:workflows/link.yaml")
        #expect(files == [
            TreeFile(path: "workflows/a.yaml", kind: .file, size: 9, blobId: blobA),
            TreeFile(path: "workflows/link.yaml", kind: .symbolicLink, size: 6, blobId: blobLink),
            TreeFile(path: "workflows/sub/b.yaml", kind: .file, size: 9, blobId: blobB),
            TreeFile(path: "workflows/vendor", kind: .submodule, size: 0, blobId: fixture.submoduleCommit),
        ])
        #expect(try mirror.files(at: head, under: "").map(\.path) == [
            "README.md", "workflows/a.yaml", "workflows/link.yaml", "workflows/sub/b.yaml", "workflows/vendor",
        ])
        #expect(try mirror.files(at: head, under: "/workflows/sub/").map(\.path) == ["workflows/sub/b.yaml"])
        #expect(try mirror.files(at: fixture.commits[0], under: "workflows/sub").map(\.size) == [8])
        let missing = #expect(throws: GitError.self) { try mirror.files(at: head, under: "nope") }
        #expect(missing?.isNotFound == true)
        #expect(missing?.message.contains("no folder 'nope'") == true)
        #expect(throws: GitError.self) { try mirror.files(at: head, under: "README.md") }
        let badSHA = #expect(throws: GitError.self) { try mirror.files(at: "abc", under: "") }
        #expect(badSHA?.message.contains("not a full 40-digit commit id") == true)
    }

    @Test func blobReadAndOverLimitRefused() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(path: fixture.mirrorPath(), url: fixture.remoteURL)
        try mirror.fetch()
        let files = try mirror.files(at: fixture.commits[3], under: "workflows")
        let fileA = try #require(files.first { $0.path == "workflows/a.yaml" })
        #expect(try mirror.blob(fileA.blobId, limit: 9) == Array("name: a2\n".utf8))
        let link = try #require(files.first { $0.kind == .symbolicLink })
        #expect(try mirror.blob(link.blobId, limit: 100) == Array("a.yaml".utf8))
        let error = #expect(throws: GitError.self) { try mirror.blob(fileA.blobId, limit: 8) }
        #expect(error?.code == GitError.tooLargeCode)
        #expect(error?.message.contains("9 bytes, over the limit of 8 bytes") == true)
        let missing = #expect(throws: GitError.self) { try mirror.blob(String(repeating: "1", count: 40), limit: 8) }
        #expect(missing?.isNotFound == true)
        #expect(throws: GitError.self) { try mirror.blob(fixture.commits[0], limit: 1_000) }
    }

    @Test func isAncestorDetectsForcePush() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(path: fixture.mirrorPath(), url: fixture.remoteURL)
        try mirror.fetch()
        let oldHead = try mirror.resolve(branch: "main").sha
        #expect(try mirror.isAncestor(fixture.commits[0], of: oldHead))
        #expect(try mirror.isAncestor(oldHead, of: oldHead))
        #expect(try mirror.isAncestor(oldHead, of: fixture.commits[0]) == false)
        try fixture.git("reset", "-q", "--hard", fixture.commits[1])
        try fixture.write("workflows/c.yaml", "name: c\n")
        try fixture.git("add", "workflows/c.yaml")
        let rewritten = try fixture.commit("Rewritten")
        try fixture.git("push", "-q", "--force", "origin", "main")
        #expect(try mirror.fetch())
        let newHead = try mirror.resolve(branch: "main").sha
        #expect(newHead == rewritten)
        #expect(try mirror.isAncestor(oldHead, of: newHead) == false)
        #expect(try mirror.isAncestor(fixture.commits[1], of: newHead))
        let missing = #expect(throws: GitError.self) {
            try mirror.isAncestor(String(repeating: "2", count: 40), of: newHead)
        }
        #expect(missing?.isNotFound == true)
    }

    @Test func lastChangesFindsTheCommitPerPath() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(path: fixture.mirrorPath(), url: fixture.remoteURL)
        try mirror.fetch()
        let paths = ["workflows/a.yaml", "workflows/sub/b.yaml", "README.md", "workflows/vendor", "missing.yaml", "workflows"]
        let changes = try mirror.lastChanges(of: paths, from: fixture.commits[3])
        #expect(changes["workflows/a.yaml"]?.sha == fixture.commits[1])
        #expect(changes["workflows/a.yaml"]?.message == "Second\n")
        #expect(changes["workflows/sub/b.yaml"]?.sha == fixture.commits[2])
        #expect(changes["workflows/sub/b.yaml"]?.authorName == "Ada Lovelace")
        #expect(changes["README.md"]?.sha == fixture.commits[0])
        #expect(changes["workflows/vendor"]?.sha == fixture.commits[0])
        #expect(changes["workflows"]?.sha == fixture.commits[2])
        #expect(changes["missing.yaml"] == nil)
        let limited = try mirror.lastChanges(of: paths, from: fixture.commits[3], limit: 2)
        #expect(Set(limited.keys) == ["workflows/sub/b.yaml", "workflows"])
        let older = try mirror.lastChanges(of: ["workflows/sub/b.yaml"], from: fixture.commits[1])
        #expect(older["workflows/sub/b.yaml"]?.sha == fixture.commits[0])
    }
}
