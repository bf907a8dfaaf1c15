import Engine
import Foundation
import Model

/// `core.set`: its output is its `with` object, evaluated.
public struct SetAction: InlineAction {
    public let name = "core.set"

    public init() {}

    public func perform(_ invocation: ActionInvocation) throws(ActionFailure) -> ActionOutcome {
        .completed(invocation.input)
    }
}

/// `core.noop`: does nothing; joins branches.
public struct NoOperationAction: InlineAction {
    public let name = "core.noop"

    public init() {}

    public func perform(_ invocation: ActionInvocation) throws(ActionFailure) -> ActionOutcome {
        .completed(.object([:]))
    }
}

/// `core.log`: writes a message to the execution log (its output) and to the engine's log sink.
public struct LogAction: InlineAction {
    public let name = "core.log"
    private let sink: @Sendable (String, String, ActionInvocation) -> Void

    /// `sink` receives (level, message, invocation); by default messages only land in the output.
    public init(sink: @escaping @Sendable (String, String, ActionInvocation) -> Void = { _, _, _ in }) {
        self.sink = sink
    }

    public func perform(_ invocation: ActionInvocation) throws(ActionFailure) -> ActionOutcome {
        let level = invocation.input["level"]?.stringValue ?? "info"
        let message: String
        switch invocation.input["message"] {
        case .string(let text)?: message = text
        case let value?: message = value.jsonText
        case nil: throw ActionFailure(message: "`message` is required", code: "invalid_input", retryable: false)
        }
        sink(level, message, invocation)
        return .completed(["message": .string(message), "level": .string(level)])
    }
}

/// `core.fail`: fails the step with a message (never retried).
public struct FailAction: InlineAction {
    public let name = "core.fail"

    public init() {}

    public func perform(_ invocation: ActionInvocation) throws(ActionFailure) -> ActionOutcome {
        let message = invocation.input["message"]?.stringValue ?? "failed by core.fail"
        throw ActionFailure(
            message: message, code: invocation.input["code"]?.stringValue ?? "failed", retryable: false)
    }
}

/// `core.wait`: waits durably for a duration or until a timestamp.
public struct WaitAction: InlineAction {
    public let name = "core.wait"
    private let now: @Sendable () -> Date

    /// `now` is the engine's clock.
    public init(now: @escaping @Sendable () -> Date = { Date() }) { self.now = now }

    public func perform(_ invocation: ActionInvocation) throws(ActionFailure) -> ActionOutcome {
        let until: Date
        if let text = invocation.input["duration"]?.stringValue {
            guard let span = TimeSpan(parsing: text) else {
                throw ActionFailure(message: "`duration` `\(text)` is not a duration such as 30s or 1h30m", code: "invalid_input", retryable: false)
            }
            until = now().addingTimeInterval(span.seconds)
        } else if let text = invocation.input["until"]?.stringValue {
            guard let date = try? Date(text, strategy: .iso8601) else {
                throw ActionFailure(message: "`until` `\(text)` is not an RFC 3339 timestamp", code: "invalid_input", retryable: false)
            }
            until = date
        } else {
            throw ActionFailure(message: "give `duration` or `until`", code: "invalid_input", retryable: false)
        }
        return .sleep(until: until, output: ["wokeAt": .string(Timestamps.text(until))])
    }
}
