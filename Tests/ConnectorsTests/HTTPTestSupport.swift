import Engine
import Foundation
import Model
import Testing

@testable import Connectors

/// Runs `action` with `input`; the step output or the failure.
func perform(_ action: HTTPRequestAction, _ input: JSONValue, deadline: Date? = nil) async -> Result<JSONValue, ActionFailure> {
    do {
        let outcome = try await action.run(
            ActionInvocation(executionId: "execution", workflowId: "workflow", stepId: "step", input: input, deadline: deadline))
        guard case .completed(let output) = outcome else {
            return .failure(ActionFailure(message: "unexpected outcome \(outcome)", code: "test", retryable: false))
        }
        return .success(output)
    } catch {
        return .failure(error)
    }
}

/// An action whose allow-list holds `allowed` (by default the loopback test server's address).
func allowingAction(_ allowed: String = "127.0.0.1", maximumResponseBytes: Int = 10 * 1024 * 1024) throws -> HTTPRequestAction {
    HTTPRequestAction(
        settings: HTTPSettings(
            allowedPrivateTargets: try HTTPSettings.parseAllowList(allowed), maximumResponseBytes: maximumResponseBytes,
            userAgent: HTTPSettings.userAgent(version: "9.9.9")))
}

extension Result<JSONValue, ActionFailure> {
    /// The failure, or nil on success.
    var failure: ActionFailure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }

    /// The output, or nil on failure.
    var output: JSONValue? {
        if case .success(let output) = self { return output }
        return nil
    }
}

extension JSONValue {
    /// The member at a path of keys, e.g. `value[path: "body", "headers", "host"]`.
    subscript(path path: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }
}
