import Foundation
import Testing

@testable import SchedulerKit

@Suite("meeting fields and bulk input")
struct MeetingFieldsTests {
    var base: MeetingFields {
        var fields = MeetingFields()
        fields.name = "Weekly sync"
        fields.organizer = "saiacano@s.com"
        fields.template = "CoSpaceTemp-Scheduler"
        fields.start = "2026-12-01T09:00"
        fields.duration = "1h30m"
        fields.tz = "Europe/Berlin"
        return fields
    }

    @Test func aValidMeeting() throws {
        var fields = base
        fields.attendees = "gogi@s.com=ExternalAccessMeth; IVRman@s.com"
        let draft = try fields.draft(defaultZone: .current)
        #expect(draft.duration == 5_400)
        #expect(draft.attendees == [
            AttendeeDraft(email: "gogi@s.com", role: "ExternalAccessMeth"), AttendeeDraft(email: "ivrman@s.com", role: nil),
        ])
        #expect(draft.space == .template("CoSpaceTemp-Scheduler"))
    }

    @Test func anOffsetTimeIsConvertedToTheZone() throws {
        var fields = base
        fields.start = "2026-12-01T08:00:00Z"
        #expect(try fields.draft(defaultZone: .current).start.hour == 9)
    }

    @Test(arguments: [
        ("end", "2026-12-01T08:00", "field end: must be after start"),
        ("duration", "0m", "field duration: must be more than zero"),
        ("duration", "-1h", "field duration: '-1h' is not a duration"),
        ("tz", "Mars/Olympus", "field tz: 'Mars/Olympus' is not a time zone tzdata knows"),
        ("rrule", "FREQ=FORTNIGHTLY", "field rrule:"),
        ("attendees", "not-an-email", "field attendees: 'not-an-email' is not an email address"),
        ("organizer", "", "field organizer: missing"),
        ("start", "someday", "field start: 'someday' is not a time; use 2026-12-08T10:00"),
        ("start", "tomorrow", "field start: 'tomorrow' is a day; give a time of day too"),
        ("repeat", "hourly", "field repeat:"),
        ("count", "3", "field count: only with repeat"),
        // Series with no occurrence: days that never come, a rule libical cannot expand, an end before the start.
        ("rrule", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "field rrule: the series has no occurrence from its start 2026-12-01T09:00:00 on"),
        ("rrule", "FREQ=DAILY;BYMONTHDAY=-1", "field rrule: the series has no occurrence"),
        ("rrule", "FREQ=WEEKLY;UNTIL=20261130T000000Z", "field rrule: the series has no occurrence"),
        ("until", "2026-11-30", "field repeat: the series has no occurrence"),
    ])
    func badFieldsAreNamed(field: String, value: String, message: String) throws {
        var fields = base
        if field == "end" { fields.duration = nil }
        try fields.set(field, value)
        if field == "organizer" { fields.organizer = nil }
        if field == "until" { fields.repeat = "daily" }
        #expect {
            try fields.draft(defaultZone: .current)
        } throws: { error in
            (error as? CmschedError)?.message.hasPrefix(message) == true
        }
    }

    @Test func csvHandlesQuotesCRLFAndBOM() throws {
        let text = "\u{FEFF}name,attendees\r\n\"Board, \"\"Q4\"\"\",\"a@b.com=x;\r\nc@d.com\"\r\n\r\nplain,e@f.com\r\n"
        let records = try CSVReader<TextBytes>.records(text, source: "in.csv")
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records[1].fields == ["Board, \"Q4\"", "a@b.com=x;\r\nc@d.com"])
        #expect(records[2].fields == ["plain", "e@f.com"])
    }

    @Test func anUnbalancedQuoteNamesItsLine() {
        #expect(throws: CmschedError.badInput("in.csv:3: unbalanced quote (the field never ends)")) {
            try CSVReader<TextBytes>.records("name\nok\n\"broken,\nmore\n", source: "in.csv")
        }
    }

    @Test func wrongColumnCountFailsOnlyThatRow() throws {
        let rows = Array(try BulkInput.rows(Data("name,start\nA,2026-12-01T09:00\nB\n".utf8), source: "m.csv", defaults: MeetingFields()))
        #expect(rows.count == 2)
        guard case .failure(let error) = rows[1].fields else { Issue.record("row 3 accepted"); return }
        #expect(error.message == "m.csv:3: 1 fields, the header has 2")
    }

    @Test func aBrokenQuoteOnTheLastLineFailsTheWholeInputBeforeAnyRowIsRead() {
        var csv = "name,start\n"
        for i in 1...50 { csv += "M\(i),2030-01-01T09:00\n" }
        csv += "\"never closed,2030-01-01T09:00\n"
        #expect(throws: CmschedError.badInput("m.csv:52: unbalanced quote (the field never ends)")) {
            _ = try BulkInput.rows(Data(csv.utf8), source: "m.csv", defaults: MeetingFields())
        }
    }

    @Test func unknownColumnsAreRefused() {
        #expect(throws: CmschedError.self) { try BulkInput.rows(Data("name,colour\nA,red\n".utf8), source: "m.csv", defaults: MeetingFields()) }
    }

    @Test func jsonLinesTakeTheSameFieldsAndFlagDefaults() throws {
        var defaults = MeetingFields()
        defaults.tz = "Europe/Berlin"
        defaults.organizer = "saiacano@s.com"
        let text = """
            {"name": "A", "start": "2026-12-01T09:00", "duration": "1h", "template": "T", "count": 3, "repeat": "daily"}

            {"name": "B", "attendees": ["x@y.com=host"], "organizer": "gogi@s.com"}
            not json
            """
        let rows = Array(try BulkInput.rows(Data(text.utf8), source: "m.jsonl", defaults: defaults))
        #expect(rows.map(\.line) == [1, 3, 4])
        let first = try rows[0].fields.get()
        #expect(first.count == "3")
        #expect(first.tz == "Europe/Berlin")
        #expect(try rows[1].fields.get().attendees == "x@y.com=host")
        #expect(try rows[1].fields.get().organizer == "gogi@s.com")
        guard case .failure(let error) = rows[2].fields else { Issue.record("bad line accepted"); return }
        #expect(error.message.hasPrefix("m.jsonl:4:"))
    }

    @Test func rowsWithoutAKeyAreKeyedByTheirContent() throws {
        let once = Array(try BulkInput.rows(Data("name,start\nA,2026-12-01T09:00\n".utf8), source: "a", defaults: MeetingFields()))
        let again = Array(try BulkInput.rows(Data("name,start\nZ,2026-12-02T09:00\nA,2026-12-01T09:00\n".utf8), source: "b", defaults: MeetingFields()))
        #expect(once[0].key == again[1].key)
        #expect(once[0].key != again[0].key)
    }
}

