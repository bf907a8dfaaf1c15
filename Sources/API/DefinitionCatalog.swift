import Foundation
import Model

/// The definitions the server serves read-only, with where they came from.
public struct DefinitionCatalog: Sendable {
    /// A definition and its source.
    public struct Entry<Definition: Sendable>: Sendable {
        public var definition: Definition
        /// The file it came from (relative to the definitions folder or repository).
        public var path: String
        /// The version id (workflows).
        public var versionId: String?
        /// The commit that last changed the file: sha, author and message (git sources only).
        public var commit: String?
        public var author: String?
        public var message: String?

        /// Creates an entry.
        public init(
            definition: Definition, path: String, versionId: String? = nil, commit: String? = nil, author: String? = nil,
            message: String? = nil
        ) {
            self.definition = definition
            self.path = path
            self.versionId = versionId
            self.commit = commit
            self.author = author
            self.message = message
        }
    }

    public var workflows: [String: Entry<Workflow>] = [:]
    public var configurations: [String: Entry<Configuration>] = [:]
    public var schedules: [String: Entry<Schedule>] = [:]
    /// Where definitions come from, for messages ("definitions are managed in git: …").
    public var source: String

    /// An empty catalog.
    public init(source: String) { self.source = source }
}

/// The catalog, replaceable while the server runs (the reconciler will publish new ones).
public final class CatalogHolder: @unchecked Sendable {
    // Guarded by `lock`; readers get a copy.
    private var catalog: DefinitionCatalog
    private let lock = NSLock()

    /// Holds `catalog`.
    public init(_ catalog: DefinitionCatalog) { self.catalog = catalog }

    /// The current catalog.
    public var current: DefinitionCatalog { lock.withLock { catalog } }

    /// Replaces the catalog.
    public func replace(_ catalog: DefinitionCatalog) { lock.withLock { self.catalog = catalog } }
}
