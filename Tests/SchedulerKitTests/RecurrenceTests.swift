import Foundation
import CICal
import CallBridgeSim
import Testing
import TestSupport

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

    /// Rule shapes for the skip-ahead check: every frequency a meeting may have, intervals, BY
    /// parts that expand or limit, positions, BYSETPOS, WKST; some with UNTIL or COUNT (no skip).
    static let ruleShapes = [
        "", ";BYDAY=MO,WE,FR", ";BYDAY=TU", ";BYMONTHDAY=1,15,31", ";BYDAY=-1FR", ";BYDAY=2TU,4TH", ";BYDAY=1MO,-1MO",
        ";BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", ";BYMONTH=2,6,11", ";BYMONTH=3;BYDAY=-1SU", ";BYDAY=SA,SU;WKST=SU",
        ";BYMONTHDAY=-1", ";BYDAY=MO;BYMONTH=1,7", ";BYHOUR=9,15", ";WKST=MO;BYDAY=SU,TH", ";BYYEARDAY=100,200",
        ";BYMONTHDAY=29", ";BYSETPOS=2;BYDAY=MO,TU", ";BYMONTH=1,4;BYMONTHDAY=10,20", ";BYDAY=FR;BYMONTHDAY=13",
        ";BYDAY=MO;BYHOUR=8,17", ";BYHOUR=7,19;BYMINUTE=0,30", ";BYSECOND=0,30", ";UNTIL=20310101T000000Z", ";COUNT=400",
    ]

    static let frequencies = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY"]

    /// How many random rules the property tests try (40 per case of `CMSCHED_PROPERTY_CASES`, 4
    /// by default), and the seed (`CMSCHED_PROPERTY_SEED`: a number, or `random`).
    static func propertyRun() -> (rules: Int, seed: UInt64) {
        let environment = ProcessInfo.processInfo.environment
        let seedText = environment["CMSCHED_PROPERTY_SEED"] ?? "20261203"
        let seed = seedText == "random" ? UInt64(Date().timeIntervalSince1970) : UInt64(seedText) ?? 20_261_203
        return (40 * (Int(environment["CMSCHED_PROPERTY_CASES"] ?? "") ?? 4), seed)
    }

    /// Most of the rules were compared, and some but not all of them took the short way.
    /// How many random rules a property test compared, and how many of them took the short way.
    struct StepTally {
        private var compared = 0, skipped = 0

        /// One rule compared: `short` the steps of the way under test, `long` those of stepping.
        mutating func record(short: Int, long: Int) {
            compared += 1
            if short < long { skipped += 1 }
        }

        /// Both kinds were met: most rules were compared, and some but not all took the short way.
        func expectBothKinds(rules: Int, seed: UInt64) {
            #expect(compared > rules * 3 / 4, "seed \(seed)")
            #expect(skipped > rules / 4 && skipped < compared, "seed \(seed): \(skipped) of \(compared) took the short way")
        }
    }

    @Test func skippingAheadGivesTheOccurrencesSteppingWould() throws {
        // Random rules, first starts (2020–2023, on month ends too) and windows up to four years
        // later, in zones with DST, half-hour offsets, south of the equator and across the date
        // line: skipping ahead and stepping from the first occurrence must both give what is asked for.
        let (rules, seed) = Self.propertyRun()
        var random = SplitMix64(seed: seed)
        let zones = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Apia", "Pacific/Chatham"]
        var tally = StepTally()
        for _ in 0..<rules {
            let frequency = Self.frequencies.randomElement(using: &random)!
            let interval = Int.random(in: 1...(frequency == "HOURLY" ? 30 : 4), using: &random)
            // HOURLY (never skipped) plainly: with a limiting BY part libical steps through every hour.
            let shape = frequency == "HOURLY" ? "" : Self.ruleShapes.randomElement(using: &random)!
            // libical finds no occurrence of a DAILY rule with a day counted from the end or a
            // positioned weekday, and searches for a second before saying so.
            if frequency == "DAILY", shape.contains("-1") || shape.contains("2TU") || shape.contains("1MO") { continue }
            let text = "FREQ=\(frequency);INTERVAL=\(interval)" + shape
            let zone = TimeZone(identifier: zones.randomElement(using: &random)!)!
            guard let rule = try? Recurrence.parse(text, zone: zone) else { continue }
            let year = Int.random(in: 2020...2023, using: &random), month = Int.random(in: 1...12, using: &random)
            let day = Bool.random(using: &random) ? Int.random(in: 1...28, using: &random) : [29, 30, 31].randomElement(using: &random)!
            guard let first = LocalDateTime(date: String(format: "%04d-%02d-%02d", year, month, day)) ?? LocalDateTime(
                date: String(format: "%04d-%02d-28", year, month)) else { continue }
            let start = LocalDateTime(year: first.year, month: first.month, day: first.day,
                hour: Int.random(in: 0...23, using: &random), minute: 15 * Int.random(in: 0...3, using: &random))
            let span = frequency == "HOURLY" ? 6 * 86_400.0 : 4 * 366 * 86_400.0
            let notBefore = start.instant(in: zone).addingTimeInterval(Double.random(in: -86_400...span, using: &random))
            let through = notBefore.addingTimeInterval(Double.random(in: 0...(90 * 86_400), using: &random))
            let limit = Int.random(in: 1...40, using: &random)
            let skipping = rule.expand(from: start, zone: zone, notBefore: notBefore, through: through, limit: limit, skippingAhead: true)
            let stepping = rule.expand(from: start, zone: zone, notBefore: notBefore, through: through, limit: limit, skippingAhead: false)
            // What is asked for: every occurrence up to `through`, those before `notBefore` dropped, the first `limit`.
            let wanted = rule.starts(from: start, zone: zone, through: through, limit: .max)
                .filter { $0.instant(in: zone) >= notBefore }.prefix(limit)
            let context = "seed \(seed): \(text) from \(start) in \(zone.identifier), not before \(notBefore)"
            #expect(skipping.starts == Array(wanted), "\(context)")
            #expect(stepping.starts == Array(wanted), "\(context)")
            tally.record(short: skipping.steps, long: stepping.steps)
        }
        // Both kinds were met: rules that skip, and rules (COUNT, HOURLY, positions in WEEKLY) that step.
        tally.expectBothKinds(rules: rules, seed: seed)
    }

    @Test func aLongRunningSeriesIsNotSteppedFromItsFirstDay() throws {
        // A daily series ten years old: the week asked for costs a few steps, not 3,650.
        let rule = try Recurrence.parse("FREQ=DAILY", zone: berlin)
        let from = LocalDateTime(year: 2037, month: 1, day: 29, hour: 0).instant(in: berlin)
        let week = rule.expand(
            from: start, zone: berlin, notBefore: from, through: from.addingTimeInterval(7 * 86_400), limit: 100, skippingAhead: true)
        #expect(week.starts.map(\.description).first == "2037-01-29T09:00:00")
        #expect(week.starts.count == 7)
        #expect(week.steps < 20)
        #expect(Recurrence.skipsAhead(icalrecurrencetype_from_string("FREQ=WEEKLY;UNTIL=20300101T000000Z")))
        for unsafe in ["FREQ=WEEKLY;COUNT=5", "FREQ=HOURLY", "FREQ=WEEKLY;BYDAY=2TU", "FREQ=DAILY;BYDAY=-1FR"] {
            #expect(!Recurrence.skipsAhead(icalrecurrencetype_from_string(unsafe)), "\(unsafe)")
        }
        #expect(Recurrence.skipsAhead(icalrecurrencetype_from_string("FREQ=MONTHLY;BYDAY=2TU")))
    }

    @Test func aCountedSeriesEnteredAtItsLastStartGivesTheOccurrencesSteppingWould() throws {
        // Random rules with a COUNT, some of their last occurrences cancelled, and the last start
        // the store's window gives, hours off as if the zone's rules had changed since: entered
        // near the window, each must give what stepping through the COUNT gives, exceptions dropped.
        let (rules, seed) = Self.propertyRun()
        var random = SplitMix64(seed: seed)
        let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia", "America/Santiago"]
        // Days named twice in a month or year: libical may give such a day twice, and count it twice.
        let shapes = Self.ruleShapes.filter { !$0.contains("UNTIL") && !$0.contains("COUNT") }
            + [";BYMONTHDAY=1,-31", ";BYDAY=1MO,-5MO", ";BYYEARDAY=1,-365"]
        var tally = StepTally()
        for _ in 0..<rules {
            let frequency = Self.frequencies.randomElement(using: &random)!
            let shape = frequency == "HOURLY" ? "" : shapes.randomElement(using: &random)!
            if frequency == "DAILY", shape.contains("-1") || shape.contains("2TU") || shape.contains("1MO") { continue }
            let count = Int.random(in: 1...(frequency == "YEARLY" ? 40 : 600), using: &random)
            let text = "FREQ=\(frequency);INTERVAL=\(Int.random(in: 1...3, using: &random))\(shape);COUNT=\(count)"
            let zone = TimeZone(identifier: zones.randomElement(using: &random)!)!
            guard let rule = try? Recurrence.parse(text, zone: zone) else { continue }
            let start = LocalDateTime(year: Int.random(in: 2024...2027, using: &random), month: Int.random(in: 1...12, using: &random),
                day: Int.random(in: 1...28, using: &random), hour: Int.random(in: 0...23, using: &random), minute: 30)
            let every = rule.starts(from: start, zone: zone, through: nil, limit: .max)
            guard !every.isEmpty else { continue }
            // Up to three of the last occurrences cancelled, and one at random.
            var cancelled = Set(every.suffix(Int.random(in: 0...3, using: &random)))
            cancelled.insert(every.randomElement(using: &random)!)
            guard let lastKept = every.last(where: { !cancelled.contains($0) }) else { continue }
            let drift = Double.random(in: -5 * 3_600...5 * 3_600, using: &random)
            let lastStart = lastKept.instant(in: zone).addingTimeInterval(drift)
            let first = every[0].instant(in: zone), end = every.last!.instant(in: zone)
            let notBefore = first.addingTimeInterval(Double.random(in: -86_400...(end.timeIntervalSince(first) + 86_400), using: &random))
            let through = notBefore.addingTimeInterval(Double.random(in: 0...(60 * 86_400), using: &random))
            let limit = Int.random(in: 1...40, using: &random)
            let entered = rule.expand(
                from: start, zone: zone, notBefore: notBefore, through: through, limit: .max, lastStart: lastStart, skippingAhead: true)
            let stepped = rule.expand(from: start, zone: zone, notBefore: notBefore, through: through, limit: .max, skippingAhead: false)
            let context = "seed \(seed): \(text) from \(start) in \(zone.identifier), not before \(notBefore), drift \(drift)"
            #expect(
                entered.starts.filter { !cancelled.contains($0) }.prefix(limit) == stepped.starts.filter { !cancelled.contains($0) }.prefix(limit),
                "\(context)")
            tally.record(short: entered.steps, long: stepped.steps)
        }
        // Both kinds were met: rules entered near the window, and rules (BYHOUR, HOURLY) stepped.
        tally.expectBothKinds(rules: rules, seed: seed)
    }

    @Test func aLongCountedSeriesIsNotSteppedFromItsFirstDay() throws {
        // A daily series of 3,650 occurrences, listed in its last week: a few steps, not 3,640.
        let rule = try Recurrence.parse("FREQ=DAILY;COUNT=3650", zone: berlin)
        let lastStart = LocalDateTime(year: 2037, month: 1, day: 25, hour: 9).instant(in: berlin)
        #expect(rule.starts(from: start, zone: berlin, through: nil, limit: .max).last?.instant(in: berlin) == lastStart)
        let from = LocalDateTime(year: 2037, month: 1, day: 22, hour: 0).instant(in: berlin)
        let week = from.addingTimeInterval(7 * 86_400)
        // Counted (a plain rule), and through libical entered at the last start.
        for counted in [true, false] {
            let entered = rule.expand(from: start, zone: berlin, notBefore: from, through: week, limit: 100, lastStart: lastStart,
                skippingAhead: true, plainRulesCounted: counted)
            let stepped = rule.expand(from: start, zone: berlin, notBefore: from, through: week, limit: 100, skippingAhead: false,
                plainRulesCounted: counted)
            #expect(entered.starts.map(\.description) == (22...25).map { "2037-01-\($0)T09:00:00" }, "counted: \(counted)")
            #expect(entered.starts == stepped.starts, "counted: \(counted)")
            #expect(entered.steps < 20, "counted: \(counted)")
            #expect(stepped.steps > 3_600, "counted: \(counted)")
        }
        // A rule that can start more than once a day keeps its COUNT, and is stepped.
        let twice = try Recurrence.parse("FREQ=DAILY;BYHOUR=9,15;COUNT=3650", zone: berlin)
        let twiceLast = try #require(twice.starts(from: start, zone: berlin, through: nil, limit: .max).last).instant(in: berlin)
        let near = twice.expand(from: start, zone: berlin, notBefore: twiceLast.addingTimeInterval(-3 * 86_400), through: nil,
            limit: 100, lastStart: twiceLast, skippingAhead: true)
        #expect(near.starts.count == 7)
        #expect(near.steps > 3_600)
    }

    @Test func occurrencesOfALongRunningSeriesAreTheWindowsOnes() async throws {
        // Meeting.occurrences skips ahead too, and still finds the one that began before the
        // window and runs into it.
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let meeting = try await f.meeting {
            $0.start = "2027-03-01T23:30"; $0.tz = "America/New_York"; $0.rrule = "FREQ=WEEKLY;BYDAY=MO,TH"
        }
        let zone = TimeZone(identifier: "America/New_York")!
        let from = LocalDateTime(year: 2033, month: 11, day: 1, hour: 0, minute: 10).instant(in: zone)  // a Tuesday
        // A week of wall-clock time, with the end of daylight saving time (November 6) inside it.
        let until = LocalDateTime(year: 2033, month: 11, day: 8, hour: 0, minute: 10).instant(in: zone)
        let found = meeting.occurrences(from: from, until: until)
        #expect(found.map(\.localStart.description) == ["2033-10-31T23:30:00", "2033-11-03T23:30:00", "2033-11-07T23:30:00"])
        // `meeting delete --occurrence` finds one years in by its day, and not a day it lacks.
        #expect(try OccurrenceMatcher.start(of: "2033-11-03", in: meeting).description == "2033-11-03T23:30:00")
        #expect(throws: CmschedError.self) { try OccurrenceMatcher.start(of: "2033-11-04", in: meeting) }
    }

    @Test func aCountEndingOnADayTheZoneSkippedIsSteppedAfterAll() throws {
        // Samoa skipped 30 December 2011: that day's 10:00 is read as the 31st's, the same instant
        // as the next occurrence, which the COUNT leaves out. The bound cannot tell them apart.
        let apia = TimeZone(identifier: "Pacific/Apia")!
        let rule = try Recurrence.parse("FREQ=DAILY;COUNT=6", zone: apia)
        let first = LocalDateTime(year: 2011, month: 12, day: 25, hour: 10)
        let every = rule.starts(from: first, zone: apia, through: nil, limit: .max)
        #expect(every.last?.description == "2011-12-30T10:00:00")
        let lastStart = try #require(every.last).instant(in: apia)
        #expect(lastStart == LocalDateTime(year: 2011, month: 12, day: 31, hour: 10).instant(in: apia))
        let from = LocalDateTime(year: 2011, month: 12, day: 29, hour: 0).instant(in: apia)
        // Through libical (a plain rule is counted, and never entered at a bound), and counted.
        for counted in [false, true] {
            let entered = rule.expand(from: first, zone: apia, notBefore: from, through: nil, limit: 10, lastStart: lastStart,
                skippingAhead: true, plainRulesCounted: counted)
            #expect(entered.starts.map(\.description) == ["2011-12-29T10:00:00", "2011-12-30T10:00:00"], "counted: \(counted)")
        }
    }

    @Test func aListingEntersACountedSeriesAtTheStoresWindow() async throws {
        // The store hands a COUNT series' window end to the listing. The last occurrence is
        // cancelled, so the window ends a day early, and the series' last week is still right.
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        var meeting = try await f.meeting { $0.start = "2027-01-29T09:00"; $0.rrule = "FREQ=DAILY;COUNT=1000" }
        meeting = try await f.service.cancelOccurrence(meeting, at: LocalDateTime(year: 2029, month: 10, day: 24, hour: 9))
        let open = try await f.meeting { $0.start = "2027-01-29T10:00"; $0.rrule = "FREQ=DAILY" }
        let from = LocalDateTime(year: 2029, month: 10, day: 20, hour: 0).instant(in: berlin)
        let until = from.addingTimeInterval(7 * 86_400)
        let scan = try await f.store.meetings(in: [.scheduled], from: from, until: until)
        #expect(Set(scan.meetings.map(\.id)) == [meeting.id, open.id])
        #expect(scan.lastEnds == [meeting.id: LocalDateTime(year: 2029, month: 10, day: 23, hour: 10).instant(in: berlin)])
        let stored = try #require(scan.meetings.first { $0.id == meeting.id })
        let listed = scan.occurrences(of: stored, from: from, until: until)
        #expect(listed.map(\.localStart.description) == (20...23).map { "2029-10-\($0)T09:00:00" })
        #expect(listed == meeting.occurrences(from: from, until: until))
    }

    @Test func plainRulesCountedGiveLibicalsOccurrences() throws {
        // Daily and weekly rules with nothing but INTERVAL, COUNT, UNTIL or WKST are counted, not
        // stepped through libical (`PlainRule`): random ones from 1990 to 2040 (month ends, 29
        // February, times a DST change skips or repeats), in zones with DST, half-hour steps,
        // across the date line and one that skipped a day, with windows from before the first to
        // years after, must give libical's starts, skipping ahead or not, with the store's last
        // start or not.
        let (rules, seed) = Self.propertyRun()
        var random = SplitMix64(seed: seed &+ 29)
        let zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia", "Pacific/Chatham", "UTC"]
        for _ in 0..<(rules * 4) {
            let frequency = Bool.random(using: &random) ? "DAILY" : "WEEKLY"
            let zone = TimeZone(identifier: zones.randomElement(using: &random)!)!
            var text = "FREQ=\(frequency);INTERVAL=\(Int.random(in: 1...6, using: &random))"
            switch Int.random(in: 0...3, using: &random) {
            case 0: text += ";COUNT=\(Int.random(in: 1...800, using: &random))"
            case 1: text += String(format: ";UNTIL=%04d%02d%02dT120000Z", Int.random(in: 1991...2045, using: &random),
                Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random))
            case 2: text += ";WKST=SU"
            default: break
            }
            let rule = try Recurrence.parse(text, zone: zone)
            #expect(PlainRule(icalrecurrencetype_from_string(rule.rule)) != nil, "\(rule.rule)")
            let year = Int.random(in: 1990...2040, using: &random), month = Int.random(in: 1...12, using: &random)
            let day = [1, 28, 29, 30, 31, Int.random(in: 2...27, using: &random)].randomElement(using: &random)!
            guard let date = LocalDateTime(date: String(format: "%04d-%02d-%02d", year, month, day)) else { continue }
            let start = LocalDateTime(year: date.year, month: date.month, day: date.day,
                hour: [0, 1, 2, 3, 23, Int.random(in: 4...22, using: &random)].randomElement(using: &random)!, minute: 30)
            let first = start.instant(in: zone)
            // The store's last start of a COUNT series: what a listing passes.
            let lastStart = rule.count == nil ? nil : rule.expand(
                from: start, zone: zone, notBefore: nil, through: nil, limit: .max, skippingAhead: false, plainRulesCounted: false
            ).starts.last?.instant(in: zone)
            // No window, one near the first occurrence, one anywhere, or one near the series' end.
            let end = lastStart ?? rule.until ?? first.addingTimeInterval(6 * 366 * 86_400)
            let notBefore: Date? = switch Int.random(in: 0...3, using: &random) {
            case 0: nil
            case 1: first.addingTimeInterval(Double.random(in: -3 * 86_400...(30 * 86_400), using: &random))
            case 2: first.addingTimeInterval(Double.random(in: -3 * 86_400...(6 * 366 * 86_400), using: &random))
            default: end.addingTimeInterval(Double.random(in: -60 * 86_400...(3 * 86_400), using: &random))
            }
            let through: Date? = Int.random(in: 0...5, using: &random) == 0
                ? nil : (notBefore ?? first).addingTimeInterval(Double.random(in: 0...(90 * 86_400), using: &random))
            let limit = notBefore == nil && through == nil ? Int.random(in: 1...900, using: &random) : Int.random(in: 1...60, using: &random)
            let skipping = Bool.random(using: &random)
            let counted = rule.expand(
                from: start, zone: zone, notBefore: notBefore, through: through, limit: limit, lastStart: lastStart, skippingAhead: skipping)
            let stepped = rule.expand(
                from: start, zone: zone, notBefore: notBefore, through: through, limit: limit, lastStart: lastStart, skippingAhead: skipping,
                plainRulesCounted: false)
            #expect(counted.starts == stepped.starts,
                "seed \(seed): \(rule.rule) from \(start) in \(zone.identifier), \(String(describing: notBefore)) to \(String(describing: through))")
        }
        // Anything else goes to libical.
        for other in ["FREQ=WEEKLY;BYDAY=MO", "FREQ=DAILY;BYHOUR=9,15", "FREQ=MONTHLY", "FREQ=YEARLY;COUNT=3", "FREQ=HOURLY;COUNT=5",
                      "FREQ=DAILY;BYMONTH=1", "FREQ=WEEKLY;BYSETPOS=1;BYDAY=MO,TU", "RSCALE=GREGORIAN;FREQ=DAILY"] {
            #expect(PlainRule(icalrecurrencetype_from_string(other)) == nil, "\(other)")
        }
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

