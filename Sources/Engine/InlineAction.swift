import Model

/// An action with no effect outside the engine that finishes at once: the engine runs it inside
/// its state transition, committed in the same transaction (`core.set`, `human.gate`, …).
public protocol InlineAction: ActionHandler {
    /// Runs one attempt synchronously.
    func perform(_ invocation: ActionInvocation) throws(ActionFailure) -> ActionOutcome
}

extension InlineAction {
    public var mode: ActionExecutionMode { .inline }

    public func run(_ invocation: ActionInvocation) async throws(ActionFailure) -> ActionOutcome {
        try perform(invocation)
    }
}
