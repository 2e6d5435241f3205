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
        // Fields wider than their digits, negative, and the largest: as printf writes them.
        for fields in [(0, 1, 1, 0, 0, 0), (-5, 12, 31, 23, 59, 59), (12_345, 123, 7, 100, -1, 60), (Int.max, Int.min, 0, 0, 0, 0)] {
            let time = LocalDateTime(year: fields.0, month: fields.1, day: fields.2, hour: fields.3, minute: fields.4, second: fields.5)
            let (y, mo, d, h, mi, s) = fields
            #expect(time.description == String(format: "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld", y, mo, d, h, mi, s))
            #expect(time.icalText == String(format: "%04ld%02ld%02ldT%02ld%02ld%02ld", y, mo, d, h, mi, s))
            #expect(time.dateText == String(format: "%04ld-%02ld-%02ld", y, mo, d))
        }
        #expect(Int.min.zeroPadded(25) == String(format: "%025ld", Int.min))
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

    /// Every instant a zone's clock reads `local` at (from each offset it uses within a day and a
    /// half), the first of them; none (a skipped time): moved forward by the gap, i.e. read with
    /// the offset in force before it.
    func firstInstant(_ local: LocalDateTime, in zone: TimeZone) -> Date {
        let asUTC = Date(timeIntervalSince1970: Double(LocalDateTime.daysFromCivil(local.year, local.month, local.day)) * 86_400
            + Double(local.hour * 3_600 + local.minute * 60 + local.second))
        let offsets = Set(stride(from: -36, through: 36, by: 1).map {
            TimeInterval(zone.secondsFromGMT(for: asUTC.addingTimeInterval(Double($0) * 3_600)))
        })
        let readings = offsets.map { asUTC.addingTimeInterval(-$0) }.filter { LocalDateTime($0, in: zone) == local }
        return readings.min() ?? asUTC.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: asUTC.addingTimeInterval(-43_200))))
    }

    @Test func wallClockTimesNearEveryTransitionAreReadAsTheirFirstInstant() throws {
        // Zones whose changes are an hour, half an hour (Lord Howe), at midnight (Santiago), more
        // than 12 hours ahead of UTC (Auckland, Chatham, Apia), or a whole day (Apia, 2011);
        // fifteen-minute steps through a day either side of each change.
        let zones = ["Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "America/Santiago", "Pacific/Auckland",
                     "Pacific/Chatham", "Pacific/Apia", "America/Los_Angeles"]
        var checked = 0
        for name in zones {
            let zone = try #require(TimeZone(identifier: name))
            var transition = Date(timeIntervalSince1970: 1_293_840_000)  // 2011-01-01
            for _ in 0..<6 {
                guard let next = zone.nextDaylightSavingTimeTransition(after: transition) else { break }
                transition = next
                for step in stride(from: -26 * 4, through: 26 * 4, by: 1) {
                    let local = LocalDateTime(transition.addingTimeInterval(Double(step) * 900), in: zone)
                    #expect(local.instant(in: zone) == firstInstant(local, in: zone), "\(name) \(local)")
                    checked += 1
                }
            }
        }
        let apia = try #require(TimeZone(identifier: "Pacific/Apia"))
        let skippedDay = LocalDateTime(year: 2011, month: 12, day: 30, hour: 10)
        #expect(skippedDay.instant(in: apia) == firstInstant(skippedDay, in: apia))
        #expect(checked > 7_000)
    }
}