@Suite("repeat rules in words")
struct RuleWordsTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    /// A Tuesday.
    static let start = LocalDateTime(year: 2026, month: 12, day: 15, hour: 10)

    @Test(arguments: [
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10", "every 2 weeks on Tuesday, 10 times"),
        ("FREQ=WEEKLY;COUNT=3", "every week on Tuesday, 3 times"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "every week on Monday, Wednesday and Friday, with no end"),
        ("FREQ=DAILY;COUNT=1", "every day, once"),
        ("FREQ=DAILY;INTERVAL=3;UNTIL=20270131T090000Z", "every 3 days, until 2027-01-31"),
        ("FREQ=MONTHLY;BYDAY=2TU;COUNT=6", "every month on the second Tuesday, 6 times"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Friday, with no end"),
        ("FREQ=MONTHLY;COUNT=4", "every month on the 15th, 4 times"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,-1;COUNT=4", "every month on the 1st and last day, 4 times"),
        ("FREQ=YEARLY;COUNT=2", "every year on December 15, 2 times"),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "every year on the last Sunday in March, with no end"),
        ("FREQ=WEEKLY;WKST=MO;COUNT=2", "every week on Tuesday, 2 times"),
    ])
    func aRuleReadsAsAPersonWouldSayIt(rule: String, words: String) throws {
        #expect(RuleWords.describe(try Recurrence.parse(rule, zone: Self.berlin), start: Self.start, zone: Self.berlin) == words)
    }

    @Test func aPartWithoutWordsIsShownAsTheRuleItself() throws {
        let rule = try Recurrence.parse("FREQ=WEEKLY;BYSETPOS=1;BYDAY=MO,TU;COUNT=3", zone: Self.berlin)
        let words = RuleWords.describe(rule, start: Self.start, zone: Self.berlin)
        #expect(words.hasPrefix("every week on Monday and Tuesday, 3 times (RRULE "), "\(words)")
        #expect(words.contains("BYSETPOS=1"), "\(words)")
    }
}
