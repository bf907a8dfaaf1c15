/// A parsed cron expression.
///
/// Syntax: 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first). Each field
/// takes `*`, values, lists `a,b`, ranges `a-b` (a range whose start is greater than its end wraps
/// around, as in Quartz: hours `22-2` are 22,23,0,1,2), steps `*/n`, `a-b/n`, `a/n` (from `a` to
/// the field's maximum). Months take `JAN`–`DEC`, weekdays `SUN`–`SAT` (case-insensitive);
/// weekday 0 and 7 are both Sunday. `?` (day fields only) means "no restriction". Macros:
/// `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`.
/// Quartz extensions: day-of-month `L` (last day), `LW` (last weekday), `L-3` (3 days before the
/// last), `15W` (weekday nearest the 15th, within the month); day-of-week `5L` (last Friday),
/// `5#3` (third Friday). Weekdays use the same numbers everywhere (0 = Sunday, 5 = Friday),
/// so Quartz's 1-based `6#3` is written `5#3` or `FRI#3` here.
///
/// Day matching follows Vixie cron: when both day fields are restricted (neither starts with `*`
/// nor is `?`), a day matches if *either* matches; otherwise only the restricted one counts.
public struct CronExpression: Sendable, Hashable {
    /// Whether the expression has a leading seconds field (6 fields).
    public let hasSeconds: Bool
    let seconds: UInt64
    let minutes: UInt64
    let hours: UInt64
    let daysOfMonth: DayOfMonthField
    let months: UInt64
    let daysOfWeek: DayOfWeekField

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Parses `text`; errors carry the offset and length of the offending field or token.
    public static func parse(_ text: String) throws(CronError) -> CronExpression {
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.hasPrefix("@") {
            let macro = String(trimmed.prefix { !$0.isWhitespace })
            let start = text.count - trimmed.count
            guard let expansion = macros[macro.lowercased()] else {
                throw CronError(
                    message: "unknown macro `\(macro)`; expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly",
                    offset: start, length: macro.count)
            }
            guard trimmed.dropFirst(macro.count).allSatisfy(\.isWhitespace) else {
                throw CronError(message: "a macro must stand alone", offset: start, length: trimmed.count)
            }
            return try parse(expansion)
        }

        var fields: [(text: Substring, offset: Int)] = []
        var offset = 0
        var current: (start: String.Index, offset: Int)?
        for index in text.indices {
            if text[index].isWhitespace {
                if let field = current { fields.append((text[field.start..<index], field.offset)) }
                current = nil
            } else if current == nil {
                current = (index, offset)
            }
            offset += 1
        }
        if let field = current { fields.append((text[field.start...], field.offset)) }
        guard fields.count == 5 || fields.count == 6 else {
            throw CronError(message: "expected 5 or 6 fields, found \(fields.count)", offset: 0, length: text.count)
        }

        let hasSeconds = fields.count == 6
        let shift = hasSeconds ? 1 : 0
        func field(_ number: Int) -> FieldParser {
            FieldParser(text: fields[number + shift].text, offset: fields[number + shift].offset)
        }
        let seconds = hasSeconds
            ? try FieldParser(text: fields[0].text, offset: fields[0].offset).plainField(.second)
            : 1
        return CronExpression(
            hasSeconds: hasSeconds,
            seconds: seconds,
            minutes: try field(0).plainField(.minute),
            hours: try field(1).plainField(.hour),
            daysOfMonth: try field(2).dayOfMonthField(),
            months: try field(3).plainField(.month),
            daysOfWeek: try field(4).dayOfWeekField())
    }

    /// Whether the day `day` of `month`/`year` (weekday 0 = Sunday) matches both day fields as
    /// Vixie cron combines them.
    func dayMatches(year: Int, month: Int, day: Int, weekday: Int) -> Bool {
        let lastDay = Civil.daysInMonth(year: year, month: month)
        switch (daysOfMonth.isRestricted, daysOfWeek.isRestricted) {
        case (true, true):
            return daysOfMonth.matches(year: year, month: month, day: day, lastDay: lastDay)
                || daysOfWeek.matches(day: day, weekday: weekday, lastDay: lastDay)
        case (true, false):
            return daysOfMonth.matches(year: year, month: month, day: day, lastDay: lastDay)
        case (false, true):
            return daysOfWeek.matches(day: day, weekday: weekday, lastDay: lastDay)
        case (false, false):
            return true
        }
    }
}

/// Why a cron expression is invalid.
public struct CronError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for example "minute 61 is out of range 0–59".
    public let message: String
    /// Character offset of the bad field or token in the text.
    public let offset: Int
    /// Its length in characters.
    public let length: Int

    /// Creates an error.
    public init(message: String, offset: Int, length: Int) {
        self.message = message
        self.offset = offset
        self.length = length
    }

    public var description: String { "\(message) (at character \(offset))" }
}

/// Day-of-month field: a set of days plus the Quartz `L`, `LW`, `L-n` and `nW` forms.
struct DayOfMonthField: Hashable, Sendable {
    var days: UInt64 = 0
    var lastDay = false
    var lastWeekday = false
    var daysBeforeLast: Set<Int> = []
    var nearestWeekdays: Set<Int> = []
    var isRestricted = true

    func matches(year: Int, month: Int, day: Int, lastDay last: Int) -> Bool {
        if days & (1 << UInt64(day)) != 0 { return true }
        if lastDay && day == last { return true }
        if daysBeforeLast.contains(last - day) { return true }
        if lastWeekday && day == Civil.nearestWeekday(to: last, year: year, month: month) { return true }
        for target in nearestWeekdays where target <= last {
            if day == Civil.nearestWeekday(to: target, year: year, month: month) { return true }
        }
        return false
    }
}

/// Day-of-week field: a set of weekdays (0 = Sunday) plus the Quartz `nL` and `n#k` forms.
struct DayOfWeekField: Hashable, Sendable {
    var weekdays: UInt64 = 0
    var lastOfMonth: Set<Int> = []
    /// `weekday * 10 + k` for `weekday#k`.
    var nthOfMonth: Set<Int> = []
    var isRestricted = true

    func matches(day: Int, weekday: Int, lastDay: Int) -> Bool {
        if weekdays & (1 << UInt64(weekday)) != 0 { return true }
        if lastOfMonth.contains(weekday) && day + 7 > lastDay { return true }
        return nthOfMonth.contains(weekday * 10 + (day - 1) / 7 + 1)
    }
}
