/// A saved input set (`kind: Configuration`) for one workflow.
public struct Configuration: Sendable, Hashable {
    /// Name, title, labels.
    public var metadata: Metadata
    /// The workflow it feeds.
    public var workflow: String
    /// Trigger fields, merged under an execute request's.
    public var trigger: [String: JSONValue]
    /// Variables, merged under an execute request's.
    public var vars: [String: JSONValue]

    /// Creates a configuration.
    public init(metadata: Metadata, workflow: String, trigger: [String: JSONValue] = [:], vars: [String: JSONValue] = [:]) {
        self.metadata = metadata
        self.workflow = workflow
        self.trigger = trigger
        self.vars = vars
    }
}

/// A cron schedule (`kind: Schedule`) that starts a workflow.
public struct Schedule: Sendable, Hashable {
    /// What happens when a tick comes while an earlier execution of this schedule still runs.
    public enum Overlap: String, Sendable, Hashable, CaseIterable {
        case allow, skip, queue, cancelPrevious
    }

    /// Which missed ticks fire after downtime.
    public enum Catchup: String, Sendable, Hashable, CaseIterable {
        case none, latest, all
    }

    /// Name, title, labels.
    public var metadata: Metadata
    /// The workflow it starts.
    public var workflow: String
    /// A Configuration whose trigger and vars it uses.
    public var configuration: String?
    /// Inline trigger, merged over the configuration's.
    public var trigger: [String: JSONValue]
    /// Inline vars, merged over the configuration's.
    public var vars: [String: JSONValue]
    /// 5- or 6-field cron expression or a macro such as `@daily`.
    public var cron: String
    /// IANA time zone the cron is read in.
    public var timezone: String
    /// Overlap policy; `skip` by default, as Temporal does.
    public var overlap: Overlap
    /// Catch-up policy after downtime.
    public var catchup: Catchup
    /// How far back catch-up looks.
    public var catchupWindow: TimeSpan?
    /// A disabled schedule never fires.
    public var enabled: Bool
    /// Random delay added to each fire, up to this much.
    public var jitter: TimeSpan?

    /// Creates a schedule.
    public init(
        metadata: Metadata, workflow: String, configuration: String? = nil, trigger: [String: JSONValue] = [:],
        vars: [String: JSONValue] = [:], cron: String, timezone: String = "UTC", overlap: Overlap = .skip,
        catchup: Catchup = .none, catchupWindow: TimeSpan? = nil, enabled: Bool = true, jitter: TimeSpan? = nil
    ) {
        self.metadata = metadata
        self.workflow = workflow
        self.configuration = configuration
        self.trigger = trigger
        self.vars = vars
        self.cron = cron
        self.timezone = timezone
        self.overlap = overlap
        self.catchup = catchup
        self.catchupWindow = catchupWindow
        self.enabled = enabled
        self.jitter = jitter
    }
}

// Stored as JSON by the engine's store.
extension Configuration: Codable {}
extension Schedule: Codable {}
extension Schedule.Overlap: Codable {}
extension Schedule.Catchup: Codable {}
