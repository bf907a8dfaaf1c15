import Engine
import Foundation
import Model

/// Text output of `sovereign run`: one line per state change, then a summary.
enum RunText {
    static func line(_ event: EngineEvent, root: String, since start: Date, color: Bool) -> String {
        let elapsed = String(format: "%8.3fs", event.at.timeIntervalSince(start))
        var subject = event.stepId ?? "execution"
        if event.itemIndex >= 0 { subject += "[\(event.itemIndex)]" }
        if event.executionId != root { subject = "↳ \(event.executionId.suffix(6))/" + subject }
        var text = "\(elapsed)  \(pad(subject, 28)) \(paint(pad(event.status, 10), event.status, color))"
        if let attempt = event.attempt, attempt > 1 || event.status == "Retrying" { text += "  attempt \(attempt)" }
        if let message = event.message { text += "  \(message)" }
        return text + "\n"
    }

    static func summary(_ document: JSONValue, color: Bool) -> String {
        let status = document["status"]?.stringValue ?? "?"
        var text = "\n\(paint(status, status, color))"
        if case .integer(let milliseconds)? = document["durationMs"] { text += " in \(milliseconds) ms" }
        text += "  (execution \(document["id"]?.stringValue ?? "?"))\n"
        for step in document["steps"]?.arrayValue ?? [] {
            let id = step["id"]?.stringValue ?? "?"
            let stepStatus = step["status"]?.stringValue ?? "?"
            var line = "  \(pad(id, 24)) \(paint(pad(stepStatus, 10), stepStatus, color))"
            if case .integer(let milliseconds)? = step["durationMs"] { line += String(format: " %7d ms", milliseconds) }
            if case .integer(let attempts)? = step["attempts"], attempts > 1 { line += "  \(attempts) attempts" }
            if let message = step["error"]?["message"]?.stringValue { line += "  \(message)" }
            text += line + "\n"
        }
        if let error = document["error"]?["message"]?.stringValue { text += "error: \(error)\n" }
        if let outputs = document["outputs"], outputs != .null, outputs != .object([:]) {
            text += "outputs: \(outputs.prettyJSONText)\n"
        }
        return text
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func paint(_ text: String, _ status: String, _ color: Bool) -> String {
        guard color else { return text }
        let code: String
        switch status {
        case "Succeeded": code = "32"
        case "Failed", "TimedOut": code = "31"
        case "Cancelled", "Skipped": code = "90"
        case "Waiting", "Retrying", "Queued": code = "33"
        default: code = "36"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
