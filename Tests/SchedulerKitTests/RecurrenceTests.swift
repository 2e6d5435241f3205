import Foundation
import Testing

@testable import SchedulerKit

@Suite("recurrence expansion with libical")
struct RecurrenceTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let start = LocalDateTime(year: 2027, month: 1, day: 29, hour: 9)

    func starts(_ rule: String, from: LocalDateTime? = nil, limit: Int = 10) throws -> [String] {
        try Recurrence.parse(rule, zone: berlin).starts(from: from ?? start, zone: berlin, through: nil, limit: limit).map(\.description)
    }

    @Test func timesAreWrittenWithFixedWidthFields() {
        for (number, width) in [(0, 2), (7, 2), (42, 2), (123, 2), (5, 4), (2026, 4), (-5, 4), (-12345, 4)] {
            #expect(number.zeroPadded(width) == String(format: "%0\(width)d", number), "\(number) \(width)")
        }
        let time = LocalDateTime(year: 2030, month: 1, day: 7, hour: 9, minute: 5, second: 3)
        #expect(time.description == "2030-01-07T09:05:03")
        #expect(time.icalText == "20300107T090503")
        #expect(time.dateText == "2030-01-07")
        #expect(RFC3339.string(time.instant(in: TimeZone(identifier: "America/St_Johns")!), in: TimeZone(identifier: "America/St_Johns")!)
            == "2030-01-07T09:05:03-03:30")
    }

    @Test(arguments: [
        ("2026-12-01T09:00:00Z", 1_796_115_600.0), ("2026-12-01T09:00:00+01:00", 1_796_112_000),
        ("2026-12-01T09:00-05:30", 1_796_135_400), ("1999-12-31T23:59:59-00:00", 946_684_799),
        ("2028-02-29T12:00:00+14:00", 1_835_388_000), ("2026-12-01t09:00:00z", 1_796_115_600),
        ("2026-12-01 09:00:00Z", 1_796_115_600), ("2026-12-01T09:00:00.5Z", 1_796_115_600.5),
        ("2026-12-01T09:00:00.250+01:00", 1_796_112_000.25),
    ])
    func rfc3339TimesAreParsedByHand(text: String, seconds: Double) {
        #expect(RFC3339.parse(text)?.timeIntervalSince1970 == seconds, "\(text)")
    }

    @Test(arguments: [
        "", "Z", "+01:00", "2026-12-01", "2026-12-01T09:00:00", "2026-13-01T09:00:00Z", "2026-02-29T09:00:00Z",
        "2026-12-01T24:00:00Z", "2026-12-01T09:60:00Z", "2026-12-01T09:00:00+24:00", "2026-12-01T09:00:00+01:60",
        "2026-12-01T09:00:00+0100", "2026-12-01T09:00:00+01:0x", "2026-12-01T09:00:00.Z", "2026-12-01T09:00.5Z",
        "2026-12-01T09:00:00.5x5Z", "20261201T090000Z", " 2026-12-01T09:00:00Z", "2026-12-01T09:00:00Z ",
        "2026-12-01X09:00:00Z", "2026-12-1T09:00:00Z", "\u{0}2026-12-01T09:00:00Z",
    ])
    func malformedRFC3339TimesAreRefused(text: String) {
        #expect(RFC3339.parse(text) == nil, "\(text)")
    }

    @Test func daily() throws {
        #expect(try starts("FREQ=DAILY;COUNT=3") == ["2027-01-29T09:00:00", "2027-01-30T09:00:00", "2027-01-31T09:00:00"])
    }

    @Test func weeklyWithInterval() throws {
        #expect(try starts("FREQ=WEEKLY;INTERVAL=2;COUNT=3") == ["2027-01-29T09:00:00", "2027-02-12T09:00:00", "2027-02-26T09:00:00"])
    }

    @Test func monthlySkipsMonthsWithoutTheDay() throws {
        let from = LocalDateTime(year: 2027, month: 1, day: 31, hour: 9)
        #expect(try starts("FREQ=MONTHLY;COUNT=3", from: from) == ["2027-01-31T09:00:00", "2027-03-31T09:00:00", "2027-05-31T09:00:00"])
    }

    @Test func yearly() throws {
        #expect(try starts("FREQ=YEARLY;COUNT=2") == ["2027-01-29T09:00:00", "2028-01-29T09:00:00"])
    }

    @Test func untilIsInclusiveAndStoredInUTC() throws {
        let rule = try Recurrence.simple(
            frequency: "daily", interval: nil, count: nil,
            until: LocalDateTime(year: 2027, month: 1, day: 31, hour: 23, minute: 59, second: 59), zone: berlin)
        #expect(rule.rule.contains("UNTIL=20270131T225959Z"))
        #expect(rule.starts(from: start, zone: berlin, through: nil, limit: 10).count == 3)
        #expect(!rule.isOpenEnded)
    }

    @Test func weeklyAcrossTheSpringDSTChangeKeepsTheLocalTime() throws {
        let from = LocalDateTime(year: 2027, month: 3, day: 22, hour: 9)
        let rule = try Recurrence.parse("FREQ=WEEKLY;COUNT=2", zone: berlin)
        let local = rule.starts(from: from, zone: berlin, through: nil, limit: 5)
        #expect(local.map(\.hour) == [9, 9])
        let utc = local.map { RFC3339.string($0.instant(in: berlin), in: TimeZone(identifier: "UTC")!) }
        #expect(utc == ["2027-03-22T08:00:00Z", "2027-03-29T07:00:00Z"])
    }

    @Test func openEndedSeriesStopAtTheWindow() throws {
        let rule = try Recurrence.parse("FREQ=DAILY", zone: berlin)
        #expect(rule.isOpenEnded)
        let through = LocalDateTime(year: 2027, month: 2, day: 2, hour: 12).instant(in: berlin)
        #expect(rule.starts(from: start, zone: berlin, through: through, limit: 100).count == 5)
    }

    @Test(arguments: ["FREQ=SOMETIMES", "FREQ=DAILY;COUNT=x", "FREQ=MINUTELY", "BYDAY=MO", "FREQ=DAILY;INTERVAL=0"])
    func invalidRulesAreRejected(rule: String) {
        #expect(throws: CmschedError.self) { try Recurrence.parse(rule, zone: berlin) }
    }

    @Test func aTimeSkippedByDSTMovesForward() {
        let skipped = LocalDateTime(year: 2027, month: 3, day: 28, hour: 2, minute: 30)
        let instant = skipped.instant(in: berlin)
        #expect(LocalDateTime(instant, in: berlin).hour == 3)
    }
}
