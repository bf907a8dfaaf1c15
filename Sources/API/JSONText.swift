import Foundation
import Model

/// JSON text → `JSONValue`.
public enum JSONText {
    /// Parses JSON text; nil when it is not JSON.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        JSONValue(parsing: bytes)
    }
}
