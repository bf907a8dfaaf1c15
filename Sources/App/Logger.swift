import Foundation
import Model

/// Log lines: JSON lines (`Logging__Format=json`) or text, to standard error. Messages never
/// carry secrets: callers pass fields, and values under secret-looking keys are masked.
public struct Logger: Sendable {
    public enum Format: Sendable { case text, json }
    public var format: Format

    /// A logger writing `format`.
    public init(format: Format) { self.format = format }

    /// Writes one line.
    public func log(_ level: String, _ message: String, _ fields: [String: JSONValue] = [:]) {
        let now = Date()
        var line: String
        switch format {
        case .json:
            var object = fields.mapValues { $0 }
            for key in object.keys where Self.isSecret(key) { object[key] = "***" }
            object["time"] = .string(now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            object["level"] = .string(level)
            object["message"] = .string(message)
            line = JSONValue.object(object).jsonText
        case .text:
            line = "\(now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))) \(level.uppercased()) \(message)"
            for key in fields.keys.sorted() {
                let value = Self.isSecret(key) ? "***" : (fields[key]!.stringValue ?? fields[key]!.jsonText)
                line += " \(key)=\(value)"
            }
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    public func info(_ message: String, _ fields: [String: JSONValue] = [:]) { log("info", message, fields) }
    public func warning(_ message: String, _ fields: [String: JSONValue] = [:]) { log("warning", message, fields) }
    public func error(_ message: String, _ fields: [String: JSONValue] = [:]) { log("error", message, fields) }

    static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["secret", "password", "token", "authorization"].contains { lowered.contains($0) }
    }
}
