import Foundation
import YAML

/// Settings from the environment (levels joined by `__`, as `Http__Port`) and an optional YAML
/// file (`sovereign.yaml`, nested mappings); the environment wins. Keys are case-insensitive.
public struct Settings: Sendable {
    private var values: [String: String]
    /// Keys as written (lower-cased key → original), for sections whose names matter (`Secrets__`).
    private var originalKeys: [String: String] = [:]

    /// Settings from explicit values (keys like `Http__Port`).
    public init(_ values: [String: String] = [:]) {
        self.values = [:]
        for (key, value) in values { set(key, value) }
    }

    private mutating func set(_ key: String, _ value: String) {
        values[key.lowercased()] = value
        originalKeys[key.lowercased()] = key
    }

    /// Every setting under `prefix` (for example `Secrets`), by the rest of its key as written.
    public func section(_ prefix: String) -> [String: String] {
        let lowered = prefix.lowercased() + "__"
        var result: [String: String] = [:]
        for (key, value) in values where key.hasPrefix(lowered) {
            let original = originalKeys[key] ?? key
            result[String(original.dropFirst(lowered.count))] = value
        }
        return result
    }

    /// Reads `file` (when it exists; a file named explicitly must exist) and overlays the environment.
    public static func load(environment: [String: String], file: String?, required: Bool = false) throws(SettingsError) -> Settings {
        var settings = Settings()
        if let file {
            if let data = FileManager.default.contents(atPath: file) {
                let parsed = YAMLParser.parse([UInt8](data))
                if let problem = parsed.problems.first {
                    throw SettingsError(message: "\(file):\(problem.mark.line):\(problem.mark.column): \(problem.message)")
                }
                if let root = parsed.documents.first?.root {
                    guard case .mapping = root.content else {
                        throw SettingsError(message: "\(file): the settings file must be a mapping (Http: {Port: 5003})")
                    }
                    settings.flatten(root, prefix: "")
                }
            } else if required {
                throw SettingsError(message: "\(file): no such settings file")
            }
        }
        for (key, value) in environment where key.contains("__") { settings.set(key, value) }
        return settings
    }

    private mutating func flatten(_ node: Node, prefix: String) {
        switch node.content {
        case .mapping(let entries):
            for entry in entries {
                guard case .scalar(let key) = entry.key.content else { continue }
                flatten(entry.value, prefix: prefix.isEmpty ? key.text : "\(prefix)__\(key.text)")
            }
        case .scalar(let scalar):
            set(prefix, scalar.text)
        case .sequence(let elements):
            // Lists become comma-separated values (allow-lists, scopes).
            set(
                prefix,
                elements.compactMap {
                    if case .scalar(let scalar) = $0.content { return scalar.text }
                    return nil
                }.joined(separator: ","))
        }
    }

    /// The text of `key`, if set and not empty.
    public func string(_ key: String) -> String? {
        guard let value = values[key.lowercased()], !value.isEmpty else { return nil }
        return value
    }

    /// `key` as a string, or `fallback`.
    public func string(_ key: String, default fallback: String) -> String { string(key) ?? fallback }

    /// `key` as a whole number in `range`, or `fallback`; a bad value is an error naming the key.
    public func integer(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws(SettingsError) -> Int {
        guard let text = string(key) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw SettingsError(message: "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), not `\(text)`")
        }
        return value
    }

    /// `key` as true/false (also 1/0, yes/no), or `fallback`.
    public func boolean(_ key: String, default fallback: Bool) throws(SettingsError) -> Bool {
        guard let text = string(key)?.lowercased() else { return fallback }
        switch text {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw SettingsError(message: "\(key) must be true or false, not `\(text)`")
        }
    }
}

/// A setting that cannot be used, with the key and what to do.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
