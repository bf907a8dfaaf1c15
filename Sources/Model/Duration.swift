/// A span of time written as in Go and Kestra: `500ms`, `30s`, `1h30m`, `2d`.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in milliseconds.
    public var milliseconds: Int64

    /// Creates a span of `milliseconds`.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The pattern that JSON Schemas use for duration strings.
    public static let pattern = "^([0-9]{1,9}(ms|s|m|h|d))+$"

    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Parses `1h30m`-style text; nil when it is not a duration or overflows.
    public init?(parsing text: String) {
        var total: Int64 = 0
        var remaining = Substring(text)
        guard !remaining.isEmpty else { return nil }
        while !remaining.isEmpty {
            let digits = remaining.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, let amount = Int64(digits) else { return nil }
            remaining = remaining.dropFirst(digits.count)
            let unitText = remaining.hasPrefix("ms") ? "ms" : String(remaining.prefix(1))
            guard let unit = Self.units.first(where: { $0.suffix == unitText }) else { return nil }
            remaining = remaining.dropFirst(unitText.count)
            let (product, overflowA) = amount.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, overflowB) = total.addingReportingOverflow(product)
            guard !overflowA, !overflowB else { return nil }
            total = sum
        }
        milliseconds = total
    }

    /// Seconds as a floating-point number.
    public var seconds: Double { Double(milliseconds) / 1000 }

    /// The shortest `1h30m` form.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds
        var text = ""
        for unit in Self.units.reversed() where rest >= unit.milliseconds {
            text += "\(rest / unit.milliseconds)\(unit.suffix)"
            rest %= unit.milliseconds
        }
        return text
    }

    public static func < (left: TimeSpan, right: TimeSpan) -> Bool { left.milliseconds < right.milliseconds }
}
