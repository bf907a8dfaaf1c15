import Foundation

/// How to authenticate to a remote. Secrets never appear in errors or descriptions.
public enum GitCredentials: Sendable {
    /// No credentials (public remotes, local paths, or credentials in the URL).
    case none
    /// An HTTPS access token: user `x-access-token`, the token as password (GitHub, Gitea, GitLab).
    case token(String)
    /// An HTTPS user name and password.
    case basic(user: String, password: String)
    /// An SSH private key file, with its passphrase if it has one.
    case sshKey(user: String, privateKeyPath: String, passphrase: String?)
}

/// Transfer progress of a fetch, as libgit2 reports it.
public struct FetchProgress: Sendable {
    /// Objects received so far.
    public let receivedObjects: Int
    /// Objects the remote is sending in total.
    public let totalObjects: Int
    /// Bytes received so far.
    public let receivedBytes: Int

    /// Creates a progress report.
    public init(receivedObjects: Int, totalObjects: Int, receivedBytes: Int) {
        self.receivedObjects = receivedObjects
        self.totalObjects = totalObjects
        self.receivedBytes = receivedBytes
    }
}

/// One commit: its id, author, message and author date.
public struct CommitInfo: Sendable, Hashable {
    /// The 40-digit lowercase hex commit id.
    public let sha: String
    /// The author's name.
    public let authorName: String
    /// The author's email address.
    public let authorEmail: String
    /// The full commit message (summary, blank line, body).
    public let message: String
    /// The author date.
    public let date: Date

    /// Creates a commit description.
    public init(sha: String, authorName: String, authorEmail: String, message: String, date: Date) {
        self.sha = sha
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.message = message
        self.date = date
    }
}

/// What a tree entry is.
public enum TreeEntryKind: Sendable, Hashable {
    /// A regular or executable file.
    case file
    /// A symbolic link (its blob holds the link target).
    case symbolicLink
    /// A submodule (a gitlink: a commit of another repository; no blob here).
    case submodule
    /// A folder.
    case directory
}

/// One entry of a commit's tree.
public struct TreeFile: Sendable, Hashable {
    /// The path relative to the repository root, `/`-separated.
    public let path: String
    /// What the entry is.
    public let kind: TreeEntryKind
    /// The blob's size in bytes (0 for submodules).
    public let size: Int
    /// The blob id (for submodules: the commit id in the other repository).
    public let blobId: String

    /// Creates a tree entry description.
    public init(path: String, kind: TreeEntryKind, size: Int, blobId: String) {
        self.path = path
        self.kind = kind
        self.size = size
        self.blobId = blobId
    }
}
