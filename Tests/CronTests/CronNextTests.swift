import Cron
import Foundation
import Testing

/// Builds instants from local wall-clock times and formats results back, so expectations read as
/// local times with their UTC offset.
struct Zone {
    let timeZone: TimeZone
    init(_ identifier: String) { timeZone = TimeZone(identifier: identifier)! }

    func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }

    func text(_ date: Date?) -> String {
        guard let date else { return "nil" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
        return formatter.string(from: date)
    }

    func fires(_ cron: String, after start: Date, count: Int) throws -> [String] {
        let expression = try CronExpression.parse(cron)
        var current = start
        var result: [String] = []
        for _ in 0..<count {
            guard let next = expression.next(after: current, in: timeZone) else { result.append("nil"); break }
            result.append(text(next))
            current = next
        }
        return result
    }
}

@Suite struct CronNextTests {
    let utc = Zone("UTC")
    let berlin = Zone("Europe/Berlin")
    let newYork = Zone("America/New_York")

    @Test func everyFifteenMinutes() throws {
        #expect(try utc.fires("*/15 * * * *", after: utc.date(2026, 1, 1, 10, 7, 30), count: 3)
            == ["2026-01-01 10:15:00 +00:00", "2026-01-01 10:30:00 +00:00", "2026-01-01 10:45:00 +00:00"])
        // Strictly after: a start exactly on a fire time moves on.
        #expect(try utc.fires("*/15 * * * *", after: utc.date(2026, 1, 1, 10, 15), count: 1) == ["2026-01-01 10:30:00 +00:00"])
    }

    @Test func everySecondWithSixFields() throws {
        #expect(try utc.fires("* * * * * *", after: utc.date(2026, 12, 31, 23, 59, 58), count: 3)
            == ["2026-12-31 23:59:59 +00:00", "2027-01-01 00:00:00 +00:00", "2027-01-01 00:00:01 +00:00"])
    }

    @Test func lastDayWeekdayAndNth() throws {
        let start = utc.date(2026, 1, 1)
        #expect(try utc.fires("0 0 L * ?", after: start, count: 3)
            == ["2026-01-31 00:00:00 +00:00", "2026-02-28 00:00:00 +00:00", "2026-03-31 00:00:00 +00:00"])
        #expect(try utc.fires("0 0 L-3 2 ?", after: start, count: 1) == ["2026-02-25 00:00:00 +00:00"])
        // 2026-02-28 is a Saturday → Friday 27th; 2026-05-31 is a Sunday → Friday 29th.
        #expect(try utc.fires("0 0 LW 2,5 ?", after: start, count: 2) == ["2026-02-27 00:00:00 +00:00", "2026-05-29 00:00:00 +00:00"])
        // 2026-03-15 is a Sunday → Monday 16th; 2026-08-01 is a Saturday → Monday 3rd.
        #expect(try utc.fires("0 0 15W 3 ?", after: start, count: 1) == ["2026-03-16 00:00:00 +00:00"])
        #expect(try utc.fires("0 0 1W 8 ?", after: start, count: 1) == ["2026-08-03 00:00:00 +00:00"])
        // Weekdays are numbered as in Vixie cron (0 = Sunday, 5 = Friday) everywhere, `#` and `L` included.
        #expect(try utc.fires("0 12 ? * 5#3", after: start, count: 2) == ["2026-01-16 12:00:00 +00:00", "2026-02-20 12:00:00 +00:00"])
        #expect(try utc.fires("0 12 ? * FRI#3", after: start, count: 1) == ["2026-01-16 12:00:00 +00:00"])
        #expect(try utc.fires("0 12 ? * 6#3", after: start, count: 1) == ["2026-01-17 12:00:00 +00:00"])
        #expect(try utc.fires("0 12 ? * 5L", after: start, count: 2) == ["2026-01-30 12:00:00 +00:00", "2026-02-27 12:00:00 +00:00"])
    }

    @Test func vixieDayFieldsCombineWithOr() throws {
        // The 13th or any Friday: Fri 2 Jan, Fri 9 Jan, Tue 13 Jan.
        #expect(try utc.fires("0 0 13 * 5", after: utc.date(2026, 1, 1), count: 3)
            == ["2026-01-02 00:00:00 +00:00", "2026-01-09 00:00:00 +00:00", "2026-01-13 00:00:00 +00:00"])
    }

    @Test func yearlyAndImpossible() throws {
        #expect(try utc.fires("@yearly", after: utc.date(2026, 3, 1), count: 2) == ["2027-01-01 00:00:00 +00:00", "2028-01-01 00:00:00 +00:00"])
        #expect(try utc.fires("0 0 29 2 *", after: utc.date(2026, 3, 1), count: 1) == ["2028-02-29 00:00:00 +00:00"])
        #expect(try utc.fires("0 0 30 2 *", after: utc.date(2026, 3, 1), count: 1) == ["nil"])
    }

    @Test func springForwardGapFiresOnceAtGapEnd() throws {
        // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        #expect(try berlin.fires("30 2 * * *", after: berlin.date(2026, 3, 28, 12), count: 3)
            == ["2026-03-29 03:00:00 +02:00", "2026-03-30 02:30:00 +02:00", "2026-03-31 02:30:00 +02:00"])
        #expect(try berlin.fires("*/20 2-3 * * *", after: berlin.date(2026, 3, 29, 1, 50), count: 4)
            == ["2026-03-29 03:00:00 +02:00", "2026-03-29 03:20:00 +02:00", "2026-03-29 03:40:00 +02:00", "2026-03-30 02:00:00 +02:00"])
        // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT.
        #expect(try newYork.fires("15 2 * * *", after: newYork.date(2026, 3, 7, 12), count: 2)
            == ["2026-03-08 03:00:00 -04:00", "2026-03-09 02:15:00 -04:00"])
    }

    @Test func fallBackRepeatFiresOnceAtFirstOccurrence() throws {
        // Berlin 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:xx happens twice.
        #expect(try berlin.fires("30 2 * * *", after: berlin.date(2026, 10, 24, 12), count: 2)
            == ["2026-10-25 02:30:00 +02:00", "2026-10-26 02:30:00 +01:00"])
        #expect(try berlin.fires("0,30 * * * *", after: berlin.date(2026, 10, 25, 1, 45), count: 4)
            == ["2026-10-25 02:00:00 +02:00", "2026-10-25 02:30:00 +02:00", "2026-10-25 03:00:00 +01:00", "2026-10-25 03:30:00 +01:00"])
        // New York 2026-11-01: 02:00 EDT falls back to 01:00 EST.
        #expect(try newYork.fires("30 1 * * *", after: newYork.date(2026, 10, 31, 12), count: 2)
            == ["2026-11-01 01:30:00 -04:00", "2026-11-02 01:30:00 -05:00"])
        // Starting inside the second pass of the repeated hour skips what already fired.
        let expression = try CronExpression.parse("30 1 * * *")
        let start = Date(timeIntervalSince1970: 1_793_513_400)  // 2026-11-01 06:10:00Z = 01:10 EST
        #expect(newYork.text(expression.next(after: start, in: newYork.timeZone)) == "2026-11-02 01:30:00 -05:00")
    }
}
