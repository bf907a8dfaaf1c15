import Crypto
import Foundation
import Git

/// Where definitions come from and how the reconciler treats them.
public struct SyncSettings: Sendable {
    /// A URL, a file:// URL or a local path (`Git__Repository`).
    public var repository: String
    /// `Git__Branch`; nil → the remote's default branch.
    public var branch: String?
    /// `Git__Path`: the folder of definitions inside the repository.
    public var path: String
    /// `Git__PollInterval`.
    public var pollInterval: TimeInterval
    public var credentials: GitCredentials
    /// `Git__CACertificates`: CAs that vouch for an HTTPS remote besides the system's.
    public var trustedCertificates: TrustedCertificates?
    /// `Git__WebhookSecret`: push webhooks must be signed with it.
    public var webhookSecret: String?
    /// The bare mirror's folder (under `Data__Path`).
    public var mirrorPath: String
    /// Larger definition files are refused (the commit is not published).
    public var maximumFileBytes: Int
    /// A commit whose definitions add up to more is refused.
    public var maximumTotalBytes: Int
    /// `Sync__Prune`: archive definitions removed from git (true), or keep them active.
    public var prune: Bool

    /// Creates settings.
    public init(
        repository: String, branch: String? = nil, path: String = "workflows", pollInterval: TimeInterval = 30,
        credentials: GitCredentials = .none, trustedCertificates: TrustedCertificates? = nil, webhookSecret: String? = nil, mirrorPath: String,
        maximumFileBytes: Int = 1_048_576, maximumTotalBytes: Int = 64 * 1_048_576, prune: Bool = true
    ) {
        self.repository = repository
        self.branch = branch
        self.path = path
        self.pollInterval = pollInterval
        self.credentials = credentials
        self.trustedCertificates = trustedCertificates
        self.webhookSecret = webhookSecret
        self.mirrorPath = mirrorPath
        self.maximumFileBytes = maximumFileBytes
        self.maximumTotalBytes = maximumTotalBytes
        self.prune = prune
    }

    /// The repository as it may be shown: user and password removed from URLs.
    public var displaySource: String {
        guard var components = URLComponents(string: repository), components.scheme != nil else { return repository }
        components.user = nil
        components.password = nil
        return components.string ?? repository
    }

    /// The folder without leading or trailing slashes ("" for the whole repository).
    var folder: String { path.trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
}
