import Model

/// The git reconciler as the API sees it (the App provides it; nil when definitions come from a
/// local folder).
public protocol SyncService: Sendable {
    /// `GET /api/v1/sync/status`.
    func status() async -> JSONValue
    /// Reconciles now and returns the resulting status.
    func syncNow() async -> JSONValue
    /// Starts a reconciliation without waiting (webhooks).
    func requestSync() async
    /// `Git__WebhookSecret`, when push webhooks are allowed.
    var webhookSecret: String? { get }
}
