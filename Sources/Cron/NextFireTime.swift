import Foundation

extension CronExpression {
    /// The next fire time strictly after `date` in `timeZone`; nil if none within 5 years.
    ///
    /// The search walks local wall-clock times field by field (a non-matching month skips the
    /// whole month, and so on), so even a yearly expression takes a few dozen steps.
    /// Daylight saving time:
    /// - A wall-clock time that does not exist (the spring-forward gap) fires once, at the first
    ///   valid instant after the gap (the transition itself); several matching times inside one
    ///   gap collapse into that single firing.
    /// - A wall-clock time that occurs twice (fall-back) fires once, at its first occurrence.
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        // Strictly after `date`, at whole seconds.
        let startInstant = Int64((date.timeIntervalSince1970).rounded(.down)) + 1
        // The local wall-clock time of that instant: its offset, then plain arithmetic (a
        // Calendar costs more than the whole search; 10,000 schedules fire at once).
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(startInstant))))
        var wall = WallClock(secondsAsIfUTC: startInstant + offset)
        let lastYear = wall.year + 5

        while wall.year <= lastYear {
            guard let month = Self.nextValue(in: months, from: wall.month, through: 12) else {
                wall.startNextYear()
                continue
            }
            if month != wall.month { wall.startMonth(month) }

            let daysInMonth = Civil.daysInMonth(year: wall.year, month: wall.month)
            var matchingDay: Int?
            var day = wall.day
            while day <= daysInMonth {
                let weekday = Civil.weekday(year: wall.year, month: wall.month, day: day)
                if dayMatches(year: wall.year, month: wall.month, day: day, weekday: weekday) {
                    matchingDay = day
                    break
                }
                day += 1
            }
            guard let matchingDay else {
                wall.startNextMonth()
                continue
            }
            if matchingDay != wall.day { wall.startDay(matchingDay) }

            guard let hour = Self.nextValue(in: hours, from: wall.hour, through: 23) else {
                wall.startNextDay()
                continue
            }
            if hour != wall.hour { wall.startHour(hour) }
            guard let minute = Self.nextValue(in: minutes, from: wall.minute, through: 59) else {
                wall.startNextHour()
                continue
            }
            if minute != wall.minute { wall.startMinute(minute) }
            guard let second = Self.nextValue(in: seconds, from: wall.second, through: 59) else {
                wall.startNextMinute()
                continue
            }
            wall.second = second

            if let instant = Self.firstInstant(of: wall, in: timeZone), instant >= startInstant {
                return Date(timeIntervalSince1970: Double(instant))
            }
            // Already past (the second occurrence of a repeated time, or a gap already fired).
            wall.startNextSecond()
        }
        return nil
    }

    /// The smallest value ≥ `start` in `mask`, up to `maximum`.
    static func nextValue(in mask: UInt64, from start: Int, through maximum: Int) -> Int? {
        guard start <= maximum else { return nil }
        let remaining = mask >> UInt64(start)
        guard remaining != 0 else { return nil }
        let value = start + remaining.trailingZeroBitCount
        return value <= maximum ? value : nil
    }

    /// The first instant (seconds since 1970) whose local time in `timeZone` is `wall`; for a
    /// time inside a spring-forward gap, the end of the gap.
    static func firstInstant(of wall: WallClock, in timeZone: TimeZone) -> Int64? {
        let local = wall.secondsAsIfUTC
        // Offset changes are months apart, so the offsets 12 hours either side are the only ones
        // that can apply.
        let offsetBefore = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - 43_200))))
        let offsetAfter = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local + 43_200))))
        let candidates = [local - offsetBefore, local - offsetAfter].filter { instant in
            Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))) == local - instant
        }
        if let first = candidates.min() { return first }
        guard offsetAfter > offsetBefore else { return nil }
        // In the gap: find the transition, the first instant with the later offset, by bisection
        // in (local - offsetAfter, local - offsetBefore].
        var low = local - offsetAfter
        var high = local - offsetBefore
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(middle)))) == offsetAfter {
                high = middle
            } else {
                low = middle
            }
        }
        return high
    }
}

/// A local date and time, with carries that reset the smaller fields.
struct WallClock {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    /// The wall-clock time `seconds` after 1970-01-01T00:00:00 (local time read as if UTC).
    init(secondsAsIfUTC seconds: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = Int(seconds - days * 86_400)
        (year, month, day) = Civil.date(daysSinceEpoch: Int(days))
        (hour, minute, second) = (time / 3_600, time % 3_600 / 60, time % 60)
    }

    var secondsAsIfUTC: Int64 {
        let days = Int64(Civil.daysSinceEpoch(year: year, month: month, day: day))
        return days * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
    }

    mutating func startNextYear() {
        year += 1
        startMonth(1)
    }

    mutating func startMonth(_ value: Int) {
        month = value
        startDay(1)
    }

    mutating func startNextMonth() {
        if month == 12 { startNextYear() } else { startMonth(month + 1) }
    }

    mutating func startDay(_ value: Int) {
        day = value
        startHour(0)
    }

    mutating func startNextDay() {
        if day >= Civil.daysInMonth(year: year, month: month) { startNextMonth() } else { startDay(day + 1) }
    }

    mutating func startHour(_ value: Int) {
        hour = value
        startMinute(0)
    }

    mutating func startNextHour() {
        if hour == 23 { startNextDay() } else { startHour(hour + 1) }
    }

    mutating func startMinute(_ value: Int) {
        minute = value
        second = 0
    }

    mutating func startNextMinute() {
        if minute == 59 { startNextHour() } else { startMinute(minute + 1) }
    }

    mutating func startNextSecond() {
        if second == 59 { startNextMinute() } else { second += 1 }
    }
}

/// Proleptic Gregorian calendar arithmetic on plain integers.
enum Civil {
    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func date(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Sunday … 6 = Saturday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
    }

    /// The weekday (Monday–Friday) nearest to day `target`, without leaving the month (Quartz `W`).
    static func nearestWeekday(to target: Int, year: Int, month: Int) -> Int {
        let last = daysInMonth(year: year, month: month)
        switch weekday(year: year, month: month, day: target) {
        case 6: return target == 1 ? 3 : target - 1  // Saturday → Friday, or Monday the 3rd
        case 0: return target == last ? target - 2 : target + 1  // Sunday → Monday, or Friday
        default: return target
        }
    }
}
