import Model

/// JSON (already valid against its kind's schema) → Model values.
enum Decoding {
    static func resource(kind: ResourceKind, from json: JSONValue) -> Resource {
        let metadata = self.metadata(json["metadata"])
        let spec = json["spec"]?.objectValue ?? [:]
        switch kind {
        case .workflow: return .workflow(workflow(metadata: metadata, spec: spec))
        case .configuration: return .configuration(configuration(metadata: metadata, spec: spec))
        case .schedule: return .schedule(schedule(metadata: metadata, spec: spec))
        }
    }

    static func metadata(_ json: JSONValue?) -> Metadata {
        var labels: [String: String] = [:]
        for (key, value) in json?["labels"]?.objectValue ?? [:] {
            labels[key] = value.stringValue
        }
        return Metadata(
            name: json?["name"]?.stringValue ?? "",
            title: json?["title"]?.stringValue,
            description: json?["description"]?.stringValue,
            labels: labels)
    }

    static func workflow(metadata: Metadata, spec: [String: JSONValue]) -> Workflow {
        let concurrency = spec["concurrency"].map {
            WorkflowConcurrency(limit: integer($0["limit"]) ?? 1, key: $0["key"]?.stringValue)
        }
        return Workflow(
            metadata: metadata,
            inputs: spec["inputs"],
            vars: spec["vars"]?.objectValue ?? [:],
            timeout: duration(spec["timeout"]),
            concurrency: concurrency,
            steps: (spec["steps"]?.arrayValue ?? []).map(step),
            outputs: spec["outputs"]?.objectValue ?? [:])
    }

    static func step(_ json: JSONValue) -> Step {
        Step(
            id: json["id"]?.stringValue ?? "",
            name: json["name"]?.stringValue,
            action: json["action"]?.stringValue ?? "",
            with: json["with"]?.objectValue ?? [:],
            needs: (json["needs"]?.arrayValue ?? []).compactMap(\.stringValue),
            condition: json["if"]?.stringValue,
            retry: json["retry"].map(retry),
            timeout: duration(json["timeout"]),
            connection: json["connection"]?.stringValue,
            foreach: json["foreach"],
            concurrency: integer(json["concurrency"]),
            continueOnError: json["continueOnError"] == .bool(true))
    }

    static func retry(_ json: JSONValue) -> RetryPolicy {
        var policy = RetryPolicy(maxAttempts: integer(json["maxAttempts"]) ?? 1)
        if let backoff = json["backoff"]?.stringValue.flatMap(RetryPolicy.Backoff.init(rawValue:)) {
            policy.backoff = backoff
        }
        if let initial = duration(json["initialInterval"]) { policy.initialInterval = initial }
        policy.maxInterval = duration(json["maxInterval"])
        if let multiplier = json["multiplier"]?.doubleValue { policy.multiplier = multiplier }
        if case .bool(let jitter) = json["jitter"] { policy.jitter = jitter }
        return policy
    }

    static func configuration(metadata: Metadata, spec: [String: JSONValue]) -> Configuration {
        Configuration(
            metadata: metadata,
            workflow: spec["workflow"]?.stringValue ?? "",
            trigger: spec["trigger"]?.objectValue ?? [:],
            vars: spec["vars"]?.objectValue ?? [:])
    }

    static func schedule(metadata: Metadata, spec: [String: JSONValue]) -> Schedule {
        var schedule = Schedule(
            metadata: metadata,
            workflow: spec["workflow"]?.stringValue ?? "",
            configuration: spec["configuration"]?.stringValue,
            trigger: spec["trigger"]?.objectValue ?? [:],
            vars: spec["vars"]?.objectValue ?? [:],
            cron: spec["cron"]?.stringValue ?? "")
        if let timezone = spec["timezone"]?.stringValue { schedule.timezone = timezone }
        if let overlap = spec["overlap"]?.stringValue.flatMap(Schedule.Overlap.init(rawValue:)) {
            schedule.overlap = overlap
        }
        if let policy = spec["catchup"]?["policy"]?.stringValue.flatMap(Schedule.Catchup.init(rawValue:)) {
            schedule.catchup = policy
        }
        schedule.catchupWindow = duration(spec["catchup"]?["window"])
        if case .bool(let enabled) = spec["enabled"] { schedule.enabled = enabled }
        schedule.jitter = duration(spec["jitter"])
        return schedule
    }

    static func duration(_ json: JSONValue?) -> TimeSpan? {
        json?.stringValue.flatMap(TimeSpan.init(parsing:))
    }

    static func integer(_ json: JSONValue?) -> Int? {
        switch json {
        case .integer(let value): Int(exactly: value)
        case .number(let value): Int(exactly: value)
        default: nil
        }
    }
}
