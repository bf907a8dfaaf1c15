import Model

/// Replaces secret values with `***` in what the engine records, as CI systems do in logs.
enum SecretMasking {
    /// Values shorter than this are not masked: masking `a` or `1` would garble everything.
    static let minimumLength = 4

    static func mask(_ value: JSONValue, secrets: [String: String]) -> JSONValue {
        guard !secrets.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(mask(text, secrets: secrets))
        case .array(let elements): return .array(elements.map { mask($0, secrets: secrets) })
        case .object(let members): return .object(members.mapValues { mask($0, secrets: secrets) })
        default: return value
        }
    }

    static func mask(_ text: String, secrets: [String: String]) -> String {
        var result = text
        for secret in secrets.values where secret.count >= minimumLength && result.containsBytes(secret) {
            result = result.replacing(secret, with: "***")
        }
        return result
    }
}

extension Engine {
    /// `.secrets` as expressions see it.
    var secretsDocument: JSONValue { .object(settings.secrets.mapValues(JSONValue.string)) }
}
