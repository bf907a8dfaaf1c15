import Dispatch

extension Array where Element: Sendable {
    /// `map` over both cores: each element is transformed on some worker thread, results keep
    /// the order of the input. For CPU-bound work on independent elements (files, documents, rules).
    public func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let results = ResultSlots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results[index] = transform(self[index])
        }
        return results.values
    }
}
