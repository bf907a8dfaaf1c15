import Engine
import Model

/// `human.gate`: parks the step until a person approves or rejects.
public struct HumanGateAction: InlineAction {
    public let name = "human.gate"

    public init() {}

    public func perform(_ invocation: ActionInvocation) throws(ActionFailure) -> ActionOutcome {
        guard let title = invocation.input["title"]?.stringValue, !title.isEmpty else {
            throw ActionFailure(message: "`title` is required", code: "invalid_input", retryable: false)
        }
        var timeout: TimeSpan?
        if let text = invocation.input["timeout"]?.stringValue {
            guard let span = TimeSpan(parsing: text) else {
                throw ActionFailure(message: "`timeout` `\(text)` is not a duration", code: "invalid_input", retryable: false)
            }
            timeout = span
        }
        return .awaitApproval(
            ApprovalRequest(
                title: title, description: invocation.input["description"]?.stringValue,
                approvers: invocation.input["approvers"] ?? .object([:]), timeout: timeout,
                onTimeout: invocation.input["onTimeout"]?.stringValue ?? "reject"))
    }
}

/// `workflow.run`: starts a child execution and waits for it.
public struct RunWorkflowAction: InlineAction {
    public let name = "workflow.run"

    public init() {}

    public func perform(_ invocation: ActionInvocation) throws(ActionFailure) -> ActionOutcome {
        guard let workflow = invocation.input["workflow"]?.stringValue else {
            throw ActionFailure(message: "`workflow` is required", code: "invalid_input", retryable: false)
        }
        return .runChild(
            ChildRequest(
                workflow: workflow, configuration: invocation.input["configuration"]?.stringValue,
                trigger: invocation.input["trigger"] ?? .object([:]), vars: invocation.input["vars"] ?? .object([:])))
    }
}

/// The actions every engine has that need nothing outside it.
public enum CoreActions {
    /// core.set, core.noop, core.log, core.fail, core.wait, human.gate, workflow.run.
    public static func all(log: LogAction = LogAction()) -> [any ActionHandler] {
        [SetAction(), NoOperationAction(), log, FailAction(), WaitAction(), HumanGateAction(), RunWorkflowAction()]
    }
}
