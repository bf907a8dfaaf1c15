import Cron
import Testing

@Suite struct CronParseTests {
    @Test func acceptsCommonForms() throws {
        for text in ["*/15 * * * *", "0 2 * * *", "0 0 1,15 * MON-FRI", "0 9 ? JAN-mar sun", "0 0 L * ?",
                     "0 0 LW * ?", "0 0 15W * ?", "0 0 L-3 * ?", "0 0 ? * 5L", "0 0 ? * 6#3", "* * * * * *",
                     "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "0 22-2 * * 7"] {
            _ = try CronExpression.parse(text)
        }
        #expect(try CronExpression.parse("* * * * * *").hasSeconds)
        #expect(try !CronExpression.parse("@hourly").hasSeconds)
        #expect(try CronExpression.parse("@daily") == CronExpression.parse("0 0 * * *"))
        #expect(try CronExpression.parse("0 0 * * 7") == CronExpression.parse("0 0 * * 0"))
    }

    @Test func reportsErrorsWithPositions() {
        #expect(throws: CronError(message: "minute 61 is out of range 0–59", offset: 0, length: 2)) {
            try CronExpression.parse("61 * * * *")
        }
        #expect(throws: CronError(message: "expected 5 or 6 fields, found 4", offset: 0, length: 7)) {
            try CronExpression.parse("* * * *")
        }
        #expect(throws: CronError(message: "unknown month name `JNU`; did you mean `JUN`?", offset: 8, length: 3)) {
            try CronExpression.parse("0 0 1 1,JNU *")
        }
        #expect(throws: CronError(message: "hour 24 is out of range 0–23", offset: 4, length: 2)) {
            try CronExpression.parse("0 1-24 * * *")
        }
        #expect(throws: CronError(message: "`?` is only allowed in the day-of-month and day-of-week fields", offset: 2, length: 1)) {
            try CronExpression.parse("0 ? * * *")
        }
        #expect(throws: CronError(message: "step 0 is out of range 1–60", offset: 2, length: 1)) {
            try CronExpression.parse("*/0 * * * *")
        }
        #expect(throws: CronError(message: "occurrence `#n` 6 is out of range 1–5", offset: 12, length: 1)) {
            try CronExpression.parse("0 0 ? * FRI#6")
        }
        #expect(throws: (any Error).self) { try CronExpression.parse("@often") }
    }
}
