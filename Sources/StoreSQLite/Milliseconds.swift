import Foundation

/// Dates are stored as whole Unix milliseconds. A date that is already a whole millisecond comes back
/// exactly; finer parts are cut off toward the past (so 12.3456 s is stored as 12 345 ms).
enum Milliseconds {
    /// `date` in whole milliseconds since 1970, truncated toward the past.
    static func from(_ date: Date) -> Int64 {
        let scaled = date.timeIntervalSince1970 * 1_000
        let nearest = scaled.rounded()
        // Dates made from whole milliseconds carry floating-point noise of a few ulps: snap those.
        if abs(scaled - nearest) < 0.001 { return Int64(nearest) }
        return Int64(scaled.rounded(.down))
    }

    /// `date` in whole milliseconds, or nil.
    static func from(_ date: Date?) -> Int64? { date.map(from) }

    /// The date `milliseconds` after 1970.
    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1_000)
    }

    /// The date `milliseconds` after 1970, or nil.
    static func date(_ milliseconds: Int64?) -> Date? { milliseconds.map(date) }
}

extension SQLiteStore {
    /// `date` as this store keeps it: truncated to whole milliseconds toward the past. Records read
    /// back equal records written when their dates went through this first.
    public static func storedDate(_ date: Date) -> Date { Milliseconds.date(Milliseconds.from(date)) }
}
