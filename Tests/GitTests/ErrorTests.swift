import Foundation
import Testing

@testable import Git

@Suite("Errors and discovery")
struct ErrorTests {
    @Test func missingRemoteGivesClearError() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(path: fixture.mirrorPath(), url: fixture.root + "/does-not-exist.git")
        let error = #expect(throws: GitError.self) { try mirror.fetch() }
        #expect(error?.call == "git_remote_fetch")
        #expect(error?.isNotFound == true)
        #expect(error?.message.hasSuffix("does-not-exist.git: the local path does not exist") == true)
        let fileURL = URL(fileURLWithPath: fixture.root + "/also-missing.git").absoluteString
        let viaURL = #expect(throws: GitError.self) {
            try Mirror(path: fixture.mirrorPath("other.git"), url: fileURL).fetch()
        }
        #expect(viaURL?.message.contains("also-missing.git") == true)
        #expect(error?.description.hasPrefix("git_remote_fetch failed (") == true)
    }

    @Test func unknownBranchGivesNotFound() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(path: fixture.mirrorPath(), url: fixture.remoteURL)
        try mirror.fetch()
        let error = #expect(throws: GitError.self) { try mirror.resolve(branch: "nope") }
        #expect(error?.isNotFound == true)
        #expect(error?.message.contains("no branch 'nope'") == true)
    }

    @Test(arguments: [
        GitCredentials.token("tok-s3cr3t-value"),
        GitCredentials.basic(user: "bob", password: "pw-s3cr3t-value"),
        GitCredentials.none,
    ])
    func credentialsNeverAppearInErrorText(credentials: GitCredentials) throws {
        let fixture = try GitFixture()
        // Port 1 on the loopback refuses connections at once: no network is needed.
        let url = "https://alice:url-s3cr3t@127.0.0.1:1/team/repo.git"
        let mirror = try Mirror(path: fixture.mirrorPath(), url: url, credentials: credentials)
        #expect(!mirror.description.contains("s3cr3t"))
        #expect(mirror.redactedURL == "https://***@127.0.0.1:1/team/repo.git")
        let error = #expect(throws: GitError.self) { try mirror.fetch() }
        let text = "\(error.map { String(describing: $0) } ?? "") \(error?.message ?? "")"
        #expect(!text.isEmpty)
        #expect(!text.contains("s3cr3t"))
        #expect(text.contains("https://***@127.0.0.1:1/team/repo.git"))
    }

    @Test func redactorRemovesSecretsAndUserInfo() {
        let redactor = Redactor(url: "https://alice:p%40ss-word@git.example/x.git", credentials: .token("tok-123456"))
        let text = "GET https://alice:p%40ss-word@git.example/x.git with tok-123456 and p@ss-word; see http://u@h/p"
        let redacted = redactor.redact(text)
        #expect(redacted == "GET https://***@git.example/x.git with *** and ***; see http://***@h/p")
    }

    @Test func discoverRepositoryFindsTheWorkTree() throws {
        let fixture = try GitFixture()
        let found = discoverRepository(containing: fixture.source + "/workflows/sub")
        #expect(found.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
            == URL(fileURLWithPath: fixture.source).resolvingSymlinksInPath().path)
        #expect(discoverRepository(containing: fixture.remote) == fixture.remote)
        let mirror = try Mirror(path: fixture.mirrorPath(), url: try #require(found))
        #expect(try mirror.fetch())
        #expect(try mirror.resolve(branch: "main").sha == fixture.commits[3])
        let empty = fixture.root + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(discoverRepository(containing: empty) == nil)
    }

    @Test func libraryReportsVersionAndOwnerValidation() {
        #expect(GitLibrary.version.hasPrefix("1."))
        #expect(GitLibrary.ownerValidation)
    }
}
