import Foundation
import Git
import Lint
import Loader
import Model
import Store

/// The definitions of a publication, decoded, for the engine and the API.
public struct PublishedSet: Sendable {
    public var publication: Publication
    public var workflows: [DefinitionVersionRecord]
    public var configurations: [(definition: Configuration, entry: PublishedDefinition)]
    public var schedules: [(definition: Schedule, entry: PublishedDefinition)]
}

/// What one reconciliation did.
public struct SyncOutcome: Sendable {
    public var status: SyncStatusRecord
    /// Whether a new commit was published (false for no change, a failure, or a dry run).
    public var published: Bool
    /// For dry runs and successes: kind → created/updated/archived/unchanged.
    public var counts: [String: [String: Int]]
}

/// How much a reconciler's log line matters.
public enum SyncLogLevel: String, Sendable {
    /// A commit was published.
    case info
    /// A commit was refused, git or the store failed, or a force-push was applied.
    case warning
}

/// Follows a git branch: fetch, load and lint the commit, publish it whole or not at all.
/// One actor owns the bare mirror (libgit2 objects stay on one owner).
public actor Reconciler {
    private let settings: SyncSettings
    private let store: any SyncStore & ExecutionStore
    private var mirror: Mirror?
    /// The commit this process last made live (another process, `sovereign sync`, may apply one).
    private var liveCommit: String?
    /// The last reconciliation started; the next one waits for it.
    private var lastRun: Task<Void, Never>?
    /// Files loaded and linted at earlier commits, by blob id and path: an unchanged file is neither
    /// parsed nor checked again (only the rules across files see the whole set each time).
    private var lintedBlobs: [String: LintedFile] = [:]
    /// Workflow versions of the live publication, so publishing a change does not decode every
    /// unchanged definition from the store again.
    private var knownVersions: [String: DefinitionVersionRecord] = [:]
    /// Content hashes by blob, for the same reason.
    private var contentHashes: [String: String] = [:]
    private let onPublish: @Sendable (PublishedSet) async -> Void
    private let log: @Sendable (SyncLogLevel, String, [String: String]) -> Void

    /// Creates a reconciler; `onPublish` makes a published set live (engine and API). `log` gets
    /// messages and fields that hold no secrets (URLs without user info, redacted git errors).
    public init(
        settings: SyncSettings, store: any SyncStore & ExecutionStore,
        log: @escaping @Sendable (SyncLogLevel, String, [String: String]) -> Void = { _, _, _ in },
        onPublish: @escaping @Sendable (PublishedSet) async -> Void
    ) {
        self.settings = settings
        self.store = store
        self.log = log
        self.onPublish = onPublish
    }

    /// Makes the last applied publication live again (after a restart, before any fetch).
    public func restore() async {
        guard let publication = try? await store.publication(), let set = await decode(publication) else { return }
        liveCommit = publication.commit
        await onPublish(set)
    }

    /// Fetches and applies the branch's head. `dryRun` changes nothing and reports what would change.
    /// Calls run one after another (a webhook during a poll waits for it), never interleaved.
    public func reconcile(dryRun: Bool = false, progress: (@Sendable (FetchProgress) -> Void)? = nil) async -> SyncOutcome {
        // The actor alone would interleave two calls at their awaits (store reads and writes).
        let earlier = lastRun
        let run = Task { await earlier?.value; return await self.reconcileNow(dryRun: dryRun, progress: progress) }
        lastRun = Task { _ = await run.value }
        return await run.value
    }

    private func reconcileNow(dryRun: Bool, progress: (@Sendable (FetchProgress) -> Void)?) async -> SyncOutcome {
        let now = Date()
        let previousStatus = try? await store.syncStatus()
        var status = SyncStatusRecord(
            state: "Syncing", source: settings.displaySource, branch: settings.branch ?? "", path: settings.folder,
            lastAppliedCommit: previousStatus?.lastAppliedCommit, appliedAt: previousStatus?.appliedAt,
            counts: previousStatus?.counts ?? [:])
        status.attemptedAt = now
        do {
            let mirror = try openMirror()
            try mirror.fetch(progress: progress.map { callback in { callback($0) } })
            let branch = try settings.branch ?? mirror.defaultBranch() ?? "main"
            status.branch = branch
            let head = try mirror.resolve(branch: branch)
            status.lastAttemptedCommit = head.sha
            // The status row is small; the publication (every definition) is read only when needed.
            if previousStatus?.lastAppliedCommit == head.sha, liveCommit == head.sha || dryRun {
                status.state = "Synced"
                if !dryRun { try await store.applySync(versions: [], publication: nil, status: status) }
                return SyncOutcome(status: status, published: false, counts: [:])
            }
            let previous = try await store.publication()
            if let previous, previous.commit == head.sha {
                status.state = "Synced"
                status.lastAppliedCommit = previous.commit
                status.appliedAt = previous.appliedAt
                if !dryRun {
                    try await store.applySync(versions: [], publication: nil, status: status)
                    // Applied by another process (`sovereign sync`): make it live here too.
                    if liveCommit != previous.commit, let set = await decode(previous) {
                        liveCommit = previous.commit
                        await onPublish(set)
                    }
                }
                return SyncOutcome(status: status, published: false, counts: [:])
            }
            if let previousCommit = previous?.commit, !(try mirror.isAncestor(previousCommit, of: head.sha)) {
                status.forcePush = true
                log(.warning, "force-push: the new head does not descend from the applied commit", ["from": previousCommit, "to": head.sha])
            }
            let snapshot = try Snapshot.load(mirror: mirror, commit: head.sha, settings: settings, cache: &lintedBlobs)
            status.diagnostics = snapshot.diagnostics.map {
                SyncDiagnostic(
                    path: $0.location.path, line: $0.location.line, column: $0.location.column,
                    severity: $0.severity.rawValue, code: $0.code, message: $0.message)
            }
            guard snapshot.errorCount == 0 else {
                status.state = "Failed"
                status.message = snapshot.refusal.map { "commit \(head.sha.prefix(12)): \($0)" }
                    ?? "commit \(head.sha.prefix(12)) has \(snapshot.errorCount) error(s); the last good commit stays live"
                log(.warning, "commit refused", ["commit": head.sha, "message": status.message ?? ""])
                if !dryRun { try await store.applySync(versions: [], publication: nil, status: status) }
                return SyncOutcome(status: status, published: false, counts: [:])
            }
            let plan = try PublicationPlan.make(
                resources: snapshot.resources, commit: head, previous: previous, prune: settings.prune, mirror: mirror, now: now,
                hashes: &contentHashes)
            if dryRun {
                status.state = "Synced"
                return SyncOutcome(status: status, published: false, counts: plan.counts)
            }
            status.state = "Synced"
            status.lastAppliedCommit = head.sha
            status.appliedAt = now
            status.counts = plan.counts
            try await store.applySync(versions: plan.versions, publication: plan.publication, status: status)
            for version in plan.versions { knownVersions[version.id] = version }
            if let set = await decode(plan.publication) {
                liveCommit = head.sha
                await onPublish(set)
            }
            log(.info, "published", ["commit": head.sha, "counts": "\(plan.counts)"])
            return SyncOutcome(status: status, published: true, counts: plan.counts)
        } catch {
            status.state = "Failed"
            status.message = "\(error)"
            log(.warning, "sync failed; the last good commit stays live", ["source": settings.displaySource, "message": "\(error)"])
            if !dryRun { try? await store.applySync(versions: [], publication: nil, status: status) }
            return SyncOutcome(status: status, published: false, counts: [:])
        }
    }

    /// Reconciles every `pollInterval` until the task is cancelled.
    public func poll() async {
        while !Task.isCancelled {
            _ = await reconcile()
            try? await Task.sleep(for: .milliseconds(Int(settings.pollInterval * 1000)))
        }
    }

    private func openMirror() throws -> Mirror {
        if let mirror { return mirror }
        let opened = try Mirror(
            path: settings.mirrorPath, url: settings.repository, credentials: settings.credentials,
            trustedCertificates: settings.trustedCertificates)
        mirror = opened
        return opened
    }

    /// The live definitions of a publication (archived ones are left out).
    private func decode(_ publication: Publication) async -> PublishedSet? {
        // Forget versions no longer published (memory stays bounded by the live set).
        let live = Set(publication.definitions.compactMap(\.versionId))
        knownVersions = knownVersions.filter { live.contains($0.key) }
        var set = PublishedSet(publication: publication, workflows: [], configurations: [], schedules: [])
        for entry in publication.definitions where !entry.archived {
            switch entry.kind {
            case ResourceKind.workflow.rawValue:
                guard let id = entry.versionId else { return nil }
                if let known = knownVersions[id] {
                    set.workflows.append(known)
                    continue
                }
                guard let version = try? await store.definitionVersion(id: id) else { return nil }
                knownVersions[id] = version
                set.workflows.append(version)
            case ResourceKind.configuration.rawValue:
                guard let configuration = entry.definition.decoded(as: Configuration.self) else { return nil }
                set.configurations.append((configuration, entry))
            default:
                guard let schedule = entry.definition.decoded(as: Schedule.self) else { return nil }
                set.schedules.append((schedule, entry))
            }
        }
        return set
    }
}
