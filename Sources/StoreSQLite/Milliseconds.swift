import Foundation

/// Dates are stored as whole Unix milliseconds. A date that is already a whole millisecond comes back
/// exactly; finer parts are cut off toward the past (so 12.3456 s is stored as 12 345 ms).
enum Milliseconds {
    /// `date` in whole milliseconds since 1970, truncated toward the past.
    static func from(_ date: Date) -> Int64 {
        // The largest count whose decoded date is not after `date`: whole-millisecond dates, which
        // carry floating-point noise, come back exactly.
        var milliseconds = Int64((date.timeIntervalSince1970 * 1_000).rounded(.down))
        if Self.date(milliseconds + 1) <= date {
            milliseconds += 1
        } else if Self.date(milliseconds) > date {
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
