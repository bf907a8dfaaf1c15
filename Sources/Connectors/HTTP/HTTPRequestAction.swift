import Engine
import Foundation
import Model

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `http.request` action: sends one HTTP request and returns `{status, headers, body, url}`.
///
/// - Only `http` and `https` URLs; the SSRF guard (`AddressGuard`) blocks non-public addresses
///   unless `HTTPSettings.allowedPrivateTargets` lets them through, and checks every redirect too.
/// - Redirects are followed here, not by URLSession, up to `maxRedirects` (default 5).
/// - The attempt's time limit is the step's `timeout` (else `HTTPSettings.defaultTimeout`), cut
///   short by the invocation's deadline; it covers every hop. Cancelling the task cancels the request.
///
/// Failure codes: `invalid_input`, `blocked`, `network` (retryable), `timeout` (retryable),
/// `cancelled`, `too_many_redirects`, `response_too_large`, and `http_status` (output attached;
/// retryable for 408, 429 and 5xx). Messages never contain header values or URL passwords.
public struct HTTPRequestAction: ActionHandler {
    /// `http.request`.
    public let name = "http.request"
    /// External: the attempt is recorded before the request goes out.
    public let mode = ActionExecutionMode.external
    /// The settings every request follows.
    public let settings: HTTPSettings

    private let transport: HTTPTransport
    private let addressGuard: AddressGuard

    /// Statuses that redirect to `Location`.
    private static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Creates the action; it owns one URLSession (no cookies, no cache) for all its requests.
    public init(settings: HTTPSettings = HTTPSettings()) {
        self.settings = settings
        transport = HTTPTransport()
        addressGuard = AddressGuard(settings: settings)
    }

    /// Sends the request that `invocation.input` describes.
    public func run(_ invocation: ActionInvocation) async throws(ActionFailure) -> ActionOutcome {
        var plan = try HTTPRequestPlan(input: invocation.input)
        let limit = timeLimit(plan: plan, deadline: invocation.deadline)
        let deadline = ContinuousClock.now + .milliseconds(limit.milliseconds)
        var redirects = 0
        while true {
            if Task.isCancelled { throw cancelled(plan) }
            let clearance: AddressGuard.Clearance
            do {
                clearance = try await addressGuard.check(plan.url)
            } catch where redirects > 0 && error.code == "blocked" {
                throw ActionFailure(
                    message: "The redirect to \(RedactedURL.text(plan.url)) is blocked. \(error.message)", code: error.code,
                    retryable: false)
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw timedOut(plan, limit) }
            let request = plan.urlRequest(
                pinnedAddress: clearance.pinnedAddress, timeoutSeconds: remaining.seconds, userAgent: settings.userAgent)
            let response: HTTPURLResponse
            let data: Data
            do {
                (response, data) = try await transport.send(
                    request, maximumBytes: settings.maximumResponseBytes, timeoutSeconds: remaining.seconds)
            } catch {
                throw failure(for: error, plan: plan, limit: limit)
            }
            let status = response.statusCode
            let headers = HTTPResponseDecoding.lowerCasedHeaders(response)
            if Self.redirectStatuses.contains(status), let location = headers["location"],
                let target = URL(string: location, relativeTo: plan.url)?.absoluteURL
            {
                guard redirects < plan.maximumRedirects else {
                    throw ActionFailure(
                        message: "\(plan.method) \(RedactedURL.text(plan.url)) redirected more than "
                            + "\(plan.maximumRedirects) time(s) (maxRedirects); the last redirect's response is attached",
                        code: "too_many_redirects", retryable: false,
                        output: HTTPResponseDecoding.output(response: response, data: data, url: plan.url))
                }
                redirects += 1
                plan.followRedirect(to: target, status: status)
                continue
            }
            let output = HTTPResponseDecoding.output(response: response, data: data, url: plan.url)
            if plan.failurePolicy.fails(status) {
                let reason = HTTPURLResponse.localizedString(forStatusCode: status)
                throw ActionFailure(
                    message: "\(plan.method) \(RedactedURL.text(plan.url)) answered \(status) \(reason)", code: "http_status",
                    retryable: status == 408 || status == 429 || status >= 500, output: output)
            }
            return .completed(output)
        }
    }

    /// The step's `timeout`, else the default, cut short by the deadline (never negative).
    private func timeLimit(plan: HTTPRequestPlan, deadline: Date?) -> TimeSpan {
        var milliseconds = (plan.timeout ?? settings.defaultTimeout).milliseconds
        if let deadline {
            let untilDeadline = Int64((deadline.timeIntervalSinceNow * 1000).rounded(.down))
            milliseconds = min(milliseconds, max(untilDeadline, 0))
        }
        return TimeSpan(milliseconds: milliseconds)
    }

    private func failure(for error: TransferError, plan: HTTPRequestPlan, limit: TimeSpan) -> ActionFailure {
        switch error {
        case .timedOut:
            return timedOut(plan, limit)
        case .cancelled:
            return cancelled(plan)
        case .tooLarge:
            return ActionFailure(
                message: "The response of \(plan.method) \(RedactedURL.text(plan.url)) is larger than "
                    + "\(settings.maximumResponseBytes) bytes, the limit",
                code: "response_too_large", retryable: false)
        case .failed(_, let reason):
            return ActionFailure(
                message: "\(plan.method) \(RedactedURL.text(plan.url)) failed: \(reason)", code: "network", retryable: true)
        }
    }

    private func timedOut(_ plan: HTTPRequestPlan, _ limit: TimeSpan) -> ActionFailure {
        ActionFailure(
            message: "\(plan.method) \(RedactedURL.text(plan.url)) timed out after \(limit)", code: "timeout",
            retryable: true)
    }

    private func cancelled(_ plan: HTTPRequestPlan) -> ActionFailure {
        ActionFailure(message: "\(plan.method) \(RedactedURL.text(plan.url)) was cancelled", code: "cancelled", retryable: false)
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    fileprivate var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
