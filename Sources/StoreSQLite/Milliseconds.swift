import Foundation

/// Dates are stored as whole Unix milliseconds. A date that is already a whole millisecond comes back
/// exactly; finer parts are cut off toward the past (so 12.3456 s is stored as 12 345 ms).
enum Milliseconds {
    /// `date` in whole milliseconds since 1970, truncated toward the past.
    static func from(_ date: Date) -> Int64 {
        // The largest count whose decoded date is not after `date`: whole-millisecond dates, which
        // carry floating-point noise, come back exactly.
        // Compared as `Date` compares (seconds since 2001), without building dates: a burst of
        // starts converts tens of thousands of them.
        let reference = date.timeIntervalSinceReferenceDate
        func decoded(_ milliseconds: Int64) -> TimeInterval {
            Double(milliseconds) / 1_000 - Date.timeIntervalBetween1970AndReferenceDate
        }
        var milliseconds = Int64((date.timeIntervalSince1970 * 1_000).rounded(.down))
        if decoded(milliseconds + 1) <= reference {
            milliseconds += 1
        } else if decoded(milliseconds) > reference {
            milliseconds -= 1
        }
        return milliseconds
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
