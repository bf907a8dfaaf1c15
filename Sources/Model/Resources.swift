/// The kinds of resource a repository may hold under `apiVersion: sovereign/v1`.
public enum ResourceKind: String, Sendable, Hashable, CaseIterable {
    case workflow = "Workflow"
    case configuration = "Configuration"
    case schedule = "Schedule"
}

/// The `apiVersion` every document of ours carries.
public let sovereignAPIVersion = "sovereign/v1"

/// Naming rules shared by the loader, lint and the API.
public enum Naming {
    /// Resource names: DNS-label-like, at most 63 characters.
    public static let resourceNamePattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
    /// Step ids: usable in jq as `.steps.<id>` unless they contain `-`.
    public static let stepIdPattern = "^[A-Za-z_][A-Za-z0-9_-]*$"
    /// Longest resource name or step id.
    public static let maximumLength = 63

    /// Whether `name` is a valid resource name.
    public static func isValidResourceName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= maximumLength else { return false }
        let bytes = Array(name.utf8)
        func allowed(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) }
        return allowed(bytes.first!) && allowed(bytes.last!) && bytes.allSatisfy { allowed($0) || $0 == 45 }
    }
}

/// `metadata` of every resource.
public struct Metadata: Sendable, Hashable {
    /// Unique per kind; DNS-label-like.
    public var name: String
    /// A human title.
    public var title: String?
    /// Free text.
    public var description: String?
    /// Key/value labels for filtering.
    public var labels: [String: String]

    /// Creates metadata.
    public init(name: String, title: String? = nil, description: String? = nil, labels: [String: String] = [:]) {
        self.name = name
        self.title = title
        self.description = description
        self.labels = labels
    }
}

/// A decoded document of one of our kinds.
public enum Resource: Sendable, Hashable {
    case workflow(Workflow)
    case configuration(Configuration)
    case schedule(Schedule)

    /// The resource's kind.
    public var kind: ResourceKind {
        switch self {
        case .workflow: .workflow
        case .configuration: .configuration
        case .schedule: .schedule
        }
    }

    /// The resource's metadata.
    public var metadata: Metadata {
        switch self {
        case .workflow(let workflow): workflow.metadata
        case .configuration(let configuration): configuration.metadata
        case .schedule(let schedule): schedule.metadata
        }
    }
}

// Stored as JSON by the engine's store.
extension Metadata: Codable {}
