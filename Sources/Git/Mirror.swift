import CGit2
import Crypto
import Foundation

/// A bare mirror of a remote under a local folder. Not Sendable (one owner, one thread at a time).
///
/// The mirror has no work tree: branches are fetched into `refs/heads/*` as on the remote, and
/// files are read from commits' trees and blobs.
public final class Mirror {
    /// The folder of the bare repository.
    public let path: String
    let url: String
    let credentials: GitCredentials
    /// CAs that vouch for an HTTPS remote's certificate besides the system's (a private CA).
    let trustedCertificates: TrustedCertificates?
    let redactor: Redactor
    let repositoryHandle: OwnedHandle
    var repository: OpaquePointer { repositoryHandle.pointer }

    /// The refspec every fetch uses: the remote's branches become the mirror's branches.
    static let branchRefspec = "+refs/heads/*:refs/heads/*"

    /// Opens the bare repository at `path`, creating it (git_repository_init bare) when missing, with a
    /// remote "origin" → `url` (updated if it changed). `url` may be a https URL, a file:// URL or a
    /// local path. An HTTPS server whose certificate the system's CAs do not vouch for is trusted
    /// when `trustedCertificates` do; there is no way to skip verification.
    public init(
        path: String, url: String, credentials: GitCredentials = .none, trustedCertificates: TrustedCertificates? = nil
    ) throws(GitError) {
        _ = libraryInitialization
        self.path = path
        self.url = url
        self.credentials = credentials
        self.trustedCertificates = trustedCertificates
        self.redactor = Redactor(url: url, credentials: credentials)
        repositoryHandle = try Self.openOrCreate(path: path)
        try configureOrigin()
    }

    /// The remote URL with any userinfo replaced by `***`.
    public var redactedURL: String { redactor.redact(url) }

    /// Opens without the safe.directory ownership check (the mirror is ours), or creates it bare.
    private static func openOrCreate(path: String) throws(GitError) -> OwnedHandle {
        var pointer: OpaquePointer?
        let opened = git_repository_open_bare(&pointer, path)
        if opened == 0, let pointer { return OwnedHandle(pointer, release: git_repository_free) }
        guard opened == GitError.notFoundCode else { throw GitError(code: opened, call: "git_repository_open_bare", redactor: Redactor()) }
        return try OwnedHandle.make("git_repository_init", release: git_repository_free) { git_repository_init($0, path, 1) }
    }

    /// Creates the remote "origin" or points it at `url` when it changed.
    private func configureOrigin() throws(GitError) {
        var remote: OpaquePointer?
        let found = git_remote_lookup(&remote, repository, "origin")
        if found == GitError.notFoundCode {
            let created = try OwnedHandle.make("git_remote_create_with_fetchspec", release: git_remote_free, redactor: redactor) {
                git_remote_create_with_fetchspec($0, repository, "origin", url, Self.branchRefspec)
            }
            _ = created
            return
        }
        try check(found, "git_remote_lookup", redactor)
        guard let remote else { return }
        let current = OwnedHandle(remote, release: git_remote_free).withPointer { remote in
            git_remote_url(remote).map { String(cString: $0) }
        }
        if current != url {
            try check(git_remote_set_url(repository, "origin", url), "git_remote_set_url", redactor)
        }
    }

