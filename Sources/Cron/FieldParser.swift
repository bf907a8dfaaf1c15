/// What a cron field accepts.
struct FieldKind {
    let name: String
    let minimum: Int
    let maximum: Int
    let names: [String]

    static let second = FieldKind(name: "second", minimum: 0, maximum: 59, names: [])
    static let minute = FieldKind(name: "minute", minimum: 0, maximum: 59, names: [])
    static let hour = FieldKind(name: "hour", minimum: 0, maximum: 23, names: [])
    static let dayOfMonth = FieldKind(name: "day of month", minimum: 1, maximum: 31, names: [])
    /// `names[i]` is the month `i + 1`.
    static let month = FieldKind(
        name: "month", minimum: 1, maximum: 12,
        names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
    /// `names[i]` is weekday `i`; 7 is Sunday again.
    static let dayOfWeek = FieldKind(
        name: "day of week", minimum: 0, maximum: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])
}

/// Parses one field, keeping character offsets for error messages.
struct FieldParser {
    let text: Substring
    let offset: Int

    /// A comma-separated list of `*`, values, ranges and steps, as a bit set of values.
    func plainField(_ kind: FieldKind) throws(CronError) -> UInt64 {
        var mask: UInt64 = 0
        for (item, itemOffset) in items() {
            mask |= try parseItem(item, at: itemOffset, kind: kind, allowQuestionMark: false)
        }
        return mask
    }

    func dayOfMonthField() throws(CronError) -> DayOfMonthField {
        var field = DayOfMonthField()
        // As in Vixie cron: a field that starts with `*` (`*/2` too) does not restrict the day.
        field.isRestricted = !text.hasPrefix("*") && text != "?"
        for (item, itemOffset) in items() {
            let upper = item.uppercased()
            if upper == "L" {
                field.lastDay = true
            } else if upper == "LW" {
                field.lastWeekday = true
            } else if upper.hasPrefix("L-") {
                let days = try number(item.dropFirst(2), at: itemOffset + 2, kind: .dayOfMonth, range: 0...30,
                                      what: "days before the last day")
                field.daysBeforeLast.insert(days)
            } else if upper.hasSuffix("W"), upper.count > 1 {
                let day = try number(item.dropLast(), at: itemOffset, kind: .dayOfMonth, range: 1...31,
                                     what: "day of month")
                field.nearestWeekdays.insert(day)
            } else {
                field.days |= try parseItem(item, at: itemOffset, kind: .dayOfMonth, allowQuestionMark: true)
            }
        }
        return field
    }

    func dayOfWeekField() throws(CronError) -> DayOfWeekField {
        var field = DayOfWeekField()
        // As in Vixie cron: a field that starts with `*` (`*/2` too) does not restrict the day.
        field.isRestricted = !text.hasPrefix("*") && text != "?"
        for (item, itemOffset) in items() {
            if let hash = item.firstIndex(of: "#") {
                let weekday = try value(item[..<hash], at: itemOffset, kind: .dayOfWeek) % 7
                let ordinalText = item[item.index(after: hash)...]
                let ordinal = try number(ordinalText, at: itemOffset + item.distance(from: item.startIndex, to: hash) + 1,
                                         kind: .dayOfWeek, range: 1...5, what: "occurrence `#n`")
                field.nthOfMonth.insert(weekday * 10 + ordinal)
            } else if item.uppercased().hasSuffix("L"), item.count > 1 {
                field.lastOfMonth.insert(try value(item.dropLast(), at: itemOffset, kind: .dayOfWeek) % 7)
            } else {
                var mask = try parseItem(item, at: itemOffset, kind: .dayOfWeek, allowQuestionMark: true)
                if mask & (1 << 7) != 0 { mask = (mask & ~(1 << 7)) | 1 }  // 7 is Sunday
                field.weekdays |= mask
            }
        }
        return field
    }

