import Dispatch
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why one exchange did not produce a response.
enum TransferError: Error, Sendable, Hashable {
    /// The deadline passed.
    case timedOut
    /// The Swift task was cancelled.
    case cancelled
    /// The body grew past the limit.
    case tooLarge
    /// URLSession failed: its error code and a description without secrets.
    case failed(code: Int, reason: String)
}

/// Sends single exchanges (one hop, never following redirects) through one URLSession, with a
/// response size limit, a deadline and Swift task cancellation.
final class HTTPTransport: Sendable {
    private let session: URLSession
    private let delegate: SessionDelegate

    /// Creates a session without cookies, cache or credential storage: every step starts clean.
    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        delegate = SessionDelegate()
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    /// Sends `request` and returns the response of this hop (a redirect is returned, not followed).
    func send(_ request: URLRequest, maximumBytes: Int, timeoutSeconds: Double) async throws(TransferError) -> (HTTPURLResponse, Data) {
        let task = session.dataTask(with: request)
        let transfer = Transfer(task: task, maximumBytes: maximumBytes)
        delegate.register(transfer, for: task.taskIdentifier)
        DispatchQueue.global().asyncAfter(deadline: .now() + max(timeoutSeconds, 0)) { [weak transfer] in
            transfer?.stop(.timedOut)
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in transfer.start(continuation) }
        } onCancel: {
            transfer.stop(.cancelled)
        }
        return try result.get()
    }
}

/// The state of one exchange, shared by the awaiting task, the timer and URLSession's delegate
/// queue.
final class Transfer: @unchecked Sendable {  // all mutable state is guarded by `lock`
    typealias Completion = Result<(HTTPURLResponse, Data), TransferError>

    private let lock = NSLock()
    private let task: URLSessionDataTask
    private let maximumBytes: Int
    private var data = Data()
    private var continuation: CheckedContinuation<Completion, Never>?
    private var stopReason: TransferError?
    private var started = false
    private var finished = false

    init(task: URLSessionDataTask, maximumBytes: Int) {
        self.task = task
        self.maximumBytes = maximumBytes
    }

    /// Starts the task; `continuation` is resumed exactly once, when the task completes.
    func start(_ continuation: CheckedContinuation<Completion, Never>) {
        lock.withLock { self.continuation = continuation }
        task.resume()
        // A stop that came before `started` was set did not cancel the task: cancel it here.
        let stoppedMeanwhile = lock.withLock {
            started = true
            return stopReason != nil
        }
        if stoppedMeanwhile { task.cancel() }
    }

    /// Cancels the task for `reason`; the first reason wins. Ignored once the task completed.
    func stop(_ reason: TransferError) {
        let shouldCancel = lock.withLock {
            guard !finished, stopReason == nil else { return false }
            stopReason = reason
            return started
        }
        if shouldCancel { task.cancel() }
    }

    /// Whether a response announcing `expectedLength` bytes may go on.
    func accepts(expectedLength: Int64) -> Bool {
        guard expectedLength > Int64(maximumBytes) else { return true }
        stop(.tooLarge)
        return false
    }

    /// Adds body bytes; stops the task once they pass the limit.
    func append(_ chunk: Data) {
        let tooLarge = lock.withLock {
            guard stopReason == nil else { return false }
            data.append(chunk)
            return data.count > maximumBytes
        }
        if tooLarge { stop(.tooLarge) }
    }

    /// Resumes the awaiting task with the response, or with why there is none.
    func complete(response: URLResponse?, error: (any Error)?) {
        let (continuation, completion): (CheckedContinuation<Completion, Never>?, Completion) = lock.withLock {
            finished = true
            let completion: Completion
            if let stopReason {
                completion = .failure(stopReason)
            } else if let error {
                completion = .failure(Self.transferError(error))
            } else if let response = response as? HTTPURLResponse {
                completion = .success((response, data))
            } else {
                completion = .failure(.failed(code: URLError.badServerResponse.rawValue, reason: "the response is not HTTP"))
            }
            defer { self.continuation = nil }
            return (self.continuation, completion)
        }
        continuation?.resume(returning: completion)
    }

    private static func transferError(_ error: any Error) -> TransferError {
        let code = (error as NSError).code
        if code == URLError.timedOut.rawValue { return .timedOut }
        if code == URLError.cancelled.rawValue { return .cancelled }
        var reason = describe(URLError.Code(rawValue: code) ?? .unknown)
        // libcurl's text names the address and port it tried, never headers or credentials.
        if let detail = (error as NSError).userInfo[NSLocalizedDescriptionKey] as? String, !detail.isEmpty {
            reason += " (\(detail))"
        }
        return .failed(code: code, reason: reason)
    }

    /// A short description of a URLSession failure (its own texts are generic on Linux).
    private static func describe(_ code: URLError.Code) -> String {
        switch code {
        case .cannotFindHost, .dnsLookupFailed: "the host name could not be resolved"
        case .cannotConnectToHost: "the connection was refused"
        case .networkConnectionLost: "the connection was lost"
        case .notConnectedToInternet: "the network is unreachable"
        case .secureConnectionFailed: "the TLS handshake failed"
        case .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
            .serverCertificateHasUnknownRoot:
            "the server's TLS certificate is not trusted"
        case .badServerResponse: "the server sent an invalid response"
        case .badURL, .unsupportedURL: "the URL is not supported"
        case .httpTooManyRedirects: "too many redirects"
        default: "the request failed (URLError \(code.rawValue))"
        }
    }
}

/// URLSession's delegate: routes callbacks to the `Transfer` of each task and never follows
/// redirects itself (`HTTPRequestAction` follows them after checking each target).
final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {  // `transfers` is guarded by `lock`
    private let lock = NSLock()
    private var transfers: [Int: Transfer] = [:]

    func register(_ transfer: Transfer, for identifier: Int) {
        lock.withLock { transfers[identifier] = transfer }
    }

    private func transfer(for task: URLSessionTask, removing: Bool = false) -> Transfer? {
        lock.withLock { removing ? transfers.removeValue(forKey: task.taskIdentifier) : transfers[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let accepted = transfer(for: dataTask)?.accepts(expectedLength: response.expectedContentLength) ?? true
        completionHandler(accepted ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        transfer(for: dataTask)?.append(data)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        transfer(for: task, removing: true)?.complete(response: task.response, error: error)
    }
}
