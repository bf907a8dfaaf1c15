import Crypto
import Engine
import Foundation
import Git
import Model
import Store

/// What applying a commit changes: new workflow versions, the new published set, and counts.
struct PublicationPlan {
    var versions: [DefinitionVersionRecord] = []
    var publication: Publication
    var counts: [String: [String: Int]] = [:]

    /// Compares the commit's resources with the live publication. Unchanged definitions keep their
    /// version and commit; changed ones get a new version and the commit that last touched their file.
    static func make(
        resources: [(resource: Resource, path: String, blobKey: String)], commit: CommitInfo, previous: Publication?, prune: Bool,
        mirror: Mirror, now: Date, hashes: inout [String: String]
    ) throws -> PublicationPlan {
        // Hashing means encoding the definition as canonical JSON; a blob that did not change
        // cannot hash differently, so earlier hashes are reused.
        var usedHashes: [String: String] = [:]
        defer { hashes = usedHashes }
        var plan = PublicationPlan(publication: Publication(commit: commit.sha, appliedAt: now, definitions: []))
        let old = Dictionary(
            (previous?.definitions ?? []).map { ("\($0.kind)/\($0.name)", $0) }, uniquingKeysWith: { first, _ in first })
        var changedPaths: Set<String> = []
        var drafts: [(key: String, kind: ResourceKind, name: String, hash: String, path: String, resource: Resource)] = []
        for (resource, path, blobKey) in resources {
            let key = "\(resource.kind.rawValue)/\(resource.metadata.name)"
            let hash = hashes[blobKey] ?? contentHash(of: resource)
            usedHashes[blobKey] = hash
            drafts.append((key, resource.kind, resource.metadata.name, hash, path, resource))
            if old[key]?.contentHash != hash || old[key]?.archived == true { changedPaths.insert(path) }
        }
        let history = changedPaths.isEmpty ? [:] : try mirror.lastChanges(of: Array(changedPaths), from: commit.sha)
        var seen: Set<String> = []
        for draft in drafts {
            seen.insert(draft.key)
            let kind = draft.kind.rawValue
            if let existing = old[draft.key], existing.contentHash == draft.hash, !existing.archived {
                var kept = existing
                kept.path = draft.path
                plan.publication.definitions.append(kept)
                plan.count(kind, "unchanged")
                continue
            }
            let changedBy = history[draft.path] ?? commit
            var versionId: String?
            var definition: JSONValue = .null
            switch draft.resource {
            case .workflow(let workflow):
                let version = Engine.version(of: workflow, commit: commit.sha, path: draft.path, at: now)
                plan.versions.append(version)
                versionId = version.id
            case .configuration(let configuration): definition = JSONValue(encoding: configuration) ?? .null
            case .schedule(let schedule): definition = JSONValue(encoding: schedule) ?? .null
            }
            plan.publication.definitions.append(
                PublishedDefinition(
                    kind: kind, name: draft.name, versionId: versionId, contentHash: draft.hash, path: draft.path,
                    commit: changedBy.sha, authorName: changedBy.authorName, authorEmail: changedBy.authorEmail,
                    message: changedBy.message, committedAt: changedBy.date, archived: false, definition: definition))
            plan.count(kind, old[draft.key] == nil || old[draft.key]?.archived == true ? "created" : "updated")
        }
        for (key, existing) in old where !seen.contains(key) {
            var removed = existing
            if prune && !existing.archived {
                removed.archived = true
                plan.count(existing.kind, "archived")
            }
            if prune || !existing.archived { plan.publication.definitions.append(removed) }
        }
        plan.publication.definitions.sort { ($0.kind, $0.name) < ($1.kind, $1.name) }
        return plan
    }

    mutating func count(_ kind: String, _ what: String) { counts[kind, default: [:]][what, default: 0] += 1 }

    static func contentHash(of resource: Resource) -> String {
        switch resource {
        case .workflow(let workflow): Engine.contentHash(of: workflow)
        case .configuration(let configuration): Digest.sha256Hex(Array(canonical(configuration)))
        case .schedule(let schedule): Digest.sha256Hex(Array(canonical(schedule)))
        }
    }

    static func canonical(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)) ?? Data()
    }
}
