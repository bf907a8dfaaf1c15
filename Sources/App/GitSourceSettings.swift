import Crypto
import Foundation
import Git
import GitSync
import Model

/// `Git__*` and `Sync__*` settings.
enum GitSourceSettings {
    /// The git source, or nil for a local folder: `Definitions__Path` set, `Git__Repository=none`,
    /// or no repository around the working folder.
    static func read(_ settings: Settings, dataPath: String) throws(SettingsError) -> SyncSettings? {
        if settings.string("Definitions__Path") != nil { return nil }
        let configured = settings.string("Git__Repository")
        if configured?.lowercased() == "none" { return nil }
        guard let repository = configured ?? discoverRepository(containing: FileManager.default.currentDirectoryPath) else {
            return nil
        }
        let interval = settings.string("Git__PollInterval", default: "30s")
        guard let poll = TimeSpan(parsing: interval), poll.milliseconds >= 1_000 else {
            throw SettingsError(message: "Git__PollInterval must be a duration of at least 1s, such as 30s or 5m, not `\(interval)`")
        }
        var credentials = GitCredentials.none
        if let token = settings.string("Git__Token") {
            credentials = .token(token)
        } else if let user = settings.string("Git__Username"), let password = settings.string("Git__Password") {
            credentials = .basic(user: user, password: password)
        } else if let key = settings.string("Git__SshKeyPath") {
            credentials = .sshKey(user: settings.string("Git__SshUser", default: "git"), privateKeyPath: key, passphrase: settings.string("Git__SshPassphrase"))
        }
        var trusted: TrustedCertificates?
        if let file = settings.string("Git__CACertificates") {
            do {
                trusted = try TrustedCertificates(pemFile: file)
            } catch {
                throw SettingsError(
                    message: "Git__CACertificates: \(error.message) (the PEM file of the CA that signs the git server's certificate)")
            }
        }
        return SyncSettings(
            repository: repository, branch: settings.string("Git__Branch"), path: settings.string("Git__Path", default: "workflows"),
            pollInterval: poll.seconds, credentials: credentials, trustedCertificates: trusted, webhookSecret: settings.string("Git__WebhookSecret"),
            mirrorPath: dataPath + "/git-mirror",
            // The loader reads at most 1 MiB of YAML per file, so a larger file limit would not help.
            maximumFileBytes: try settings.integer("Git__MaxFileBytes", default: 1_048_576, in: 1_024...1_048_576),
            maximumTotalBytes: try settings.integer("Git__MaxTotalBytes", default: 64 * 1_048_576, in: 1_024...1_073_741_824),
            prune: try settings.boolean("Sync__Prune", default: true))
    }
}
