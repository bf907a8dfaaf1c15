import Foundation
import Model

/// One definition as a commit published it.
public struct PublishedDefinition: Sendable, Hashable, Codable {
    public var kind: String
    public var name: String
    /// The definition version (workflows only).
    public var versionId: String?
    /// SHA-256 of the definition's canonical JSON: equal hashes mean "unchanged".
    public var contentHash: String
    /// The file it came from, relative to the repository root.
    public var path: String
    /// The commit that last changed its file, with author and message.
    public var commit: String
    public var authorName: String
    public var authorEmail: String
    public var message: String
    public var committedAt: Date
    /// Removed from git: no new executions; history and running executions are kept.
    public var archived: Bool
    /// The definition as JSON (configurations and schedules; workflows live in their version).
    public var definition: JSONValue

    /// Creates a published definition.
    public init(
        kind: String, name: String, versionId: String?, contentHash: String, path: String, commit: String, authorName: String,
        authorEmail: String, message: String, committedAt: Date, archived: Bool, definition: JSONValue
    ) {
        self.kind = kind
        self.name = name
        self.versionId = versionId
        self.contentHash = contentHash
        self.path = path
        self.commit = commit
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.message = message
        self.committedAt = committedAt
        self.archived = archived
        self.definition = definition
    }
}

/// The whole set a commit published: what is live.
public struct Publication: Sendable, Hashable, Codable {
    public var commit: String
    public var appliedAt: Date
    public var definitions: [PublishedDefinition]

    /// Creates a publication.
    public init(commit: String, appliedAt: Date, definitions: [PublishedDefinition]) {
        self.commit = commit
        self.appliedAt = appliedAt
        self.definitions = definitions
    }
}

/// A problem found in a commit, by file and position.
public struct SyncDiagnostic: Sendable, Hashable, Codable {
    public var path: String
    public var line: Int
    public var column: Int
    public var severity: String
    public var code: String
    public var message: String

    /// Creates a diagnostic.
    public init(path: String, line: Int, column: Int, severity: String, code: String, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
    }
}

/// What the reconciler last did.
public struct SyncStatusRecord: Sendable, Hashable, Codable {
    /// `Synced`, `Failed` or `Syncing`.
    public var state: String
    /// The repository, without credentials.
    public var source: String
    public var branch: String
    public var path: String
    public var lastAttemptedCommit: String?
    public var lastAppliedCommit: String?
    public var attemptedAt: Date?
    public var appliedAt: Date?
    /// Why the last attempt failed, in one line.
    public var message: String?
    public var diagnostics: [SyncDiagnostic]
    /// kind → created/updated/archived/unchanged → count, for the last applied commit.
    public var counts: [String: [String: Int]]
    /// The last applied commit did not descend from the one before (a force-push).
    public var forcePush: Bool

    /// Creates a status.
    public init(
        state: String, source: String, branch: String, path: String, lastAttemptedCommit: String? = nil,
        lastAppliedCommit: String? = nil, attemptedAt: Date? = nil, appliedAt: Date? = nil, message: String? = nil,
        diagnostics: [SyncDiagnostic] = [], counts: [String: [String: Int]] = [:], forcePush: Bool = false
    ) {
        self.state = state
        self.source = source
        self.branch = branch
        self.path = path
        self.lastAttemptedCommit = lastAttemptedCommit
        self.lastAppliedCommit = lastAppliedCommit
        self.attemptedAt = attemptedAt
        self.appliedAt = appliedAt
        self.message = message
        self.diagnostics = diagnostics
        self.counts = counts
        self.forcePush = forcePush
    }
}

/// Where the reconciler keeps what is live and how the last sync went.
public protocol SyncStore: Sendable {
    /// The live publication, if a commit was ever applied.
    func publication() async throws(StoreError) -> Publication?
    func syncStatus() async throws(StoreError) -> SyncStatusRecord?
    /// Writes new definition versions, the publication (when given) and the status in one
    /// transaction: a commit is published whole or not at all.
    func applySync(versions: [DefinitionVersionRecord], publication: Publication?, status: SyncStatusRecord) async throws(StoreError)
}
