import Foundation

/// Typed values ↔ `JSONValue`, through their `Codable` forms.
extension JSONValue {
    /// `value` as JSON; nil when it cannot be encoded.
    public init?(encoding value: some Encodable, encoder: JSONEncoder = JSONEncoder()) {
        guard let data = try? encoder.encode(value), let json = JSONValue(parsing: Array(data)) else { return nil }
        self = json
    }

    /// This JSON decoded as `type`; nil when it does not fit.
    public func decoded<Value: Decodable>(as type: Value.Type) -> Value? {
        try? JSONDecoder().decode(type, from: Data(jsonText.utf8))
    }
}
