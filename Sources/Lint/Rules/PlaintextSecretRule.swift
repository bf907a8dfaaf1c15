import Foundation
import JSONSchema
import Loader
import Model

/// SW501 (warning): values that look like secrets written in plain text. Secrets belong in
/// connections or `${ .secrets.name }`, never in git.
struct PlaintextSecretRule: DocumentRule {
    let code = "SW501"
    let title = "Possible plaintext secret"

    /// Key endings whose literal values are secrets (compared lower-cased, `-` and `_` removed).
    static let secretKeyEndings = [
        "password", "passwd", "secret", "token", "apikey", "privatekey", "accesskey", "credential",
        "credentials", "authorization",
    ]

    /// Well-known token shapes, whatever the key. The marker is a literal every match contains,
    /// checked first so the regular expression runs only on likely strings.
    static let secretShapes: [(name: String, marker: String, pattern: NSRegularExpression)] = [
        ("an AWS access key", "AKIA", "AKIA[0-9A-Z]{16}"),
        ("a GitHub token", "gh", "(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}"),
        ("a GitHub token", "github_pat_", "github_pat_[A-Za-z0-9_]{30,}"),
        ("a Slack token", "xox", "xox[abprs]-[A-Za-z0-9-]{10,}"),
        ("a Stripe live key", "_live_", "(sk|rk)_live_[A-Za-z0-9]{16,}"),
        ("a private key", "-----BEGIN", "-----BEGIN [A-Z ]*PRIVATE KEY-----"),
        ("a JSON Web Token", "eyJ", "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
        ("a password in a URL", "@", "[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@"),
    ].map { ($0.0, $0.1, try! NSRegularExpression(pattern: $0.2)) }

    func check(_ document: LoadedDocument) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if document.resource != nil {
            scan(document.json["spec"] ?? .null, path: [.key("spec")], document: document, into: &diagnostics)
        }
        return diagnostics
    }

    private func scan(_ value: JSONValue, path: [PathComponent], document: LoadedDocument, into diagnostics: inout [Diagnostic]) {
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                scan(members[key]!, path: path + [.key(key)], document: document, into: &diagnostics)
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                scan(element, path: path + [.index(index)], document: document, into: &diagnostics)
            }
        case .string(let text):
            guard let message = finding(in: text, key: path.last) else { return }
            diagnostics.append(
                Diagnostic(
                    code: code, severity: .warning,
                    message: "\(message); keep secrets out of git: use `${ .secrets.<name> }` or a connection",
                    location: document.location(of: path)))
        default:
            return
        }
    }

    private func finding(in text: String, key: PathComponent?) -> String? {
        for shape in Self.secretShapes where text.containsBytes(shape.marker) {
            let range = NSRange(text.startIndex..., in: text)
            if shape.pattern.firstMatch(in: text, range: range) != nil { return "this value looks like \(shape.name)" }
        }
        guard case .key(let name)? = key, !text.containsBytes("${"), text.count >= 6 else { return nil }
        let normalized = name.lowercased().filter { $0 != "-" && $0 != "_" }
        guard Self.secretKeyEndings.contains(where: normalized.hasSuffix), !Self.isPlaceholder(text) else { return nil }
        return "`\(name)` holds a literal value that looks like a plaintext secret"
    }

    /// Obvious non-secrets: placeholders and references to environment variables or files.
    static func isPlaceholder(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("<") || lowered.hasPrefix("$") || lowered.hasPrefix("env:")
            || lowered.hasPrefix("file:") || lowered.hasPrefix("vault:") || lowered == "changeme"
            || lowered.allSatisfy { $0 == "*" || $0 == "x" }
    }
}
