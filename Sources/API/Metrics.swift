import Engine
import Foundation

/// Prometheus metrics: HTTP requests by route and status, executions by end state, and a
/// histogram of step durations.
public final class Metrics: @unchecked Sendable {
    // Everything below is guarded by `lock`.
    private let lock = NSLock()
    private var requests: [String: Int] = [:]
    private var executions: [String: Int] = [:]
    private var stepStarts: [String: Date] = [:]
    private var bucketCounts: [Int]
    private var durationSum = 0.0
    private var durationCount = 0
    /// Histogram buckets of step durations, in seconds.
    public static let buckets: [Double] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600]

    /// Empty metrics.
    public init() { bucketCounts = Array(repeating: 0, count: Self.buckets.count) }

    /// Counts one answered request.
    public func recordRequest(method: String, route: String, status: Int) {
        let key = "method=\"\(method)\",route=\"\(route)\",status=\"\(status)\""
        lock.withLock { requests[key, default: 0] += 1 }
    }

    /// Follows the engine's events (execution ends, step durations) until the stream ends.
    public func follow(_ events: AsyncStream<EngineEvent>) async {
        for await event in events { record(event) }
    }

    func record(_ event: EngineEvent) {
        lock.withLock {
            guard let stepId = event.stepId else {
                if ["Succeeded", "Failed", "Cancelled", "TimedOut"].contains(event.status) {
                    executions[event.status, default: 0] += 1
                }
                return
            }
            let key = "\(event.executionId) \(stepId) \(event.itemIndex)"
            switch event.status {
            case "Running":
                if stepStarts[key] == nil { stepStarts[key] = event.at }
            case "Succeeded", "Failed", "Cancelled", "TimedOut", "Skipped":
                guard let start = stepStarts.removeValue(forKey: key) else { return }
                let seconds = event.at.timeIntervalSince(start)
                for (index, bound) in Self.buckets.enumerated() where seconds <= bound { bucketCounts[index] += 1 }
                durationSum += seconds
                durationCount += 1
            default:
                break
            }
        }
    }

    /// The Prometheus text exposition.
    public func text() -> String {
        lock.withLock {
            var lines = [
                "# HELP sovereign_http_requests_total HTTP requests answered, by method, route and status.",
                "# TYPE sovereign_http_requests_total counter",
            ]
            for key in requests.keys.sorted() { lines.append("sovereign_http_requests_total{\(key)} \(requests[key]!)") }
            lines += [
                "# HELP sovereign_executions_finished_total Executions that ended, by state.",
                "# TYPE sovereign_executions_finished_total counter",
            ]
            for status in ["Succeeded", "Failed", "Cancelled", "TimedOut"] {
                lines.append("sovereign_executions_finished_total{status=\"\(status)\"} \(executions[status] ?? 0)")
            }
            lines += [
                "# HELP sovereign_step_duration_seconds Time from a step's start to its end.",
                "# TYPE sovereign_step_duration_seconds histogram",
            ]
            for (index, bound) in Self.buckets.enumerated() {
                lines.append("sovereign_step_duration_seconds_bucket{le=\"\(bound)\"} \(bucketCounts[index])")
            }
            lines.append("sovereign_step_duration_seconds_bucket{le=\"+Inf\"} \(durationCount)")
            lines.append("sovereign_step_duration_seconds_sum \(durationSum)")
            lines.append("sovereign_step_duration_seconds_count \(durationCount)")
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
