import Foundation
import Model

/// Reads a file with a size check before reading, so a huge file costs nothing.
enum FileReading {
    enum Outcome {
        case contents([UInt8])
        case failure(Diagnostic)
    }

    static func read(path: String, limit: Int) -> Outcome {
        let start = SourceLocation(path: path, line: 1, column: 1)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.intValue
        else {
            return .failure(Diagnostic(code: "SW001", message: "cannot read the file", location: start))
        }
        if size > limit {
            let (sizeText, limitText) = ByteCount.comparison(size, limit: limit)
            let message = "file is \(sizeText); the limit is \(limitText): split it into smaller files"
            return .failure(Diagnostic(code: "SW003", message: message, location: start))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Diagnostic(code: "SW001", message: "cannot read the file", location: start))
        }
        return .contents([UInt8](data))
    }
}

/// Human byte counts: `1.0 MiB`.
enum ByteCount {
    static func text(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }

    /// `size` and `limit` in human units, or in bytes when both would round to the same text.
    static func comparison(_ size: Int, limit: Int) -> (size: String, limit: String) {
        let (sizeText, limitText) = (text(size), text(limit))
        return sizeText == limitText ? ("\(size) bytes", "\(limit) bytes") : (sizeText, limitText)
    }
}

/// Fixed slots that concurrent workers fill, one index each.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    // Safe: each index is written by exactly one worker, and read only after all have finished.
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value {
        get { lock.withLock { slots[index]! } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [Value] { lock.withLock { slots.map { $0! } } }
}
