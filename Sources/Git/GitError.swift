import CGit2
import Foundation

/// A failed libgit2 call (or a refusal of this module), with libgit2's own message.
///
/// Messages never contain credentials: secrets and the userinfo part of URLs are replaced by `***`.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// The libgit2 error code (negative, `GIT_E*`), or one of the codes below.
    public let code: Int32
    /// What went wrong: `git_error_last()`'s message or this module's own, credentials redacted.
    public let message: String
    /// The libgit2 function (or operation) that failed.
    public let call: String

    /// `GIT_ENOTFOUND`: a branch, commit, folder, blob or repository does not exist.
    public static let notFoundCode: Int32 = -3
    /// `GIT_EBUFS`: a blob is larger than the caller's limit and was not read.
    public static let tooLargeCode: Int32 = -6
    /// `GIT_EAUTH`: the remote rejected the credentials, or asked for a kind that was not given.
    public static let authenticationCode: Int32 = -16
    /// `GIT_ECERTIFICATE`: the server's TLS certificate is not trusted.
    public static let certificateCode: Int32 = -17
    /// `GIT_EINVALID`-like refusal of an argument (for example a SHA that is not 40 hex digits).
    public static let invalidArgumentCode: Int32 = -1

    /// Creates an error with an explicit message (already free of credentials).
    public init(code: Int32, message: String, call: String) {
        self.code = code
        self.message = message
        self.call = call
    }

    /// Reads `git_error_last()` for a failed call and redacts credentials from it.
    init(code: Int32, call: String, redactor: Redactor) {
        var text = "unknown libgit2 error"
        if let last = git_error_last(), let pointer = last.pointee.message {
            text = String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        self.init(code: code, message: redactor.redact(text), call: call)
    }

    /// Whether the thing asked for does not exist.
    public var isNotFound: Bool { code == Self.notFoundCode }

    /// `call failed (code): message`.
    public var description: String { "\(call) failed (\(code)): \(message)" }
}

/// Throws a `GitError` for a negative libgit2 result; returns non-negative results unchanged.
@discardableResult
func check(_ result: Int32, _ call: String, _ redactor: Redactor = Redactor()) throws(GitError) -> Int32 {
    if result < 0 { throw GitError(code: result, call: call, redactor: redactor) }
    return result
}

/// Removes secrets from text: the configured passwords, tokens and passphrases, and the userinfo of
/// every `scheme://user:password@host` URL in it.
struct Redactor: Sendable {
    private let secrets: [String]

    /// A redactor that only strips URL userinfo.
    init() { secrets = [] }

    /// A redactor for the secrets of a remote URL and its credentials.
    init(url: String, credentials: GitCredentials) {
        var found: [String] = []
        switch credentials {
        case .none: break
        case .token(let token): found.append(token)
        case .basic(_, let password): found.append(password)
        case .sshKey(_, _, let passphrase): if let passphrase { found.append(passphrase) }
        }
        if let userInfo = Self.userInfo(of: url) {
            found.append(userInfo)
            for part in userInfo.split(separator: ":", maxSplits: 1) { found.append(String(part)) }
        }
        found += found.compactMap { $0.removingPercentEncoding }
        // Very short strings would redact ordinary words; they are still covered by URL redaction.
        secrets = Array(Set(found.filter { $0.count >= 3 })).sorted { $0.count > $1.count }
    }

    /// The text with every secret and every URL userinfo replaced by `***`.
    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets { result = result.replacingOccurrences(of: secret, with: "***") }
        return Self.redactingUserInfo(result)
    }

    /// The userinfo (`user:password`) of a URL, if it has one.
    static func userInfo(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return nil }
        return String(authority[..<at])
    }

    /// Replaces the userinfo of every URL inside `text` with `***`.
    static func redactingUserInfo(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let schemeEnd = rest.range(of: "://") {
            result += rest[..<schemeEnd.upperBound]
            rest = rest[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(where: { "/?# \t\n'\"<>".contains($0) }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                result += "***@"
                rest = rest[rest.index(after: at)...]
            }
        }
        return result + rest
    }
}