    /// The commit a branch points at.
    public func resolve(branch: String) throws(GitError) -> CommitInfo {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, repository, "refs/heads/" + branch)
        if result == GitError.notFoundCode {
            throw GitError(
                code: result, message: "no branch '\(branch)' in the mirror of \(redactedURL) (not fetched yet, or deleted)",
                call: "git_reference_name_to_id")
        }
        try check(result, "git_reference_name_to_id", redactor)
        return try commitInfo(oid)
    }

    /// The commit with this 40-digit id.
    public func commit(_ sha: String) throws(GitError) -> CommitInfo {
        try commitInfo(git_oid.parse(sha, what: "commit"))
    }

    /// Every branch of the mirror and the commit it points at.
    public func branches() throws(GitError) -> [String: String] {
        var result: [String: String] = [:]
        for (name, target) in try referenceSnapshot() where name.hasPrefix("refs/heads/") {
            result[String(name.dropFirst("refs/heads/".count))] = target
        }
        return result
    }

    /// Looks up a commit, with a clear error when it is missing.
    func lookupCommit(_ oid: git_oid) throws(GitError) -> OwnedHandle {
        var copy = oid
        var pointer: OpaquePointer?
        let result = git_commit_lookup(&pointer, repository, &copy)
        if result == GitError.notFoundCode {
            throw GitError(code: result, message: "no commit \(oid.hex) in the mirror", call: "git_commit_lookup")
        }
        try check(result, "git_commit_lookup", redactor)
        guard let pointer else { throw GitError(code: -1, message: "returned no commit", call: "git_commit_lookup") }
        return OwnedHandle(pointer, release: git_commit_free)
    }

    /// The author, message and date of a commit.
    func commitInfo(_ oid: git_oid) throws(GitError) -> CommitInfo {
        let commit = try lookupCommit(oid)
        return withExtendedLifetime(commit) {
            let author = git_commit_author(commit.pointer)?.pointee
            return CommitInfo(
                sha: oid.hex,
                authorName: author?.name.map { String(cString: $0) } ?? "",
                authorEmail: author?.email.map { String(cString: $0) } ?? "",
                message: git_commit_message(commit.pointer).map { String(cString: $0) } ?? "",
                date: Date(timeIntervalSince1970: TimeInterval(author?.when.time ?? 0)))
        }
    }

    /// A blob's bytes (refuse blobs larger than `limit` with a clear error instead of reading them).
    public func blob(_ blobId: String, limit: Int) throws(GitError) -> [UInt8] {
        var oid = try git_oid.parse(blobId, what: "blob")
        let database = try OwnedHandle.make("git_repository_odb", release: git_odb_free) { git_repository_odb($0, repository) }
        var length = 0
        var type = GIT_OBJECT_ANY
        let header = git_odb_read_header(&length, &type, database.pointer, &oid)
        if header == GitError.notFoundCode {
            throw GitError(code: header, message: "no blob \(blobId) in the mirror", call: "git_odb_read_header")
        }
        try check(header, "git_odb_read_header", redactor)
        guard type == GIT_OBJECT_BLOB else {
            throw GitError(
                code: GitError.invalidArgumentCode, message: "object \(blobId) is not a blob", call: "git_odb_read_header")
        }
        guard length <= limit else {
            throw GitError(
                code: GitError.tooLargeCode,
                message: "blob \(blobId) is \(length) bytes, over the limit of \(limit) bytes; it was not read",
                call: "git_odb_read_header")
        }
        let blob = try OwnedHandle.make("git_blob_lookup", release: git_blob_free, redactor: redactor) {
            git_blob_lookup($0, repository, &oid)
        }
        return withExtendedLifetime(blob) {
            let size = Int(git_blob_rawsize(blob.pointer))
            guard size > 0, let content = git_blob_rawcontent(blob.pointer) else { return [] }
            return [UInt8](UnsafeRawBufferPointer(start: content, count: size))
        }
    }

    /// Whether `ancestor` is an ancestor of `descendant` (git_graph_descendant_of; equal → true).
    /// Used to detect force-pushes.
    public func isAncestor(_ ancestor: String, of descendant: String) throws(GitError) -> Bool {
        var ancestorId = try git_oid.parse(ancestor, what: "commit")
        var descendantId = try git_oid.parse(descendant, what: "commit")
        // Both must exist: a missing commit is an error, not "unrelated".
        _ = try lookupCommit(ancestorId)
        _ = try lookupCommit(descendantId)
        if git_oid_equal(&ancestorId, &descendantId) != 0 { return true }
        let result = git_graph_descendant_of(repository, &descendantId, &ancestorId)
        return try check(result, "git_graph_descendant_of", redactor) == 1
    }

    /// Every reference name and the object it points at (symbolic references: "-> target").
    func referenceSnapshot() throws(GitError) -> [String: String] {
        let iterator = try OwnedHandle.make("git_reference_iterator_new", release: git_reference_iterator_free) {
            git_reference_iterator_new($0, repository)
        }
        var result: [String: String] = [:]
        while true {
            var reference: OpaquePointer?
            let next = git_reference_next(&reference, iterator.pointer)
            if next == GIT_ITEROVER.rawValue { break }
            try check(next, "git_reference_next", redactor)
            guard let reference else { break }
            let owned = OwnedHandle(reference, release: git_reference_free)
            let (name, target) = owned.withPointer { reference -> (String, String?) in
                let name = String(cString: git_reference_name(reference))
                if let target = git_reference_target(reference) { return (name, target.pointee.hex) }
                return (name, git_reference_symbolic_target(reference).map { "-> " + String(cString: $0) })
            }
            result[name] = target
        }
        var head: OpaquePointer?
        if git_reference_lookup(&head, repository, "HEAD") == 0, let head {
            result["HEAD"] = OwnedHandle(head, release: git_reference_free).withPointer { head in
                git_reference_symbolic_target(head).map { "-> " + String(cString: $0) }
            }
        }
        return result
    }
}

extension Mirror: CustomStringConvertible {
    /// The mirror's folder and its remote URL, userinfo redacted.
    public var description: String { "Mirror(\(path) ← \(redactedURL))" }
}

@available(*, unavailable)
extension Mirror: Sendable {}
