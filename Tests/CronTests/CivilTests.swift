@testable import Cron
import Foundation
import Testing

@Suite struct CivilTests {
    /// Days ↔ dates both ways, across leap years, centuries and dates before 1970 (checked against
    /// Foundation's calendar from its Gregorian cut-over, 1582-10-15, on).
    @Test func datesAndDaysRoundTrip() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let date = Civil.date(daysSinceEpoch: days)
            #expect(Civil.daysSinceEpoch(year: date.year, month: date.month, day: date.day) == days)
            guard days >= -141_427 else { continue }
            let reference = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(date.year == reference.year && date.month == reference.month && date.day == reference.day)
        }
    }

    /// A wall-clock time read from seconds (before and after 1970) gives the same seconds back.
    @Test func wallClockFromSeconds() {
        for seconds: Int64 in [-86_401, -86_400, -1, 0, 1, 86_399, 86_400, 1_798_761_599, -2_208_988_800] {
            #expect(WallClock(secondsAsIfUTC: seconds).secondsAsIfUTC == seconds)
        }
        let wall = WallClock(secondsAsIfUTC: -1)
        let expected: [Int] = [1969, 12, 31, 23, 59, 59]
        #expect([wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second] == expected)
    }

    /// The search starts from the local time of the instant, also before 1970 and off whole hours.
    @Test func nextFromLocalTimeOfTheInstant() throws {
        let utc = Zone("UTC")
        #expect(try utc.fires("0 0 1 1 *", after: utc.date(1969, 6, 15, 12), count: 2)
            == ["1970-01-01 00:00:00 +00:00", "1971-01-01 00:00:00 +00:00"])
        let kathmandu = Zone("Asia/Kathmandu")
        #expect(try kathmandu.fires("0 0 * * *", after: kathmandu.date(2026, 3, 1, 23, 59, 59), count: 2)
            == ["2026-03-02 00:00:00 +05:45", "2026-03-03 00:00:00 +05:45"])
    }
}
