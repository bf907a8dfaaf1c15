/// Deep merge as configurations use it: objects merge key by key, anything else is replaced.
public enum JSONMerge {
    /// `base` with `override` laid over it; `override` wins.
    public static func deepMerge(_ base: [String: JSONValue], _ override: [String: JSONValue]) -> [String: JSONValue] {
        var result = base
        for (key, value) in override {
            if case .object(let baseObject)? = result[key], case .object(let overrideObject) = value {
                result[key] = .object(deepMerge(baseObject, overrideObject))
            } else {
                result[key] = value
            }
        }
        return result
    }
}