/// Repeat rules read strictly and series held to `SeriesLimits`, on every path that builds a
/// meeting from fields (CLI, CSV, JSON lines, HTTPS, C2W).
@Suite("repeat rules: strict syntax and series limits")
struct SeriesLimitTests {
    let zone = TimeZone(identifier: "Europe/Berlin")!

    @Test(arguments: [
        ("FREQ=DAILY;;;BYDAY=XX;INTERVAL=-5;COUNT=abc", "part 2 '' is not NAME=VALUE"),
        ("FREQ=DAILY;COUNT=abc", "part 2: COUNT=ABC is not a valid value"),
        ("FREQ=DAILY;INTERVAL=0", "part 2: INTERVAL=0 is not a valid value"),
        ("FREQ=DAILY;INTERVAL=-5", "INTERVAL=-5 is not a valid value"),
        ("FREQ=DAILY;BYDAY=XX", "BYDAY=XX is not a valid value"),
        ("FREQ=DAILY;BYMONTHDAY=0", "BYMONTHDAY=0 is not a valid value"),
        ("FREQ=DAILY;FREQ=WEEKLY", "part 2: FREQ is given twice"),
        ("FREQ=DAILY;FOO=1", "part 2: FOO is not a part of an RFC 5545 rule"),
        ("INTERVAL=2", "FREQ is missing"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20300101", "give COUNT or UNTIL, not both"),
        ("FREQ=DAILY;UNTIL=2030-01-01", "UNTIL=2030-01-01 is not a valid value"),
        ("FREQ=HOURLY;BYSECOND=0,10,20,30,40,50", "up to 144 occurrences a day"),
        ("FREQ=DAILY;BYHOUR=1,2,3,4,5,6,7,8,9,10,11,12,13;BYMINUTE=0,30", "up to 26 occurrences a day"),
        ("FREQ=MINUTELY", "up to 1440 occurrences a day"),
    ])
    func aRuleOutsideRFC5545OrMoreThanHourlyIsRefusedNamingThePart(rule: String, message: String) throws {
        #expect {
            try Recurrence.parse(rule, zone: zone)
        } throws: { ($0 as? CmschedError).map { $0.message.hasPrefix("rrule '\(rule)': ") && $0.message.contains(message) } == true }
    }

    @Test func whatRFC5545AllowsIsStillRead() throws {
        for rule in ["FREQ=WEEKLY;BYDAY=MO,-1FR,+2TU;WKST=SU", "freq=monthly;bymonthday=-1", "FREQ=DAILY;",
                     "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=20300301T000000Z", "FREQ=HOURLY;INTERVAL=2;COUNT=10",
                     "FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0,30"] {
            #expect(throws: Never.self, "\(rule)") { try Recurrence.parse(rule, zone: zone) }
        }
    }

    private func draft(start: String = "2026-12-01T09:00", _ set: (inout MeetingFields) -> Void) throws -> MeetingDraft {
        var fields = MeetingFields()
        fields.name = "Stand-up"
        fields.organizer = "saiacano@s.com"
        fields.template = "CoSpaceTemp-Scheduler"
        fields.start = start
        fields.duration = "15m"
        fields.tz = "Europe/Berlin"
        set(&fields)
        return try fields.draft(defaultZone: .gmt)
    }

    @Test func aSeriesHasAtMost2000OccurrencesWithin5YearsAndAnHourlyOneAnEnd() throws {
        #expect(throws: Never.self) { try draft { $0.repeat = "weekly"; $0.count = "260" } }
        #expect(throws: Never.self) { try draft { $0.repeat = "daily" } }
        #expect(throws: Never.self) { try draft { $0.rrule = "FREQ=DAILY;UNTIL=20311130T000000Z" } }
        let refused: [((inout MeetingFields) -> Void, String)] = [
            ({ $0.repeat = "daily"; $0.count = "2001" }, "field count: 2001 occurrences; a series has at most 2000"),
            ({ $0.repeat = "daily"; $0.count = "1900" }, "field count: 1900 occurrences would run past 5 years"),
            ({ $0.repeat = "yearly"; $0.until = "2035-01-01" }, "field until: a series may run at most 5 years"),
            ({ $0.rrule = "FREQ=HOURLY;COUNT=1500000" }, "field count: 1500000 occurrences; a series has at most 2000"),
            ({ $0.rrule = "FREQ=HOURLY" }, "field rrule: an hourly series needs COUNT or UNTIL"),
        ]
        for (set, message) in refused {
            #expect(throws: CmschedError.self, "\(message)") { try draft(set) }
            do { _ = try draft(set) } catch let error as CmschedError { #expect(error.message.hasPrefix(message), "\(error.message)") }
        }
    }
}