    /// The comma-separated items with their offsets.
    private func items() -> [(Substring, Int)] {
        var result: [(Substring, Int)] = []
        var itemOffset = offset
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            result.append((item, itemOffset))
            itemOffset += item.count + 1
        }
        return result
    }

    /// `*`, `?`, `a`, `a-b`, each optionally followed by `/step`.
    private func parseItem(_ item: Substring, at itemOffset: Int, kind: FieldKind, allowQuestionMark: Bool)
        throws(CronError) -> UInt64
    {
        guard !item.isEmpty else {
            throw CronError(message: "empty item in the \(kind.name) field", offset: itemOffset, length: max(1, text.count))
        }
        var base = item
        var step = 1
        if let slash = item.firstIndex(of: "/") {
            base = item[..<slash]
            let stepOffset = itemOffset + item.distance(from: item.startIndex, to: slash) + 1
            step = try number(item[item.index(after: slash)...], at: stepOffset, kind: kind,
                              range: 1...(kind.maximum - kind.minimum + 1), what: "step")
        }
        var first = kind.minimum
        var last = kind.maximum
        if base == "?" && !allowQuestionMark {
            throw CronError(message: "`?` is only allowed in the day-of-month and day-of-week fields",
                            offset: itemOffset, length: 1)
        }
        if base != "*" && base != "?" {
            if let dash = base.firstIndex(of: "-") {
                first = try value(base[..<dash], at: itemOffset, kind: kind)
                last = try value(base[base.index(after: dash)...],
                                 at: itemOffset + base.distance(from: base.startIndex, to: dash) + 1, kind: kind)
            } else {
                first = try value(base, at: itemOffset, kind: kind)
                // `a/n` runs from a to the maximum; a plain value is just itself.
                last = item.contains("/") ? kind.maximum : first
            }
        }
        // A range whose start is past its end wraps around the field (Quartz: `22-2`).
        let width = kind.maximum - kind.minimum + 1
        let count = first <= last ? last - first + 1 : width - (first - last) + 1
        var mask: UInt64 = 0
        var index = 0
        while index < count {
            let value = kind.minimum + (first - kind.minimum + index) % width
            mask |= 1 << UInt64(value)
            index += step
        }
        return mask
    }

    /// A number or a name, range-checked against the field.
    private func value(_ token: Substring, at tokenOffset: Int, kind: FieldKind) throws(CronError) -> Int {
        if let first = token.first, first.isLetter, !kind.names.isEmpty {
            let upper = token.uppercased()
            if let index = kind.names.firstIndex(of: upper) {
                return index + kind.minimum
            }
            var message = "unknown \(kind.name) name `\(token)`"
            if let suggestion = Self.suggestion(for: upper, among: kind.names) {
                message += "; did you mean `\(suggestion)`?"
            }
            throw CronError(message: message, offset: tokenOffset, length: token.count)
        }
        return try number(token, at: tokenOffset, kind: kind, range: kind.minimum...kind.maximum, what: kind.name)
    }

    private func number(_ token: Substring, at tokenOffset: Int, kind: FieldKind, range: ClosedRange<Int>, what: String)
        throws(CronError) -> Int
    {
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(token) else {
            let shown = token.isEmpty ? "nothing" : "`\(token)`"
            throw CronError(message: "expected a number for the \(what) in the \(kind.name) field, found \(shown)",
                            offset: tokenOffset, length: max(1, token.count))
        }
        guard range.contains(number) else {
            throw CronError(message: "\(what) \(number) is out of range \(range.lowerBound)–\(range.upperBound)",
                            offset: tokenOffset, length: token.count)
        }
        return number
    }

    /// A name with the same letters (`JNU` → `JUN`), else one within edit distance 1.
    static func suggestion(for word: String, among names: [String]) -> String? {
        if let anagram = names.first(where: { $0.sorted() == word.sorted() }) { return anagram }
        return names.first { editDistance($0, word) <= 1 }
    }

    static func editDistance(_ left: String, _ right: String) -> Int {
        let left = Array(left)
        let right = Array(right)
        var previous = Array(0...right.count)
        for (row, leftCharacter) in left.enumerated() {
            var current = [row + 1]
            for (column, rightCharacter) in right.enumerated() {
                current.append(min(previous[column + 1] + 1, current[column] + 1,
                                   previous[column] + (leftCharacter == rightCharacter ? 0 : 1)))
            }
            previous = current
        }
        return previous[right.count]
    }
}
