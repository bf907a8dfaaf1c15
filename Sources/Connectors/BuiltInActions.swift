import Engine

/// Every action the engine ships with.
public enum BuiltInActions {
    /// The core actions plus `http.request` with `http` settings.
    public static func all(log: LogAction = LogAction(), http: HTTPSettings = HTTPSettings()) -> [any ActionHandler] {
        CoreActions.all(log: log) + [HTTPRequestAction(settings: http)]
    }
}
