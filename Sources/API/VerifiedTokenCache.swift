import Auth
import Foundation

/// Verified access tokens, kept until their `exp`, so a client's repeated requests skip signature
/// checks. Bounded; a token is only ever found again by its exact text.
public final class VerifiedTokenCache: @unchecked Sendable {
    // Guarded by `lock`.
    private var tokens: [String: AccessToken] = [:]
    private let lock = NSLock()
    private let capacity: Int
    private let now: @Sendable () -> Date

    /// A cache of at most `capacity` tokens.
    public init(capacity: Int = 10_000, now: @escaping @Sendable () -> Date = { Date() }) {
        self.capacity = capacity
        self.now = now
    }

    /// The verified token for `text`, unless it is unknown or has expired.
    public func lookup(_ text: String) -> AccessToken? {
        lock.withLock {
            guard let token = tokens[text] else { return nil }
            guard token.expiresAt > now() else {
                tokens[text] = nil
                return nil
            }
            return token
        }
    }

    /// Remembers a verified token.
    public func store(_ text: String, _ token: AccessToken) {
        lock.withLock {
            if tokens.count >= capacity { tokens.removeAll() }
            tokens[text] = token
        }
    }
}
