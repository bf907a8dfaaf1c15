/// Substring tests on UTF-8 bytes: exact, locale-free, and much cheaper than Foundation's
/// `String.contains(_:)`, which lint calls on every string of every definition.
extension String {
    /// Whether `needle` occurs in this string, comparing UTF-8 bytes.
    public func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { haystackBytes in
            needle.withUTF8 { needleBytes in
                let count = needleBytes.count
                guard count > 0 else { return true }
                guard haystackBytes.count >= count else { return false }
                let first = needleBytes[0]
                var index = 0
                let last = haystackBytes.count - count
                while index <= last {
                    if haystackBytes[index] == first {
                        var offset = 1
                        while offset < count && haystackBytes[index + offset] == needleBytes[offset] { offset += 1 }
                        if offset == count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }
}
