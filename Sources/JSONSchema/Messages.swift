import Model

/// Wording shared by all violation messages: backticks around names and values, no trailing period,
/// integral numbers without `.0`.
enum Messages {
    static let maximumValueLength = 60
    static let maximumListedNames = 8

    /// A number as users read it.
    static func number(_ value: Double) -> String {
        if value.isFinite, abs(value) < 1e15, value.rounded() == value {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// A value as shown inside backticks: strings verbatim, everything else as compact JSON; long values shortened.
    static func text(of value: JSONValue) -> String {
        let text: String
        switch value {
        case .string(let string): text = string
        case .number(let number): text = Self.number(number)
        default: text = value.jsonText
        }
        guard text.count > maximumValueLength else { return text }
        return String(text.prefix(maximumValueLength - 1)) + "…"
    }

    /// A value in backticks.
    static func quoted(_ value: JSONValue) -> String {
        "`\(text(of: value))`"
    }

    /// `a`, `a or b`, `a, b or c`.
    static func alternatives(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// `a, b, c` with at most `limit` entries, then `…`.
    static func list(_ names: [String], limit: Int = maximumListedNames) -> String {
        guard names.count > limit else { return names.joined(separator: ", ") }
        return names.prefix(limit).joined(separator: ", ") + ", …"
    }

    /// `1 item`, `2 items`.
    static func counted(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }

    static func type(expected: [String], found instance: JSONValue) -> String {
        "expected \(alternatives(expected)), found \(instance.typeName)"
    }

    static func unknownField(_ key: String, known: [String], present: Set<String>, patterns: [String]) -> String {
        let candidates = known.filter { !present.contains($0) }
        if let close = Suggestion.closest(to: key, among: candidates) {
            return "unknown field `\(key)`; did you mean `\(close)`?"
        }
        if !candidates.isEmpty {
            return "unknown field `\(key)`; expected one of: \(list(candidates))"
        }
        if !patterns.isEmpty {
            return "unknown field `\(key)`; field names must match \(alternatives(patterns))"
        }
        return "unknown field `\(key)`"
    }

    static func notInEnum(_ instance: JSONValue, allowed: [JSONValue]) -> String {
        if allowed.count == 1 { return "must be \(quoted(allowed[0]))" }
        var message = "\(quoted(instance)) is not one of: \(list(allowed.map(text(of:)), limit: 12))"
        if case .string(let string) = instance {
            let candidates = allowed.compactMap(\.stringValue)
            if let close = Suggestion.closest(to: string, among: candidates) {
                message += "; did you mean `\(close)`?"
            }
        }
        return message
    }

    static func format(_ format: StringFormat) -> String {
        switch format {
        case .dateTime: "must be a date-time (RFC 3339), e.g. `2024-05-01T12:00:00Z`"
        case .date: "must be a date (RFC 3339), e.g. `2024-05-01`"
        case .uri: "must be an absolute URI, e.g. `https://example.com/path`"
        case .email: "must be an email address"
        }
    }

    static func forbidden(_ keywords: SchemaKeywords) -> String {
        let onlyRequired = keywords.required.count > 0 && keywords.typeNames.isEmpty && keywords.properties.isEmpty
            && keywords.allOf.isEmpty && keywords.anyOf.isEmpty && keywords.oneOf.isEmpty
        if onlyRequired {
            let names = keywords.required.map { "`\($0)`" }
            if names.count == 1 { return "field \(names[0]) is not allowed here" }
            return names.dropLast().joined(separator: ", ") + " and " + names.last! + " cannot be used together"
        }
        if let title = keywords.title { return "must not be \(title)" }
        return "must not match the disallowed form"
    }
}
